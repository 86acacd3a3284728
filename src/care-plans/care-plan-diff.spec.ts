import { CarePlanActionKind, CarePlanActionStatus, CarePlanParticipantKind } from './care-plan.enums';
import { diffCarePlans, diffItems } from './care-plan-diff';
import { ActionSnapshot, CarePlanSnapshot } from './care-plan-snapshot';

const action = (id: string, over: Partial<ActionSnapshot> = {}): ActionSnapshot => ({
  id,
  description: `action ${id}`,
  kind: CarePlanActionKind.HEALTH_CARE,
  responsibleOrganisationId: 'org-a',
  responsibleStaffId: null,
  performedBy: null,
  startDate: '2026-03-01',
  endDate: null,
  status: CarePlanActionStatus.PLANNED,
  ...over,
});

const plan = (over: Partial<CarePlanSnapshot> = {}): CarePlanSnapshot => ({
  reason: 'Needs both principals',
  goals: [
    { id: 'g1', text: 'Bo kvar hemma' },
    { id: 'g2', text: 'Gå till brevlådan' },
  ],
  needs: [{ id: 'n1', text: 'Tillsyn' }],
  actions: [action('a1'), action('a2')],
  participants: [{ id: 'p1', kind: CarePlanParticipantKind.ORGANISATION, organisationId: 'org-a', staffId: null, name: null, relation: null, attended: null }],
  overallResponsibleOrganisationId: 'org-a',
  coordinatorStaffId: null,
  nextFollowUpDate: '2026-06-01',
  ...over,
});

describe('diffItems', () => {
  it('matches items by id and reports added, removed and changed fields', () => {
    const d = diffItems(
      [
        { id: '1', text: 'a', n: 1 },
        { id: '2', text: 'b', n: 2 },
      ],
      [
        { id: '2', text: 'B', n: 2 },
        { id: '3', text: 'c', n: 3 },
      ],
    );
    expect(d.added.map((i) => i.id)).toEqual(['3']);
    expect(d.removed.map((i) => i.id)).toEqual(['1']);
    expect(d.changed).toEqual([{ before: { id: '2', text: 'b', n: 2 }, after: { id: '2', text: 'B', n: 2 }, changedFields: ['text'] }]);
  });

  it('does not count a move within the list, or undefined versus null, as a change', () => {
    const d = diffItems(
      [
        { id: '1', x: null as string | null | undefined },
        { id: '2', x: 'y' },
      ],
      [
        { id: '2', x: 'y' },
        { id: '1', x: undefined },
      ],
    );
    expect(d).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('diffCarePlans', () => {
  it('is empty for identical plans', () => {
    const d = diffCarePlans(plan(), plan());
    expect(d.changedFields).toEqual([]);
    for (const k of ['goals', 'needs', 'actions', 'participants'] as const) expect(d[k]).toEqual({ added: [], removed: [], changed: [] });
  });

  it('reports goals and actions added, changed and removed, and plan-level fields', () => {
    const before = plan();
    const after = plan({
      goals: [
        { id: 'g2', text: 'Gå till brevlådan med rollator' },
        { id: 'g3', text: 'Träffa barnbarnen' },
      ],
      actions: [action('a1', { status: CarePlanActionStatus.ONGOING, endDate: '2026-09-01' }), action('a2'), action('a3')],
      nextFollowUpDate: '2026-09-01',
      coordinatorStaffId: 'staff-1',
    });
    const d = diffCarePlans(before, after);
    expect(d.changedFields).toEqual(['coordinatorStaffId', 'nextFollowUpDate']);
    expect(d.goals.added.map((g) => g.id)).toEqual(['g3']);
    expect(d.goals.removed.map((g) => g.id)).toEqual(['g1']);
    expect(d.goals.changed.map((c) => [c.after.id, c.changedFields])).toEqual([['g2', ['text']]]);
    expect(d.actions.added.map((a) => a.id)).toEqual(['a3']);
    expect(d.actions.removed).toEqual([]);
    expect(d.actions.changed.map((c) => [c.before.status, c.after.status, c.changedFields])).toEqual([['PLANNED', 'ONGOING', ['endDate', 'status']]]);
  });

  it('treats everything as added when there is no earlier version', () => {
    const d = diffCarePlans(null, plan());
    expect(d.goals.added).toHaveLength(2);
    expect(d.actions.added).toHaveLength(2);
    expect(d.changedFields).toEqual(['reason', 'overallResponsibleOrganisationId', 'nextFollowUpDate']);
  });
});
