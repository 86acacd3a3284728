import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/scalars';
import { ActionPerformer, ContactHours, DeteriorationPlanStatus, TreatmentLimitationKind } from './deterioration-plan.entity';
import { Comparator, COMPARATOR_SYMBOLS, OBSERVATION_RANGES, OBSERVATION_UNITS, ObservationKind } from './triggers';

/** How a step is triggered: by a measured sign against a threshold, or by a sign in words. */
export enum TriggerKind {
  MEASURED = 'MEASURED',
  SIGN = 'SIGN',
}

export enum NotEvaluableReason {
  NO_OBSERVATION = 'NO_OBSERVATION',
  NEEDS_JUDGEMENT = 'NEEDS_JUDGEMENT',
}

registerEnumType(DeteriorationPlanStatus, {
  name: 'DeteriorationPlanStatus',
  description: 'Where a version of a deterioration action plan stands. Signed versions never change.',
  valuesMap: {
    DRAFT: { description: 'Being written by a nurse or physician; editable with expectedVersion. At most one per patient.' },
    ACTIVE: { description: 'Signed by a physician: the plan in force. At most one per patient.' },
    SUPERSEDED: { description: 'Was in force until a newer version was signed.' },
    WITHDRAWN: { description: 'Withdrawn with a reason; no longer in force (or a draft that will not be signed).' },
  },
});

registerEnumType(TreatmentLimitationKind, {
  name: 'TreatmentLimitationKind',
  description: 'A treatment limitation or level-of-care decision (behandlingsbegränsning, vårdnivåbeslut), often from a brytpunktssamtal.',
  valuesMap: {
    NO_CPR: { description: 'No cardiopulmonary resuscitation (ej HLR).' },
    NO_INTENSIVE_CARE: { description: 'No intensive care (ej IVA).' },
    CARE_AT_HOME_PREFERRED: { description: 'Care at home preferred when the patient gets worse.' },
    HOSPITAL_ONLY_IF: { description: 'Hospital only under the conditions stated in `details`.' },
    NO_HOSPITAL_TRANSFER: { description: 'No transfer to hospital.' },
    OTHER: { description: 'Another decision, stated in `details`.' },
  },
});

registerEnumType(ActionPerformer, {
  name: 'ActionPerformer',
  description: 'Who carries out an action of a plan step.',
  valuesMap: {
    NURSE: { description: 'The nurse (sjuksköterska) on duty.' },
    PHYSICIAN: { description: 'The patient’s physician (fast läkarkontakt) or the GP on duty in office hours.' },
    ON_CALL_PHYSICIAN: { description: 'The on-call physician (jourläkare), out of hours.' },
  },
});

registerEnumType(ContactHours, {
  name: 'ContactHours',
  description: 'When a rung of the contact ladder applies.',
  valuesMap: {
    OFFICE_HOURS: { description: 'Daytime, weekdays (kontorstid).' },
    OUT_OF_HOURS: { description: 'Evenings, nights, weekends and holidays (jourtid).' },
    ALL_HOURS: { description: 'Any time of day.' },
  },
});

/** What each observation is, for the schema; the unit and the accepted range are added from triggers.ts. */
const OBSERVATION_MEANINGS: Record<ObservationKind, string> = {
  [ObservationKind.RESPIRATORY_RATE]: 'Respiratory rate (andningsfrekvens), breaths per minute',
  [ObservationKind.OXYGEN_SATURATION]: 'Oxygen saturation (syremättnad, SpO2) by pulse oximetry',
  [ObservationKind.PULSE]: 'Pulse (puls), beats per minute',
  [ObservationKind.SYSTOLIC_BP]: 'Systolic blood pressure (systoliskt blodtryck)',
  [ObservationKind.TEMPERATURE]: 'Body temperature (kroppstemperatur)',
  [ObservationKind.WEIGHT_CHANGE]: 'Weight change (viktförändring) over `overDays` days: positive for a gain, negative for a loss',
  [ObservationKind.NEWS2]: 'National Early Warning Score 2 (NEWS2), the total score; a whole number',
  [ObservationKind.BLOOD_GLUCOSE]: 'Blood glucose (blodsocker, P-glukos)',
  [ObservationKind.PAIN_NRS]: 'Pain on the numeric rating scale (smärtskattning, NRS), 0 no pain to 10 worst imaginable; a whole number',
};

registerEnumType(ObservationKind, {
  name: 'ObservationKind',
  description:
    'A measurable sign a nurse records in home healthcare. Values and thresholds are given in the unit stated for each kind; a value outside the accepted range is refused as a typing error (BAD_USER_INPUT).',
  valuesMap: Object.fromEntries(
    Object.values(ObservationKind).map((k) => {
      const unit = OBSERVATION_UNITS[k];
      const { min, max } = OBSERVATION_RANGES[k];
      return [k, { description: `${OBSERVATION_MEANINGS[k]}. Unit: ${unit || 'none (a score)'}; accepted ${min} to ${max}${unit ? ` ${unit}` : ''}.` }];
    }),
  ),
});

registerEnumType(Comparator, {
  name: 'Comparator',
  description: 'How an observed value is compared with a trigger’s threshold.',
  valuesMap: Object.fromEntries(Object.values(Comparator).map((c) => [c, { description: `value ${COMPARATOR_SYMBOLS[c]} threshold` }])),
});

registerEnumType(TriggerKind, {
  name: 'TriggerKind',
  description: 'What sets off a plan step.',
  valuesMap: {
    MEASURED: { description: 'A measured sign against a threshold, e.g. respiratory rate > 25 /min; evaluated automatically.' },
    SIGN: { description: 'A sign in words, e.g. "breathless at rest"; only the nurse can judge it.' },
  },
});

registerEnumType(NotEvaluableReason, {
  name: 'NotEvaluableReason',
  description: 'Why a step could not be decided from the observations given.',
  valuesMap: {
    NO_OBSERVATION: {
      description: 'No observation of the sign the trigger needs was given (for weight change: none over a period no longer than the trigger’s).',
    },
    NEEDS_JUDGEMENT: { description: 'A sign in words: the nurse must judge it.' },
  },
});

@ObjectType('TreatmentLimitation', { description: 'A treatment limitation or level-of-care decision, with who decided it, when, and who took part.' })
export class TreatmentLimitationType {
  @Field(() => TreatmentLimitationKind, { description: 'What was decided (behandlingsbegränsning or vårdnivåbeslut), e.g. no CPR (ej HLR).' })
  kind: TreatmentLimitationKind;
  @Field(() => String, { nullable: true, description: 'What exactly was decided, e.g. "hospital only if the breathlessness cannot be relieved at home".' })
  details: string | null;
  @Field({ description: 'Who decided, as recorded, e.g. "Erik Sjöberg, distriktsläkare".' })
  decidedBy: string;
  @Field(() => LocalDateScalar, { description: 'The day the decision was taken (YYYY-MM-DD), often at a brytpunktssamtal; never in the future.' })
  decidedOn: string;
  @Field({ description: 'The patient took part in the decision.' })
  patientTookPart: boolean;
  @Field({ description: 'Next of kin (närstående) took part in the decision.' })
  nextOfKinTookPart: boolean;
}

@ObjectType('DeteriorationTrigger', { description: 'What sets off a step: a measured sign with comparator, threshold and unit, or a sign in words.' })
export class TriggerType {
  @Field(() => TriggerKind, {
    description: 'MEASURED (a sign measured against a threshold; `observation`, `comparator`, `threshold` are set) or SIGN (a sign in words; `sign` is set).',
  })
  kind: TriggerKind;
  @Field(() => ObservationKind, { nullable: true, description: 'MEASURED: the sign measured.' })
  observation?: ObservationKind;
  @Field(() => Comparator, { nullable: true, description: 'MEASURED: how the observed value is compared with the threshold.' })
  comparator?: Comparator;
  @Field(() => Float, { nullable: true, description: 'MEASURED: the threshold, in `unit`.' })
  threshold?: number;
  @Field(() => Int, { nullable: true, description: 'MEASURED weight change only: the period in days, e.g. 3 for "≥ 2 kg over 3 days".' })
  overDays?: number;
  @Field(() => String, { nullable: true, description: 'SIGN: the sign in words, e.g. "breathless at rest".' })
  sign?: string;
}

@ObjectType('DeteriorationStepAction', { description: 'One thing to do when a step is triggered, and who does it.' })
export class StepActionType {
  @Field({ description: 'What to do, in words.' })
  description: string;
  @Field(() => ActionPerformer, { description: 'Who does it: the nurse on duty, the patient’s physician, or the on-call physician (jourläkare).' })
  performer: ActionPerformer;
  @Field(() => String, { nullable: true, description: 'A medication already prescribed as needed (vid behov) to give, e.g. "Furosemid 40 mg, 1 tablett".' })
  asNeededMedication: string | null;
}

@ObjectType('DeteriorationPlanStep', { description: 'A step of the plan: a trigger and the actions to take, in plan order.' })
export class PlanStepType {
  @Field(() => ID, { description: 'Identifies the step within this version of the plan.' })
  id: string;
  @Field(() => Int, { description: '1-based position in the plan.' })
  order: number;
  @Field(() => TriggerType, { description: 'What sets the step off.' })
  trigger: TriggerType;
  @Field(() => [StepActionType], { description: 'What to do when it is set off, in order (at least one, at most 10).' })
  actions: StepActionType[];
}

@ObjectType('DeteriorationContact', { description: 'A rung of the contact ladder: whom to call, when.' })
export class ContactType {
  @Field(() => ContactHours, { description: 'When this rung applies: office hours (kontorstid), out of hours (jourtid) or all hours.' })
  hours: ContactHours;
  @Field({ description: 'Role, e.g. "Sjuksköterska i tjänst", "Jourläkare".' })
  role: string;
  @Field({ description: 'Name of the person or the unit.' })
  name: string;
  @Field({ description: 'Number to call, as recorded (digits, spaces, +, parentheses, hyphens).' })
  phone: string;
}

@ObjectType('DeteriorationPlan', {
  description:
    'One version of a deterioration action plan (handlingsplan vid försämring): what the nurse does when the patient gets worse. Signed by a physician; signed versions never change. A plan past its review date is still shown, flagged by `dueForReview`.',
})
export class DeteriorationPlanType {
  @Field(() => ID, { description: 'This version’s id (`deteriorationPlan(id)`); every version has its own.' })
  id: string;
  @Field(() => ID, { description: 'The patient the plan is for (`Patient.id`).' })
  patientId: string;
  @Field(() => Int, { description: 'Number of this version in the patient’s series of plans: 1, 2, 3…' })
  planVersion: number;
  @Field(() => Int, { description: 'Changes with every edit; pass as expectedVersion to edit, sign or withdraw (CONFLICT when stale).' })
  version: number;
  @Field(() => DeteriorationPlanStatus, { description: 'DRAFT, ACTIVE (signed and in force), SUPERSEDED or WITHDRAWN.' })
  status: DeteriorationPlanStatus;
  @Field(() => [String], { description: 'The condition(s) the plan is for, e.g. "Hjärtsvikt".' })
  conditions: string[];
  @Field(() => [TreatmentLimitationType], {
    description:
      'Treatment limitations and level-of-care decisions (behandlingsbegränsningar, vårdnivåbeslut) the nurse must know before acting, e.g. ej HLR; empty when none are recorded.',
  })
  treatmentLimitations: TreatmentLimitationType[];
  @Field(() => [PlanStepType], { description: 'Steps in plan order.' })
  steps: PlanStepType[];
  @Field(() => LocalDateScalar, { nullable: true, description: 'When the plan is to be reviewed. Required to sign.' })
  reviewDate: string | null;
  @Field(() => ID, { nullable: true, description: 'The version this one was revised from.' })
  basedOnPlanId: string | null;
  recordedByOrganisationId: string;
  draftedByStaffId: string;
  signedByStaffId: string | null;
  signedByOrganisationId: string | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When a physician signed this version (it became ACTIVE); null for a draft, and for a draft withdrawn unsigned.',
  })
  signedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When a newer signed version replaced this one; null unless SUPERSEDED.' })
  supersededAt: Date | null;
  @Field(() => ID, { nullable: true, description: 'The version that replaced this one.' })
  supersededByPlanId: string | null;
  @Field(() => Date, { nullable: true, description: 'When this version was withdrawn; null unless WITHDRAWN.' })
  withdrawnAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was withdrawn, as written by whoever withdrew it; null unless WITHDRAWN.' })
  withdrawalReason: string | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'When a review of this version was asked for: a deterioration episode ended in admission (inlagd), so the patient changed care setting. Null when none was; a newly signed version starts without it.',
  })
  reviewRequestedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the review was asked for, e.g. the admission and its date; null when none was.' })
  reviewRequestReason: string | null;
  @Field(() => ID, { nullable: true, description: 'The deterioration episode (`DeteriorationEpisode.id`) that asked for the review; null when none did.' })
  reviewRequestedByEpisodeId: string | null;
  @Field({ description: 'When this version was created (drafted, or copied from the active plan by reviseDeteriorationPlan).' })
  createdAt: Date;
  @Field({ description: 'When this version last changed: a draft edit, the signing, superseding or withdrawal.' })
  updatedAt: Date;
}

@ObjectType('ObservedValue', { description: 'An observation as given to evaluateDeterioration.' })
export class ObservedValueType {
  @Field(() => ObservationKind, { description: 'The sign observed.' })
  kind: ObservationKind;
  @Field(() => Float, { description: 'The value as given, in the unit of `kind` (see `unit`).' })
  value: number;
  @Field(() => Int, { nullable: true, description: 'Weight change only: the period in days.' })
  overDays?: number;
}

@ObjectType('TriggeredStep', { description: 'A step whose trigger is met by an observation: do its actions.' })
export class TriggeredStepType {
  @Field(() => PlanStepType, { description: 'The step whose trigger is met; carry out its actions.' })
  step: PlanStepType;
  @Field(() => ObservedValueType, { description: 'The observation that met the trigger.' })
  observed: ObservedValueType;
  @Field({ description: 'Why, e.g. "respiratory rate 28 /min > 25 /min".' })
  reason: string;
}

@ObjectType('UnevaluatedStep', { description: 'A step that could not be decided from the observations given.' })
export class UnevaluatedStepType {
  @Field(() => PlanStepType, { description: 'The step that could not be decided automatically.' })
  step: PlanStepType;
  @Field(() => NotEvaluableReason, { description: 'Why: no observation of the sign it needs was given, or it is a sign in words the nurse must judge.' })
  reason: NotEvaluableReason;
}

@ObjectType('DeteriorationEvaluation', { description: 'Which steps of the active plan the observations just measured trigger, in plan order.' })
export class DeteriorationEvaluationType {
  @Field({ description: 'When the evaluation was made.' })
  evaluatedAt: Date;
  @Field(() => DeteriorationPlanType, { nullable: true, description: 'The active plan evaluated; null when the patient has no active plan you may see.' })
  plan: DeteriorationPlanType | null;
  @Field(() => [TriggeredStepType], { description: 'Steps whose trigger is met, in plan order: act on these.' })
  matched: TriggeredStepType[];
  @Field(() => [UnevaluatedStepType], { description: 'Steps not decided automatically (missing observation, or a sign to judge), in plan order.' })
  notEvaluable: UnevaluatedStepType[];
}
