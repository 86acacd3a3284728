import { ActionSnapshot, CarePlanSnapshot, GoalSnapshot, NeedSnapshot, ParticipantSnapshot } from './care-plan-snapshot';

export interface ItemChange<T> {
  before: T;
  after: T;
  /** Names of the fields that differ, e.g. ["description", "status"]. */
  changedFields: string[];
}

export interface ItemDiff<T> {
  added: T[];
  removed: T[];
  changed: ItemChange<T>[];
}

export interface CarePlanDiff {
  /** Plan-level fields that differ: reason, overallResponsibleOrganisationId, coordinatorStaffId, nextFollowUpDate, and the agreement's fields. */
  changedFields: string[];
  goals: ItemDiff<GoalSnapshot>;
  needs: ItemDiff<NeedSnapshot>;
  actions: ItemDiff<ActionSnapshot>;
  participants: ItemDiff<ParticipantSnapshot>;
}

const PLAN_FIELDS = [
  'reason',
  'overallResponsibleOrganisationId',
  'coordinatorStaffId',
  'nextFollowUpDate',
  'agreementText',
  'careContactStaffId',
  'agreedTime',
  'daytimeContactName',
  'daytimeContactPhone',
  'outOfHoursContactName',
  'outOfHoursContactPhone',
] as const;

const EMPTY: CarePlanSnapshot = {
  reason: '',
  goals: [],
  needs: [],
  actions: [],
  participants: [],
  overallResponsibleOrganisationId: null,
  coordinatorStaffId: null,
  nextFollowUpDate: null,
};

const norm = (v: unknown) => (v === undefined ? null : v);

/** Items are matched by id (ids survive revisions); a move within the list is not a change. */
export function diffItems<T extends { id: string }>(before: readonly T[], after: readonly T[]): ItemDiff<T> {
  const old = new Map(before.map((i) => [i.id, i]));
  const now = new Set(after.map((i) => i.id));
  const out: ItemDiff<T> = { added: [], removed: before.filter((i) => !now.has(i.id)), changed: [] };
  for (const item of after) {
    const prev = old.get(item.id);
    if (!prev) {
      out.added.push(item);
      continue;
    }
    const keys = [...new Set([...Object.keys(prev), ...Object.keys(item)])].filter((k) => k !== 'id');
    const changedFields = keys.filter((k) => norm((prev as Record<string, unknown>)[k]) !== norm((item as Record<string, unknown>)[k])).sort();
    if (changedFields.length) out.changed.push({ before: prev, after: item, changedFields });
  }
  return out;
}

/** What changed from one version of a plan to another (`from` null: everything in `to` is new). */
export function diffCarePlans(from: CarePlanSnapshot | null, to: CarePlanSnapshot): CarePlanDiff {
  const a = from ?? EMPTY;
  return {
    changedFields: PLAN_FIELDS.filter((f) => norm(a[f]) !== norm(to[f])),
    goals: diffItems(a.goals, to.goals),
    needs: diffItems(a.needs, to.needs),
    actions: diffItems(a.actions, to.actions),
    participants: diffItems(a.participants, to.participants),
  };
}
