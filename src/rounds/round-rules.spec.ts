import { RoundStatus } from './round.entity';
import { allows, normaliseParticipating, requireState, ROUND_ACTIONS, roundOrganisations, takesPart } from './round-rules';

const { PLANNED, IN_PROGRESS, COMPLETED, CANCELLED } = RoundStatus;

describe('the round state machine', () => {
  it('goes PLANNED → IN_PROGRESS → COMPLETED, or PLANNED → CANCELLED, and nowhere else', () => {
    const table = Object.fromEntries(Object.values(RoundStatus).map((s) => [s, (['start', 'complete', 'cancel'] as const).filter((a) => allows(s, a))]));
    expect(table).toEqual({ PLANNED: ['start', 'cancel'], IN_PROGRESS: ['complete'], COMPLETED: [], CANCELLED: [] });
    expect([ROUND_ACTIONS.start.to, ROUND_ACTIONS.complete.to, ROUND_ACTIONS.cancel.to]).toEqual([IN_PROGRESS, COMPLETED, CANCELLED]);
  });

  it('allows agenda and notes before and during the round, decisions only during it', () => {
    for (const a of ['addAgendaItem', 'removeAgendaItem', 'editNotes', 'suggest'] as const) {
      expect([PLANNED, IN_PROGRESS, COMPLETED, CANCELLED].map((s) => allows(s, a))).toEqual([true, true, false, false]);
    }
    expect([PLANNED, IN_PROGRESS, COMPLETED, CANCELLED].map((s) => allows(s, 'recordDecision'))).toEqual([false, true, false, false]);
  });

  it('refuses naming the current state: CONFLICT when the round has moved past the action, PRECONDITION_FAILED when a step comes first', () => {
    const refusal = (status: RoundStatus, action: Parameters<typeof requireState>[1]) => {
      try {
        requireState({ status }, action);
      } catch (e) {
        return (e as { extensions: Record<string, unknown> }).extensions;
      }
      return null;
    };
    expect(() => requireState({ status: COMPLETED }, 'editNotes')).toThrow(/COMPLETED/);
    expect(refusal(CANCELLED, 'start')).toMatchObject({ code: 'CONFLICT', status: CANCELLED });
    expect(refusal(IN_PROGRESS, 'start')).toMatchObject({ code: 'CONFLICT', status: IN_PROGRESS });
    expect(refusal(PLANNED, 'recordDecision')).toMatchObject({ code: 'PRECONDITION_FAILED', status: PLANNED });
    expect(refusal(PLANNED, 'complete')).toMatchObject({ code: 'PRECONDITION_FAILED', status: PLANNED });
    expect(refusal(PLANNED, 'start')).toBeNull();
  });
});

describe('round organisations', () => {
  const a = 'aaaaaaaa-0000-4000-8000-000000000001';
  const b = 'bbbbbbbb-0000-4000-8000-000000000002';
  const c = 'cccccccc-0000-4000-8000-000000000003';

  it('stores the participating organisations sorted, without duplicates or the organiser', () => {
    expect(normaliseParticipating(a, [c, b.toUpperCase(), a, c])).toEqual([b, c]);
    expect(normaliseParticipating(a, [a])).toEqual([]);
  });

  it('lets the organiser and the participating organisations take part, nobody else', () => {
    const round = { organiserId: a, participatingOrganisationIds: [b] };
    expect(roundOrganisations(round)).toEqual([a, b]);
    expect([a, b, c].map((o) => takesPart(round, o))).toEqual([true, true, false]);
  });
});
