import { RecordKind } from './record-kind';
import { Role } from '../common/roles';
import { ALL_ORGANISATION_KINDS, OrganisationKind, STANDING_CARE_KINDS } from '../common/organisation-kind';

/**
 * How far into a patient's care an operation reaches, which the gate enforces for every caller:
 *
 * - `read`: a care relationship, or the caller's own emergency access (nödåtkomst, flagged).
 * - `write`: a care relationship of any kind, indirect (SIP participation) included. Emergency
 *   access alone never writes.
 * - `write-direct`: a direct care relationship (enrollment, open discharge process, care team):
 *   the patient record itself, the care team, protected identity.
 * - `establish`: the operation itself gives the caller's organisation a care relationship (an
 *   enrollment, an open discharge process) under its own rule, stated in `establishes`.
 * - `register`: registering a person; answers the same whether they were known or not.
 * - `review`: log review by the unit's MAS or manager; the record's own rule decides.
 * - `urgent`: the urgent read of an ambulance service or an out-of-hours unit, which arrive
 *   unplanned: no care relationship is needed and none is given. The operation only reads (in a
 *   read-only transaction), reads as emergency access does (another organisation's documentation
 *   without a consent, never a block, never a protected identity), needs a stated reason, and every
 *   attempt is flagged emergency in the log; each answer is recorded for the review
 *   (emergencyAccessesForReview, kind URGENT_READ).
 */
export type Reach = 'read' | 'write' | 'write-direct' | 'establish' | 'register' | 'review' | 'urgent';

/** What an operation addresses, declared with it so that the guard, the gate, the docs and the authorization matrix agree. */
export type AccessTarget =
  /**
   * One patient, by the id in argument `arg` (a dotted path, e.g. `input.patientId`). An operation
   * that `establishes` a relationship may still need one of the caller's own to start from
   * (`needsRelationship`: a care relationship, not emergency access, or the caller's registration).
   */
  | { kind: 'patient'; arg: string; reach: Reach; establishes?: string; needsRelationship?: boolean }
  /** One record, by its own id in `arg`; its patient is found by the gate. */
  | { kind: 'record'; record: RecordKind; arg: string; reach: Reach }
  /** One person, by the personnummer in `arg`. */
  | { kind: 'personnummer'; arg: string; reach: Reach; establishes?: string }
  /** Patients in a list: each row's patient is decided (and audited) by the list's own query. */
  | { kind: 'list'; note: string }
  /** Counts over patients, never a person (joint follow-up). */
  | { kind: 'aggregate'; note: string }
  /** No patient data (organisations, staff, agreements, the access log of one's own staff). */
  | { kind: 'none'; note: string }
  /**
   * The signed-in patient's own data (the patient's own view, `patients: true`): the patient is
   * the one the sign-in resolved, never an argument, and `reach` is `read` or `propose` (the one
   * change a patient makes: a proposal that staff accept or decline).
   */
  | { kind: 'own'; note: string; reach: 'read' | 'propose' };

/** One operation's rule: which roles may call it at all, and what it reaches. */
export interface OperationRule {
  roles: readonly Role[];
  /**
   * A patient signed in through the patients' identity provider, or their recorded representative,
   * may use the operation (their own view). Staff roles and patients are disjoint callers: a
   * patient actor is refused every operation without this, whatever its roles.
   */
  patients?: true;
  /** What the operation does, in the words of the role × operation table. */
  does: string;
  /** Extra conditions enforced inside the operation, stated for the table. */
  scope?: string;
  /** What the operation addresses and how far it reaches; every operation declares it. */
  access: AccessTarget;
  /** A search answers a refusal with null, as a miss (findPatient); default: as absence (NOT_FOUND) or FORBIDDEN. */
  absentAsNull?: boolean;
  /**
   * The kinds of organisation (OrganisationKind values) whose staff may use the operation at all:
   * enforced by the guard before anything about a patient, with `refusal` as the FORBIDDEN
   * message, the same for every argument. Left out: the kinds with a standing care relationship
   * (STANDING_CARE_KINDS), so that an ambulance service or an out-of-hours unit uses only what is
   * declared open to it (`EVERY_KIND`, or its kind named).
   */
  organisations?: { kinds: readonly string[]; refusal: string };
  /**
   * Costs far more than an ordinary request (an export, a year of indicators, a log extract):
   * charged to the actor's separate, smaller budget (RATE_LIMIT_EXPENSIVE_PER_MINUTE), once per
   * root field, so fifteen aliases cost fifteen.
   */
  expensive?: true;
}

export interface CapabilityPolicy {
  capability: string;
  operations: Record<string, OperationRule>;
}

export function definePolicy(capability: string, operations: Record<string, OperationRule>): CapabilityPolicy {
  return { capability, operations };
}

/** For operations open to every kind of unit (who am I, the directory, one's own staff, log review). */
export const EVERY_KIND: NonNullable<OperationRule['organisations']> = { kinds: ALL_ORGANISATION_KINDS, refusal: 'Every kind of unit may use this operation' };

/** The kinds an operation is open to when its policy names none (see OperationRule.organisations). */
export const STANDING_CARE_ONLY: NonNullable<OperationRule['organisations']> = {
  kinds: STANDING_CARE_KINDS,
  refusal:
    'An ambulance service or an out-of-hours primary care unit has no standing care relationship with patients: it reads a patient’s urgent care plan (urgentCarePlan) only',
};

/** The kinds of organisation whose staff may use the operation, and the refusal for the others. */
export function organisationsOf(rule: Pick<OperationRule, 'organisations'>): NonNullable<OperationRule['organisations']> {
  return rule.organisations ?? STANDING_CARE_ONLY;
}

/** Whether staff of this kind of unit may use the operation at all. */
export function kindMayUse(rule: Pick<OperationRule, 'organisations'>, kind: OrganisationKind | string): boolean {
  return organisationsOf(rule).kinds.includes(kind);
}

export const onPatient = (arg: string, reach: Reach, establishes?: string, needsRelationship?: boolean): AccessTarget => ({
  kind: 'patient',
  arg,
  reach,
  ...(establishes ? { establishes } : {}),
  ...(needsRelationship ? { needsRelationship } : {}),
});
export const onRecord = (record: RecordKind, arg: string, reach: Reach): AccessTarget => ({ kind: 'record', record, arg, reach });
export const byPersonnummer = (arg: string, reach: Reach, establishes?: string): AccessTarget => ({
  kind: 'personnummer',
  arg,
  reach,
  ...(establishes ? { establishes } : {}),
});
export const patientList = (note: string): AccessTarget => ({ kind: 'list', note });
export const aggregate = (note: string): AccessTarget => ({ kind: 'aggregate', note });
export const noPatientData = (note: string): AccessTarget => ({ kind: 'none', note });
export const ownData = (note: string, reach: 'read' | 'propose' = 'read'): AccessTarget => ({ kind: 'own', note, reach });

/** The name of the thing an operation addresses, in the uniform "<label> not found" answer. */
export function absentLabel(target: AccessTarget): string | null {
  if (target.kind === 'record') return target.record.label;
  if (target.kind === 'patient' || target.kind === 'personnummer') return target.reach === 'register' ? null : 'Patient';
  return null;
}

/** Reads a dotted argument path (`input.patientId`) from resolver arguments. */
export function argAt(args: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), args);
}
