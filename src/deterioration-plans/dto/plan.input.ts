import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, Text, Trim, DateWithin, WITHIN } from '../../common/validators';
import { ActionPerformer, ContactHours, TreatmentLimitationKind } from '../deterioration-plan.entity';
import { TriggerKind } from '../deterioration-plan.types';
import { Comparator, MAX_OVER_DAYS, ObservationKind } from '../triggers';

export const MAX_CONDITIONS = 10;
export const MAX_LIMITATIONS = 10;
export const MAX_STEPS = 20;
export const MAX_ACTIONS = 10;
export const MAX_CONTACTS = 20;
const PHONE = /^\+?[0-9 ()-]{5,30}$/;

@InputType({ description: 'A treatment limitation or level-of-care decision, with who decided it and when.' })
export class TreatmentLimitationInput {
  @Field(() => TreatmentLimitationKind, { description: 'What was decided; HOSPITAL_ONLY_IF and OTHER need `details`.' })
  @IsEnum(TreatmentLimitationKind)
  kind: TreatmentLimitationKind;

  @Field(() => String, { nullable: true, description: 'What exactly was decided. Required for HOSPITAL_ONLY_IF and OTHER.' })
  @IsOptional()
  @Text(1000)
  details?: string | null;

  @Field({ description: 'Who decided, e.g. "Erik Sjöberg, distriktsläkare".' })
  @Text(200)
  decidedBy: string;

  @Field(() => LocalDateScalar, { description: 'When it was decided; not in the future.' })
  @IsLocalDate()
  @DateWithin(WITHIN.decided)
  decidedOn: string;

  @Field({ description: 'The patient took part in the decision.' })
  @IsBoolean()
  patientTookPart: boolean;

  @Field({ description: 'Next of kin took part in the decision.' })
  @IsBoolean()
  nextOfKinTookPart: boolean;
}

@InputType({ description: 'What sets off a step. MEASURED: observation, comparator, threshold (and overDays for weight change). SIGN: sign.' })
export class TriggerInput {
  @Field(() => TriggerKind, {
    description:
      'MEASURED (give observation, comparator, threshold, and overDays for weight change) or SIGN (give sign). Fields of the other kind must be left out.',
  })
  @IsEnum(TriggerKind)
  kind: TriggerKind;

  @Field(() => ObservationKind, { nullable: true, description: 'MEASURED: the sign measured, e.g. RESPIRATORY_RATE.' })
  @IsOptional()
  @IsEnum(ObservationKind)
  observation?: ObservationKind | null;

  @Field(() => Comparator, { nullable: true, description: 'MEASURED: how the observed value is compared with the threshold, e.g. GT for "more than".' })
  @IsOptional()
  @IsEnum(Comparator)
  comparator?: Comparator | null;

  @Field(() => Float, { nullable: true, description: 'In the observation’s unit (see ObservationKind).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  threshold?: number | null;

  @Field(() => Int, { nullable: true, description: `Weight change only: the period in days (1–${MAX_OVER_DAYS}).` })
  @IsOptional()
  @IsInt()
  overDays?: number | null;

  @Field(() => String, { nullable: true, description: 'The sign in words, e.g. "breathless at rest".' })
  @IsOptional()
  @Trim()
  sign?: string | null;
}

@InputType({ description: 'One thing to do when the step is triggered.' })
export class StepActionInput {
  @Field({ description: 'What to do, in words (at most 1000 characters).' })
  @Text(1000)
  description: string;

  @Field(() => ActionPerformer, { description: 'Who does it: the nurse on duty, the patient’s physician, or the on-call physician.' })
  @IsEnum(ActionPerformer)
  performer: ActionPerformer;

  @Field(() => String, { nullable: true, description: 'A medication already prescribed as needed (vid behov), e.g. "Furosemid 40 mg, 1 tablett".' })
  @IsOptional()
  @Text(300)
  asNeededMedication?: string | null;
}

@InputType({ description: 'A step: a trigger and the actions to take. Steps are kept in the order given.' })
export class PlanStepInput {
  @Field(() => TriggerInput, { description: 'What sets the step off.' })
  @ValidateNested()
  @Type(() => TriggerInput)
  trigger: TriggerInput;

  @Field(() => [StepActionInput], { description: 'What to do, in order: 1 to 10 actions.' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must hold at least one action' })
  @ArrayMaxSize(MAX_ACTIONS)
  @ValidateNested({ each: true })
  @Type(() => StepActionInput)
  actions: StepActionInput[];
}

@InputType({ description: 'A rung of the contact ladder. Rungs are kept in the order given: call the first first.' })
export class ContactInput {
  @Field(() => ContactHours, { description: 'When this rung applies. To sign, the ladder must cover office hours and out of hours (ALL_HOURS covers both).' })
  @IsEnum(ContactHours)
  hours: ContactHours;

  @Field({ description: 'Role, e.g. "Jourläkare".' })
  @Text(100)
  role: string;

  @Field({ description: 'Name of the person or the unit.' })
  @Text(200)
  name: string;

  @Field({ description: 'Number to call: digits, spaces, +, parentheses and hyphens (5–30 characters).' })
  @Trim()
  @Matches(PHONE, { message: 'must be a phone number' })
  phone: string;
}

/** The content of a plan, shared by drafting and editing. */
@InputType({ isAbstract: true })
export class PlanContentInput {
  @Field(() => [String], { nullable: true, description: 'The condition(s), e.g. "Hjärtsvikt".' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CONDITIONS)
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value))
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'must not hold empty conditions' })
  @MaxLength(200, { each: true, message: 'must hold conditions of at most 200 characters' })
  conditions?: string[] | null;

  @Field(() => [TreatmentLimitationInput], {
    nullable: true,
    description: 'Treatment limitations and level-of-care decisions (behandlingsbegränsningar), at most 10; empty when there are none.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LIMITATIONS)
  @ValidateNested({ each: true })
  @Type(() => TreatmentLimitationInput)
  treatmentLimitations?: TreatmentLimitationInput[] | null;

  @Field(() => [PlanStepInput], { nullable: true, description: 'Steps in plan order.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_STEPS)
  @ValidateNested({ each: true })
  @Type(() => PlanStepInput)
  steps?: PlanStepInput[] | null;

  @Field(() => [ContactInput], { nullable: true, description: 'The contact ladder, in the order to call.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CONTACTS)
  @ValidateNested({ each: true })
  @Type(() => ContactInput)
  contacts?: ContactInput[] | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'When the plan is to be reviewed; must be after the signing day to sign.' })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.period)
  reviewDate?: string | null;
}

@InputType({ description: 'A new draft of a patient’s deterioration plan. Everything but the patient may be filled in later.' })
export class DraftDeteriorationPlanInput extends PlanContentInput {
  @Field(() => ID, { description: 'The patient the plan is for (`Patient.id`).' })
  @IsId()
  patientId: string;
}

@InputType({ description: 'Changes to a draft. Omitted fields stay as they are; a list given replaces the list.' })
export class UpdateDeteriorationPlanDraftInput extends PlanContentInput {
  @Field(() => ID, { description: 'The draft to edit (`DeteriorationPlan.id` of a DRAFT version).' })
  @IsId()
  planId: string;

  @Field(() => Int, { description: 'The version you read; CONFLICT when someone changed the draft since.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@InputType({ description: 'Sign a draft: it becomes the active plan and the previous active version is superseded.' })
export class SignDeteriorationPlanInput {
  @Field(() => ID, { description: 'The draft to sign (`DeteriorationPlan.id` of a DRAFT version).' })
  @IsId()
  planId: string;

  @Field(() => Int, {
    description: 'The `version` of the draft you read and are signing; CONFLICT when it changed since, so you never sign text you have not seen.',
  })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@InputType({ description: 'Withdraw a plan (an active one, or a draft that will not be signed), with a reason.' })
export class WithdrawDeteriorationPlanInput {
  @Field(() => ID, { description: 'The version to withdraw: the ACTIVE plan (physician only) or a DRAFT.' })
  @IsId()
  planId: string;

  @Field(() => Int, { description: 'The `version` you read; CONFLICT when it changed since.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field({ description: 'Why, e.g. "moved to a nursing home with its own plan".' })
  @Text(500)
  reason: string;
}

@InputType({ description: 'An observation the nurse has just measured.' })
export class ObservationInput {
  @Field(() => ObservationKind, { description: 'The sign measured; at most one observation per kind (weight change once per period).' })
  @IsEnum(ObservationKind)
  kind: ObservationKind;

  @Field(() => Float, { description: 'In the unit of the kind (see ObservationKind).' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;

  @Field(() => Int, { nullable: true, description: 'Weight change only: the period in days the change was measured over.' })
  @IsOptional()
  @IsInt()
  overDays?: number | null;
}

@ArgsType()
export class DueForReviewArgs extends PageArgs {
  @Field(() => Int, { defaultValue: 0, description: 'Also plans due within this many days from today (0–90).' })
  @IsInt()
  @Min(0)
  @Max(90)
  withinDays: number = 0;
}
