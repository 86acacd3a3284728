import { conflict, preconditionFailed } from '../common/errors';
import { Round, RoundStatus } from './round.entity';

const { PLANNED, IN_PROGRESS, COMPLETED, CANCELLED } = RoundStatus;

/** What can be done to a round, and in which states. */
export const ROUND_ACTIONS = {
  start: { from: [PLANNED], to: IN_PROGRESS, says: 'Only a planned round can be started' },
  complete: { from: [IN_PROGRESS], to: COMPLETED, says: 'Only a round in progress can be completed' },
  cancel: { from: [PLANNED], to: CANCELLED, says: 'Only a planned round can be cancelled' },
  suggest: { from: [PLANNED, IN_PROGRESS], says: 'Suggestions are for rounds not yet held' },
  addAgendaItem: { from: [PLANNED, IN_PROGRESS], says: 'Patients are put on the agenda before or during the round' },
  removeAgendaItem: { from: [PLANNED, IN_PROGRESS], says: 'The agenda of a completed or cancelled round is kept as it was' },
  editNotes: { from: [PLANNED, IN_PROGRESS], says: 'Notes are written before and during the round; a completed round is the record' },
  recordDecision: { from: [IN_PROGRESS], says: 'Decisions are recorded while the round is in progress' },
} as const satisfies Record<string, { from: readonly RoundStatus[]; to?: RoundStatus; says: string }>;

export type RoundAction = keyof typeof ROUND_ACTIONS;

export function allows(status: RoundStatus, action: RoundAction): boolean {
  return (ROUND_ACTIONS[action].from as readonly RoundStatus[]).includes(status);
}

/** Where each status stands in a round's life: a round only moves forward. */
const STAGE: Record<RoundStatus, number> = { [PLANNED]: 0, [IN_PROGRESS]: 1, [COMPLETED]: 2, [CANCELLED]: 2 };

/**
 * Refuses an action the round's state does not allow, with the current status: CONFLICT when the
 * round has already moved past it (someone started, completed or cancelled it: reload),
 * PRECONDITION_FAILED when a step must come first (start the round before recording decisions).
 */
export function requireState(round: Pick<Round, 'status'>, action: RoundAction): void {
  if (allows(round.status, action)) return;
  const movedOn = STAGE[round.status] > Math.max(...ROUND_ACTIONS[action].from.map((s) => STAGE[s]));
  throw (movedOn ? conflict : preconditionFailed)(`${ROUND_ACTIONS[action].says} (the round is ${round.status})`, { status: round.status });
}

/** The organisations of a round: the organiser first, then the participating ones. */
export function roundOrganisations(round: Pick<Round, 'organiserId' | 'participatingOrganisationIds'>): string[] {
  return [round.organiserId, ...round.participatingOrganisationIds];
}

/** Staff of the organiser and of the participating organisations may read and work in a round. */
export function takesPart(round: Pick<Round, 'organiserId' | 'participatingOrganisationIds'>, organisationId: string): boolean {
  return roundOrganisations(round).includes(organisationId);
}

/** Stored sorted and without duplicates or the organiser, so "the same organisations" is equality. */
export function normaliseParticipating(organiserId: string, ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))].filter((id) => id !== organiserId).sort();
}
