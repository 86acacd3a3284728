/**
 * Pure rules for the content of a deterioration plan: turning inputs into stored records with
 * field errors, what a draft needs before a physician can sign it, the review flag, and who may
 * see a version. No I/O and no clock: "today" is passed in (new steps get random ids).
 */
import { randomUUID } from 'node:crypto';
import { canSeeRecordedBy, PatientGrant } from '../access/patient-grant';
import type { FieldError } from '../common/errors';
import {
  ContactHours,
  ContactRecord,
  DeteriorationPlanStatus,
  LIMITATIONS_NEEDING_DETAILS,
  PlanStepRecord,
  TreatmentLimitationRecord,
} from './deterioration-plan.entity';
import { TriggerKind } from './deterioration-plan.types';
import { ContactInput, PlanContentInput, PlanStepInput, TreatmentLimitationInput, TriggerInput } from './dto/plan.input';
import { Observation, Trigger, validateTrigger } from './triggers';

export interface PlanContent {
  conditions?: string[];
  treatmentLimitations?: TreatmentLimitationRecord[];
  steps?: PlanStepRecord[];
  contacts?: ContactRecord[];
  /** undefined: unchanged; null: cleared. */
  reviewDate?: string | null;
}

export interface PlanLike {
  status: DeteriorationPlanStatus;
  reviewDate: string | null;
  recordedByOrganisationId: string;
  signedByOrganisationId: string | null;
}

/** Maps the content fields that were given (null and undefined both mean "not given" for lists). */
export function toPlanContent(input: PlanContentInput, today: string, path = 'input'): { content: PlanContent; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const content: PlanContent = {};
  if (input.conditions != null) content.conditions = input.conditions;
  if (input.treatmentLimitations != null) {
    content.treatmentLimitations = input.treatmentLimitations.map((l, i) => toLimitation(l, `${path}.treatmentLimitations.${i}`, today, errors));
  }
  if (input.steps != null) content.steps = input.steps.map((s, i) => toStep(s, i, `${path}.steps.${i}`, errors));
  if (input.contacts != null) content.contacts = input.contacts.map(toContact);
  if (input.reviewDate !== undefined) content.reviewDate = input.reviewDate;
  return { content, errors };
}

function toLimitation(l: TreatmentLimitationInput, path: string, today: string, errors: FieldError[]): TreatmentLimitationRecord {
  if (LIMITATIONS_NEEDING_DETAILS.has(l.kind) && !l.details)
    errors.push({ field: `${path}.details`, message: `is required for ${l.kind}: say what exactly was decided` });
  if (l.decidedOn > today) errors.push({ field: `${path}.decidedOn`, message: 'cannot be in the future' });
  return {
    kind: l.kind,
    details: l.details ?? null,
    decidedBy: l.decidedBy,
    decidedOn: l.decidedOn,
    patientTookPart: l.patientTookPart,
    nextOfKinTookPart: l.nextOfKinTookPart,
  };
}

function toStep(s: PlanStepInput, index: number, path: string, errors: FieldError[]): PlanStepRecord {
  const trigger = toTrigger(s.trigger, `${path}.trigger`, errors);
  return {
    id: randomUUID(),
    order: index + 1,
    trigger,
    actions: s.actions.map((a) => ({ description: a.description, performer: a.performer, asNeededMedication: a.asNeededMedication ?? null })),
  };
}

/** A trigger input as the stored trigger, with field errors from validateTrigger and for fields of the other kind. */
export function toTrigger(t: TriggerInput, path: string, errors: FieldError[]): Trigger {
  const given = (v: unknown) => v !== undefined && v !== null;
  let trigger: Trigger;
  if (t.kind === TriggerKind.SIGN) {
    for (const f of ['observation', 'comparator', 'threshold', 'overDays'] as const) {
      if (given(t[f])) errors.push({ field: `${path}.${f}`, message: 'only applies to a MEASURED trigger' });
    }
    trigger = { kind: 'SIGN', sign: (t.sign ?? '').trim() };
  } else {
    if (given(t.sign)) errors.push({ field: `${path}.sign`, message: 'only applies to a SIGN trigger' });
    trigger = {
      kind: 'MEASURED',
      observation: t.observation!,
      comparator: t.comparator!,
      threshold: t.threshold!,
      ...(given(t.overDays) ? { overDays: t.overDays! } : {}),
    };
  }
  errors.push(...validateTrigger(trigger, path));
  return trigger;
}

function toContact(c: ContactInput): ContactRecord {
  return { hours: c.hours, role: c.role, name: c.name, phone: c.phone };
}

/** A copy of the steps for a new draft: same content, new step ids. */
export function copySteps(steps: readonly PlanStepRecord[]): PlanStepRecord[] {
  return steps.map((s, i) => ({ ...structuredClone(s), id: randomUUID(), order: i + 1 }));
}

/** What stops a draft from being signed, as field errors on the draft (empty when it can be signed). */
export function signingProblems(
  plan: { conditions: string[]; steps: PlanStepRecord[]; contacts: ContactRecord[]; reviewDate: string | null },
  today: string,
): FieldError[] {
  const out: FieldError[] = [];
  if (plan.conditions.length === 0) out.push({ field: 'conditions', message: 'must name at least one condition' });
  if (plan.steps.length === 0) out.push({ field: 'steps', message: 'must hold at least one step' });
  const covers = (h: ContactHours) => plan.contacts.some((c) => c.hours === h || c.hours === ContactHours.ALL_HOURS);
  if (!covers(ContactHours.OFFICE_HOURS)) out.push({ field: 'contacts', message: 'must name whom to call in office hours' });
  if (!covers(ContactHours.OUT_OF_HOURS)) out.push({ field: 'contacts', message: 'must name whom to call out of hours' });
  if (!plan.reviewDate) out.push({ field: 'reviewDate', message: 'is required' });
  else if (plan.reviewDate <= today) out.push({ field: 'reviewDate', message: 'must be after today' });
  return out;
}

/** An active plan whose review date has come is flagged (still shown, never silently used). */
export function isDueForReview(plan: Pick<PlanLike, 'status' | 'reviewDate'>, today: string): boolean {
  return plan.status === DeteriorationPlanStatus.ACTIVE && plan.reviewDate !== null && plan.reviewDate <= today;
}

/**
 * A plan is documentation recorded by the organisation that drafted it. The actor sees it when
 * canSeeRecordedBy allows (own records; others' with consent or emergency access and no block),
 * and the signing organisation always sees the version it signed.
 */
export function canSeePlan(grant: PatientGrant, plan: Pick<PlanLike, 'recordedByOrganisationId' | 'signedByOrganisationId'>): boolean {
  return canSeeRecordedBy(grant, plan.recordedByOrganisationId) || plan.signedByOrganisationId === grant.actorOrganisationId;
}

/** Why a plan is hidden, as an audit reason code. */
export function hiddenReason(grant: PatientGrant, plan: Pick<PlanLike, 'recordedByOrganisationId'>): 'blocked' | 'no-consent' {
  return grant.blockedOrganisationIds.includes(plan.recordedByOrganisationId) ? 'blocked' : 'no-consent';
}

/** The contact ladder for a time of day: that period's rungs and the all-hours ones, in ladder order. */
export function ladderFor(contacts: readonly ContactRecord[], hours: ContactHours | null | undefined): ContactRecord[] {
  if (!hours || hours === ContactHours.ALL_HOURS) return [...contacts];
  return contacts.filter((c) => c.hours === hours || c.hours === ContactHours.ALL_HOURS);
}

/** Observation inputs as triggers.ts wants them (no null overDays). */
export function toObservations(input: ReadonlyArray<{ kind: Observation['kind']; value: number; overDays?: number | null }>): Observation[] {
  return input.map((o) => (o.overDays == null ? { kind: o.kind, value: o.value } : { kind: o.kind, value: o.value, overDays: o.overDays }));
}
