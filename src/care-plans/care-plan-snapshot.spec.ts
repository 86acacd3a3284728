import { CarePlanActionKind, CarePlanActionStatus, CarePlanParticipantKind, CarePlanPublishRequirement as R } from './care-plan.enums';
import { CarePlanSnapshot, participantOrganisations, publishBlockers, redactIdentity, versionInForceAt } from './care-plan-snapshot';

const org = (id: string, organisationId: string) => ({
  id,
  kind: CarePlanParticipantKind.ORGANISATION,
  organisationId,
  staffId: null,
  name: null,
  relation: null,
  attended: true,
});

const complete = (): CarePlanSnapshot => ({
  reason: 'r',
  goals: [{ id: 'g', text: 'Bo kvar hemma' }],
  needs: [],
  actions: [
    {
      id: 'a',
      description: 'd',
      kind: CarePlanActionKind.NEXT_OF_KIN,
      responsibleOrganisationId: null,
      responsibleStaffId: null,
      performedBy: 'Karin (dotter)',
      startDate: '2026-03-01',
      endDate: null,
      status: CarePlanActionStatus.PLANNED,
    },
  ],
  participants: [
    org('p1', 'A'),
    org('p2', 'B'),
    { id: 'p3', kind: CarePlanParticipantKind.STAFF, organisationId: 'A', staffId: 's', name: null, relation: null, attended: null },
    { id: 'p4', kind: CarePlanParticipantKind.NEXT_OF_KIN, organisationId: null, staffId: null, name: 'Karin', relation: 'dotter', attended: true },
  ],
  overallResponsibleOrganisationId: 'A',
  coordinatorStaffId: 's',
  nextFollowUpDate: '2026-06-02',
});

describe('publishBlockers', () => {
  const ok = { sipConsent: true, today: '2026-06-01' };

  it('is empty for a complete plan with consent and a future follow-up', () => {
    expect(publishBlockers(complete(), ok)).toEqual([]);
  });

  it.each([
    ['no consent', (s: CarePlanSnapshot) => s, { ...ok, sipConsent: false }, [R.SIP_CONSENT]],
    ['one organisation', (s: CarePlanSnapshot) => ({ ...s, participants: s.participants.filter((p) => p.id !== 'p2') }), ok, [R.TWO_ORGANISATIONS]],
    ['no overall responsibility', (s: CarePlanSnapshot) => ({ ...s, overallResponsibleOrganisationId: null }), ok, [R.OVERALL_RESPONSIBILITY]],
    ['no goal', (s: CarePlanSnapshot) => ({ ...s, goals: [] }), ok, [R.GOAL]],
    ['no action', (s: CarePlanSnapshot) => ({ ...s, actions: [] }), ok, [R.ACTION]],
    ['follow-up today', (s: CarePlanSnapshot) => ({ ...s, nextFollowUpDate: '2026-06-01' }), ok, [R.FUTURE_FOLLOW_UP]],
    ['no follow-up date', (s: CarePlanSnapshot) => ({ ...s, nextFollowUpDate: null }), ok, [R.FUTURE_FOLLOW_UP]],
  ] as const)('names exactly what is missing: %s', (_name, change, ctx, expected) => {
    expect(publishBlockers(change(complete()), ctx)).toEqual(expected);
  });

  it('counts organisations, not staff members of one organisation', () => {
    const s = complete();
    s.participants = [org('p1', 'A'), { ...s.participants[2] }, { ...s.participants[2], id: 'p5', staffId: 's2' }];
    expect(publishBlockers(s, ok)).toEqual([R.TWO_ORGANISATIONS]);
    expect(participantOrganisations(s)).toEqual(['A']);
  });

  it('lists every missing requirement at once, in a fixed order', () => {
    const empty: CarePlanSnapshot = { ...complete(), goals: [], actions: [], participants: [], overallResponsibleOrganisationId: null, nextFollowUpDate: null };
    expect(publishBlockers(empty, { sipConsent: false, today: '2026-06-01' })).toEqual([
      R.SIP_CONSENT,
      R.TWO_ORGANISATIONS,
      R.OVERALL_RESPONSIBILITY,
      R.GOAL,
      R.ACTION,
      R.FUTURE_FOLLOW_UP,
    ]);
  });
});

describe('versionInForceAt', () => {
  const versions = [
    { number: 1, publishedAt: new Date('2026-02-12T14:00:00Z') },
    { number: 2, publishedAt: new Date('2026-09-15T12:00:00Z') },
  ];
  it('is null before the first version and the latest version published at or before the instant after', () => {
    expect(versionInForceAt(versions, new Date('2026-02-12T13:59:59Z'), null)).toBeNull();
    expect(versionInForceAt(versions, new Date('2026-02-12T14:00:00Z'), null)).toBe(1);
    expect(versionInForceAt(versions, new Date('2026-03-03T10:00:00Z'), null)).toBe(1);
    expect(versionInForceAt(versions, new Date('2026-09-15T12:00:00Z'), null)).toBe(2);
  });
  it('is null once the plan was closed', () => {
    expect(versionInForceAt(versions, new Date('2026-10-01T00:00:00Z'), new Date('2026-10-01T00:00:00Z'))).toBeNull();
    expect(versionInForceAt(versions, new Date('2026-09-30T23:59:59Z'), new Date('2026-10-01T00:00:00Z'))).toBe(2);
  });
});

describe('redactIdentity', () => {
  it('withholds next of kin names and who does next-of-kin actions, and nothing else', () => {
    const s = complete();
    const r = redactIdentity(s, false);
    expect(r.participants.find((p) => p.kind === 'NEXT_OF_KIN')).toMatchObject({ name: null, relation: null, attended: true });
    expect(r.actions[0].performedBy).toBeNull();
    expect(r.participants.filter((p) => p.kind !== 'NEXT_OF_KIN')).toEqual(s.participants.filter((p) => p.kind !== 'NEXT_OF_KIN'));
    expect(redactIdentity(s, true)).toBe(s);
  });
});
