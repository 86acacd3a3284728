import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, Text, DateWithin, IsInstant, WITHIN } from '../../common/validators';
import { CarePlanActionKind, CarePlanActionStatus, CarePlanCloseReason, CarePlanParticipantKind, CarePlanStatus, PlanType } from '../care-plan.enums';

@InputType({ description: 'A goal in the patient’s own words. Pass the id of an existing goal to keep it (and its history); leave it out for a new one.' })
export class CarePlanGoalInput {
  @Field(() => ID, { nullable: true, description: 'The id of a goal already in the draft, to keep it as the same goal; leave out (or null) for a new goal.' })
  @IsOptional()
  @IsId()
  id?: string | null;

  @Field({ description: 'In the patient’s words, e.g. "Jag vill orka gå till brevlådan själv".' })
  @Text(1000)
  text: string;
}

@InputType({ description: 'A need (behov). Pass the id of an existing need to keep it; leave it out for a new one.' })
export class CarePlanNeedInput {
  @Field(() => ID, { nullable: true, description: 'The id of a need already in the draft, to keep it as the same need; leave out (or null) for a new need.' })
  @IsOptional()
  @IsId()
  id?: string | null;

  @Field({ description: 'The need (behov) in words, at most 1000 characters.' })
  @Text(1000)
  text: string;
}

@InputType({ description: 'An action (insats). Pass the id of an existing action to keep it; leave it out for a new one.' })
export class CarePlanActionInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The id of an action already in the draft, to keep it as the same action; leave out (or null) for a new action.',
  })
  @IsOptional()
  @IsId()
  id?: string | null;

  @Field({ description: 'What is done (the insats), at most 1000 characters.' })
  @Text(1000)
  description: string;

  @Field(() => CarePlanActionKind, {
    description:
      'Which kind of action; NEXT_OF_KIN actions need no responsible organisation; SELF_CARE actions (egenvård, the patient does them) must have none.',
  })
  @IsEnum(CarePlanActionKind)
  kind: CarePlanActionKind;

  @Field(() => ID, {
    nullable: true,
    description: 'A participating organisation; required unless the action is done by next of kin (optional) or by the patient (SELF_CARE: must be empty).',
  })
  @IsOptional()
  @IsId()
  responsibleOrganisationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A staff member of the responsible organisation; must be empty for SELF_CARE.' })
  @IsOptional()
  @IsId()
  responsibleStaffId?: string | null;

  @Field(() => String, { nullable: true, description: 'For actions by next of kin or others: who, e.g. "Karin (dotter)".' })
  @IsOptional()
  @Text(200)
  performedBy?: string | null;

  @Field(() => LocalDateScalar, { description: 'First day the action applies (YYYY-MM-DD).' })
  @IsLocalDate()
  @DateWithin(WITHIN.period)
  startDate: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Until when (YYYY-MM-DD, inclusive, not before startDate); null or left out when open-ended.' })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.period)
  endDate?: string | null;

  @Field(() => CarePlanActionStatus, { defaultValue: CarePlanActionStatus.PLANNED, description: 'Planned (the default), ongoing, done or cancelled.' })
  @IsEnum(CarePlanActionStatus)
  status: CarePlanActionStatus = CarePlanActionStatus.PLANNED;
}

@InputType({
  description:
    'A participant. ORGANISATION needs organisationId; STAFF needs staffId and the organisationId they represent (itself a participant); NEXT_OF_KIN needs a name.',
})
export class CarePlanParticipantInput {
  @Field(() => ID, { nullable: true, description: 'The id of a participant already in the draft, to keep it; leave out (or null) for a new participant.' })
  @IsOptional()
  @IsId()
  id?: string | null;

  @Field(() => CarePlanParticipantKind, {
    description: 'Organisation, named staff member, the patient (at most once) or a next of kin; decides which other fields are required or must be empty.',
  })
  @IsEnum(CarePlanParticipantKind)
  kind: CarePlanParticipantKind;

  @Field(() => ID, {
    nullable: true,
    description: 'ORGANISATION: the unit taking part. STAFF: the participating unit they represent. Must be empty for PATIENT and NEXT_OF_KIN.',
  })
  @IsOptional()
  @IsId()
  organisationId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'STAFF: the staff member (`Staff.id`), who must hold an assignment in `organisationId`. Must be empty for the other kinds.',
  })
  @IsOptional()
  @IsId()
  staffId?: string | null;

  @Field(() => String, { nullable: true, description: 'NEXT_OF_KIN: their name.' })
  @IsOptional()
  @Text(200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'NEXT_OF_KIN: relation to the patient, e.g. "dotter".' })
  @IsOptional()
  @Text(100)
  relation?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Took part in the SIP meeting that agreed the plan.' })
  @IsOptional()
  @IsBoolean()
  attended?: boolean | null;
}

@InputType({
  description:
    'Start a care plan for a patient: a SIP (the default) or a patient agreement (patientkontrakt). Your organisation becomes its first participant; fill in the rest with updateCarePlanDraft.',
})
export class CreateCarePlanInput {
  @Field(() => ID, {
    description:
      'The patient (`Patient.id`); your organisation must have a care relationship with them. They may have no other open plan of the same type; a patient agreement is refused while a SIP is open, and a SIP while an agreement is open (replace it with replaceAgreementWithSip).',
  })
  @IsId()
  patientId: string;

  @Field({ description: 'Why the plan is needed, e.g. "Behöver insatser från både region och kommun efter utskrivning".' })
  @Text(2000)
  reason: string;

  @Field(() => PlanType, { defaultValue: PlanType.SIP, description: 'SIP (the default) or PATIENT_AGREEMENT (dokumenterad överenskommelse).' })
  @IsEnum(PlanType)
  planType: PlanType = PlanType.SIP;
}

@InputType({ description: 'Whom the patient calls: a name or a role, and a phone number.' })
export class CarePlanCallContactInput {
  @Field({ description: 'A name or a role, e.g. "Hemsjukvården, sjuksköterska" (at most 200 characters).' })
  @Text(200)
  name: string;

  @Field({ description: 'Phone number: digits, spaces, +, parentheses and hyphens (5–30 characters).' })
  @Text(40)
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'must be a phone number' })
  phone: string;
}

@InputType({
  description: 'Changes to the draft of a SIP. Omitted fields stay as they are; a list given replaces the whole list (keep items by passing their ids).',
})
export class UpdateCarePlanDraftInput {
  @Field(() => ID, { description: 'The SIP whose open draft to change (`CarePlan.id`).' })
  @IsId()
  carePlanId: string;

  @Field(() => Int, { description: 'The plan version you read; CONFLICT when someone changed the plan since.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field({ nullable: true, description: 'New text for why the SIP is needed (at most 2000 characters); leave out to keep it.' })
  @IsOptional()
  @Text(2000)
  reason?: string;

  @Field(() => [CarePlanGoalInput], {
    nullable: true,
    description: 'The whole list of goals (at most 30), replacing the draft’s; keep a goal by passing its id. Leave out to keep the list.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CarePlanGoalInput)
  goals?: CarePlanGoalInput[];

  @Field(() => [CarePlanNeedInput], {
    nullable: true,
    description: 'The whole list of needs (at most 30), replacing the draft’s; keep a need by passing its id. Leave out to keep the list.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CarePlanNeedInput)
  needs?: CarePlanNeedInput[];

  @Field(() => [CarePlanActionInput], {
    nullable: true,
    description: 'The whole list of actions (at most 50), replacing the draft’s; keep an action by passing its id. Leave out to keep the list.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CarePlanActionInput)
  actions?: CarePlanActionInput[];

  @Field(() => [CarePlanParticipantInput], {
    nullable: true,
    description:
      'The whole list of participants (at most 40), replacing the draft’s; it must keep your own organisation. Organisations listed get a SIP_PARTICIPANT care relationship; one left out loses it. Leave out to keep the list.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => CarePlanParticipantInput)
  participants?: CarePlanParticipantInput[];

  @Field(() => ID, { nullable: true, description: 'The participating organisation with overall responsibility (huvudansvar); null clears it.' })
  @IsOptional()
  @IsId()
  overallResponsibleOrganisationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The named coordinator: a staff member of a participating organisation; null clears it.' })
  @IsOptional()
  @IsId()
  coordinatorStaffId?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'When the plan is to be followed up; must be after today when publishing (a SIP needs one; a patient agreement may leave it out).',
  })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.scheduled)
  nextFollowUpDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The agreement in the patient’s own words (överenskommelsen, at most 2000 characters); required to publish a patient agreement. Null clears it.',
  })
  @IsOptional()
  @Text(2000)
  agreementText?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The fixed care contact (fast vårdkontakt, `Staff.id`): staff of a participating organisation; a patient agreement is published by the contact’s organisation. Null clears it.',
  })
  @IsOptional()
  @IsId()
  careContactStaffId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The next agreed time (överenskommen tid), ISO 8601 with offset; must be in the future when a patient agreement is published. Null clears it.',
  })
  @IsOptional()
  @IsInstant()
  @DateWithin(WITHIN.scheduled)
  agreedTime?: string | null;

  @Field(() => CarePlanCallContactInput, {
    nullable: true,
    description: 'Whom the patient calls in the daytime (dagtid); required to publish a patient agreement. Null clears it.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CarePlanCallContactInput)
  daytimeContact?: CarePlanCallContactInput | null;

  @Field(() => CarePlanCallContactInput, {
    nullable: true,
    description: 'Whom the patient calls out of hours: evenings, nights, weekends (jourtid); required to publish a patient agreement. Null clears it.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CarePlanCallContactInput)
  outOfHoursContact?: CarePlanCallContactInput | null;
}

@InputType({ description: 'A SIP and the version you read, for publishing, revising or discarding a revision.' })
export class CarePlanLifecycleInput {
  @Field(() => ID, { description: 'The SIP (`CarePlan.id`).' })
  @IsId()
  carePlanId: string;

  @Field(() => Int, { description: 'The plan version you read; CONFLICT when someone changed the plan since.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@InputType({
  description:
    'Replace an active patient agreement with a SIP: a SIP draft starts from the agreement’s version in force; the agreement stays in force until the SIP is first published, then it is SUPERSEDED.',
})
export class ReplaceAgreementWithSipInput extends CarePlanLifecycleInput {
  @Field({ description: 'Why a SIP is needed now (the SIP’s reason, at most 2000 characters).' })
  @Text(2000)
  reason: string;
}

@InputType({ description: 'Close a SIP, with a reason.' })
export class CloseCarePlanInput extends CarePlanLifecycleInput {
  @Field(() => CarePlanCloseReason, { description: 'Why the SIP is closed; OTHER needs a `note`.' })
  @IsEnum(CarePlanCloseReason)
  reason: CarePlanCloseReason;

  @Field(() => String, { nullable: true, description: 'More about the reason; required for OTHER.' })
  @IsOptional()
  @Text(1000)
  note?: string | null;
}

@ArgsType()
export class CarePlansArgs extends PageArgs {
  @Field(() => ID, { description: 'The patient whose SIPs to list (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => [CarePlanStatus], { nullable: true, description: 'Only plans in these states (default: all).' })
  @IsOptional()
  @IsArray()
  @IsEnum(CarePlanStatus, { each: true })
  status?: CarePlanStatus[];
}

@ArgsType()
export class DueForFollowUpArgs extends PageArgs {
  @Field(() => Int, { defaultValue: 14, description: 'Include plans due within this many days from today (0–365). Overdue plans are always included, first.' })
  @IsInt()
  @Min(0)
  @Max(365)
  withinDays: number = 14;
}

@ArgsType()
export class CarePlanInForceArgs {
  @Field(() => ID, { description: 'The SIP (`CarePlan.id`). Give `at` or `date`.' })
  @IsId()
  carePlanId: string;

  @Field({ nullable: true, description: 'An instant, ISO 8601 with offset, e.g. "2026-03-03T10:00:00Z".' })
  @IsOptional()
  @IsInstant()
  @DateWithin(WITHIN.history)
  at?: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'A Swedish calendar date: the version in force at the end of that day.' })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.history)
  date?: string;
}

@ArgsType()
export class CarePlanDiffArgs {
  @Field(() => ID, { description: 'The SIP (`CarePlan.id`) whose versions to compare.' })
  @IsId()
  carePlanId: string;

  @Field(() => Int, { nullable: true, description: 'The older version number; null compares with an empty plan.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  fromVersion?: number | null;

  @Field(() => Int, { nullable: true, description: 'The newer version number; null means the open draft.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  toVersion?: number | null;
}
