import { CarePlanActionKind, CarePlanActionStatus, CarePlanParticipantKind } from './care-plan.enums';
import { applyDraftUpdate, DraftFacts, referencedIds, validateDraft } from './care-plan-draft';
import { ActionSnapshot, CarePlanSnapshot } from './care-plan-snapshot';
import { UpdateCarePlanDraftInput } from './dto/care-plan.input';

const ORG = { kind: CarePlanParticipantKind.ORGANISATION, staffId: null, name: null, relation: null, attended: null };

const current = (): CarePlanSnapshot => ({
  reason: 'r',
  goals: [{ id: 'g1', text: 'Bo kvar hemma' }],
  needs: [],
  actions: [],
  participants: [{ id: 'p1', organisationId: 'A', ...ORG }],
  overallResponsibleOrganisationId: null,
  coordinatorStaffId: null,
  nextFollowUpDate: null,
});

const input = (over: Partial<UpdateCarePlanDraftInput>): UpdateCarePlanDraftInput =>
  ({ carePlanId: 'plan', expectedVersion: 1, ...over }) as UpdateCarePlanDraftInput;

let n = 0;
const newId = () => `new-${++n}`;

const facts: DraftFacts = {
  knownOrganisationIds: new Set(['A', 'B']),
  staffOrganisations: new Map([
    ['sA', new Set(['A'])],
    ['sB', new Set(['B'])],
  ]),
  actorOrganisationId: 'A',
};

const action = (over: Partial<ActionSnapshot>): Omit<ActionSnapshot, 'id'> => ({
  description: 'd',
  kind: CarePlanActionKind.HEALTH_CARE,
  responsibleOrganisationId: null,
  responsibleStaffId: null,
  performedBy: null,
  startDate: '2026-03-01',
  endDate: null,
  status: CarePlanActionStatus.PLANNED,
  ...over,
});

describe('applyDraftUpdate', () => {
  beforeEach(() => (n = 0));

  it('leaves omitted fields alone and replaces lists that are given, keeping ids passed back', () => {
    const p = applyDraftUpdate(current(), input({ goals: [{ id: 'g1', text: 'Bo kvar hemma med Sigge' }, { text: 'Gå till brevlådan' }] }), newId);
    expect(p.errors).toEqual([]);
    expect(p.lists).toEqual(['goals']);
    expect(p.given).toEqual(new Set(['carePlanId', 'expectedVersion', 'goals']));
    expect(p.next.goals).toEqual([
      { id: 'g1', text: 'Bo kvar hemma med Sigge' },
      { id: 'new-1', text: 'Gå till brevlådan' },
    ]);
    expect(p.next.participants).toEqual(current().participants);
    expect(p.next.reason).toBe('r');
  });

  it('clears a scalar given as null, and refuses ids that are not the draft’s or appear twice', () => {
    const base = { ...current(), overallResponsibleOrganisationId: 'A' };
    const p = applyDraftUpdate(
      base,
      input({
        overallResponsibleOrganisationId: null,
        goals: [
          { id: 'g1', text: 'x' },
          { id: 'g1', text: 'y' },
          { id: 'nope', text: 'z' },
        ],
      }),
      newId,
    );
    expect(p.next.overallResponsibleOrganisationId).toBeNull();
    expect(p.errors).toEqual([
      { field: 'input.goals.1.id', message: 'appears twice' },
      { field: 'input.goals.2.id', message: 'is not an item of this draft; leave it out for a new one' },
    ]);
  });
});

describe('validateDraft', () => {
  const given = (...f: string[]) => new Set(f);

  it('accepts a consistent draft', () => {
    const s: CarePlanSnapshot = {
      ...current(),
      participants: [
        { id: 'p1', organisationId: 'A', ...ORG },
        { id: 'p2', organisationId: 'B', ...ORG },
        { id: 'p3', kind: CarePlanParticipantKind.STAFF, organisationId: 'B', staffId: 'sB', name: null, relation: null, attended: true },
        { id: 'p4', kind: CarePlanParticipantKind.PATIENT, organisationId: null, staffId: null, name: null, relation: null, attended: true },
        { id: 'p5', kind: CarePlanParticipantKind.NEXT_OF_KIN, organisationId: null, staffId: null, name: 'Karin', relation: 'dotter', attended: true },
      ],
      actions: [
        { id: 'a1', ...action({ responsibleOrganisationId: 'B', responsibleStaffId: 'sB', performedBy: null, endDate: null }) },
        {
          id: 'a2',
          ...action({ kind: CarePlanActionKind.NEXT_OF_KIN, responsibleOrganisationId: null, responsibleStaffId: null, performedBy: 'Karin', endDate: null }),
        },
      ],
      overallResponsibleOrganisationId: 'A',
      coordinatorStaffId: 'sB',
    };
    expect(validateDraft(s, given('participants', 'actions'), facts)).toEqual([]);
    expect(referencedIds(s)).toEqual({ organisationIds: ['A', 'B'], staffIds: ['sB'] });
  });

  it('names the input field of each inconsistency', () => {
    const s: CarePlanSnapshot = {
      ...current(),
      participants: [
        { id: 'p1', organisationId: 'A', ...ORG },
        { id: 'p2', organisationId: 'X', ...ORG },
        { id: 'p3', kind: CarePlanParticipantKind.STAFF, organisationId: 'A', staffId: 'sB', name: null, relation: null, attended: null },
        { id: 'p4', kind: CarePlanParticipantKind.NEXT_OF_KIN, organisationId: null, staffId: null, name: null, relation: null, attended: null },
      ],
      actions: [{ id: 'a1', ...action({ responsibleOrganisationId: 'B', responsibleStaffId: null, performedBy: null, endDate: '2026-02-01' }) }],
      overallResponsibleOrganisationId: 'B',
    };
    expect(validateDraft(s, given('participants', 'actions', 'overallResponsibleOrganisationId'), facts)).toEqual([
      { field: 'input.participants.1.organisationId', message: 'is not a known organisation' },
      { field: 'input.participants.3.name', message: 'is required for a NEXT_OF_KIN participant' },
      { field: 'input.participants.2.staffId', message: 'must hold an assignment in the organisation they represent' },
      { field: 'input.overallResponsibleOrganisationId', message: 'must be a participating organisation' },
      { field: 'input.actions.0.responsibleOrganisationId', message: 'must be a participating organisation' },
      { field: 'input.actions.0.endDate', message: 'cannot be before the start date' },
    ]);
  });

  it('blames the participants list when removing an organisation breaks existing references', () => {
    const s: CarePlanSnapshot = {
      ...current(),
      actions: [{ id: 'a1', ...action({ responsibleOrganisationId: 'B', responsibleStaffId: null, performedBy: null, endDate: null }) }],
      overallResponsibleOrganisationId: 'B',
    };
    expect(validateDraft(s, given('participants'), facts)).toEqual([{ field: 'input.participants', message: 'must be a participating organisation' }]);
  });

  it('refuses a draft without the actor’s own organisation, and an organisation action without an organisation', () => {
    const s: CarePlanSnapshot = {
      ...current(),
      participants: [{ id: 'p2', organisationId: 'B', ...ORG }],
      actions: [{ id: 'a1', ...action({ responsibleOrganisationId: null, responsibleStaffId: null, performedBy: null, endDate: null }) }],
    };
    expect(validateDraft(s, given('participants', 'actions'), facts).map((e) => e.field)).toEqual([
      'input.participants',
      'input.actions.0.responsibleOrganisationId',
    ]);
  });

  it('refuses the patient twice and an organisation twice', () => {
    const patient = { kind: CarePlanParticipantKind.PATIENT, organisationId: null, staffId: null, name: null, relation: null, attended: null };
    const s: CarePlanSnapshot = {
      ...current(),
      participants: [
        { id: 'p1', organisationId: 'A', ...ORG },
        { id: 'p2', organisationId: 'A', ...ORG },
        { id: 'p3', ...patient },
        { id: 'p4', ...patient },
      ],
    };
    expect(validateDraft(s, given('participants'), facts)).toEqual([
      { field: 'input.participants.1.organisationId', message: 'is already a participant' },
      { field: 'input.participants.3.kind', message: 'the patient takes part once' },
    ]);
  });
});
