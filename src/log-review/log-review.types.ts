import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { EMERGENCY_LOG_LIMIT } from '../audit/audit-reader';
import { PageArgs } from '../common/pagination';
import { IsId, DateWithin, IsInstant, WITHIN } from '../common/validators';
import { AuditOutcome } from '../audit/audit-log.entity';
import { EmergencyAccessKind } from '../access/access.entities';

registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  description: 'Whether the logged attempt was allowed, refused or failed.',
  valuesMap: {
    ALLOWED: { description: 'Access granted and the operation done.' },
    REFUSED: { description: 'Access refused (no care relationship, role, emergency access that only reads, …); nothing was shown or changed.' },
    FAILED: { description: 'Access granted but a rule turned the operation down (a conflict, a precondition, bad input); nothing was changed.' },
  },
});

@ObjectType('AuditEntry', { description: 'One row of the access log (åtkomstlogg): who did what, in which unit, when, to which patient.' })
export class AuditEntryType {
  @Field(() => ID, { description: 'The row’s number in the log (rows are only ever appended).' })
  id: string;
  @Field({ description: 'When the access or the attempt was made.' })
  at: Date;
  staffId: string;
  organisationId: string;
  @Field({
    description:
      'The role of the assignment the staff member acted in; SYSTEM for a row the service wrote itself (the reserve routine’s command and schedule).',
  })
  role: string;
  @Field(() => ID, { nullable: true, description: 'The patient, when the access concerned one.' })
  patientId: string | null;
  @Field({ description: 'The operation, e.g. patient, myPatients, updatePatient.' })
  operation: string;
  @Field({ description: 'Why: care, log review, log extract, emergency access (when it widened what was shown), urgent read, …' })
  purpose: string;
  @Field({ description: 'Made under emergency access (nödåtkomst), or an urgent read by ambulance or out-of-hours staff; to be reviewed.' })
  emergency: boolean;
  @Field(() => AuditOutcome, { description: 'Whether it was allowed, refused or failed.' })
  outcome: AuditOutcome;
  @Field(() => String, { nullable: true, description: 'Request id, to match server logs.' })
  requestId: string | null;
}

@ObjectType('LogExtractEntry', {
  description:
    'Loggutdrag: one attempt on the patient’s data, for the patient’s right to know which units accessed it and when; refused attempts are listed too.',
})
export class LogExtractEntryType {
  @Field({ description: 'When the unit accessed, or tried to access, the patient’s data.' })
  at: Date;
  organisationId: string;
  /** The access log's role column (PATIENT or REPRESENTATIVE for the patient's own view). */
  role: string;
  @Field({ description: 'What was done, e.g. patient, activeDeteriorationPlan, updateCarePlanDraft.' })
  operation: string;
  @Field({ description: 'Made under emergency access (nödåtkomst), or an urgent read by ambulance or out-of-hours staff.' })
  emergency: boolean;
  @Field(() => AuditOutcome, { description: 'Whether it was allowed, refused or failed.' })
  outcome: AuditOutcome;
}

@ObjectType('CareTeamChange', {
  description:
    'A care-team membership as recorded: which organisation was added to whose care team, by whom and why, and its removal. For the MAS’s and unit manager’s review.',
})
export class CareTeamChangeType {
  @Field(() => ID, { description: 'The care-team membership’s id (`CareTeamMember.id`).' })
  id: string;
  @Field(() => ID, { description: 'The patient (no patient data is shown here).' })
  patientId: string;
  organisationId: string;
  addedByOrganisationId: string;
  addedByStaffId: string;
  @Field({ description: 'Why the organisation was added.' })
  reason: string;
  @Field({ description: 'When it was added.' })
  addedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was removed; null while it is in the care team.' })
  removedAt: Date | null;
  removedByStaffId: string | null;
  removedByOrganisationId: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was removed.' })
  removalReason: string | null;
}

@ArgsType()
export class CareTeamReviewArgs extends PageArgs {}

/**
 * `first` of an emergency access's accessLog: as ListArgs, but by default every row the review
 * reads (AuditReader reads at most EMERGENCY_LOG_LIMIT per access; accessLogCount counts them all).
 */
@ArgsType()
export class EmergencyLogArgs {
  @Field(() => Int, { nullable: true, defaultValue: EMERGENCY_LOG_LIMIT, description: `At most this many rows, the oldest ones: 1 to ${EMERGENCY_LOG_LIMIT}.` })
  @IsInt()
  @Min(1)
  @Max(EMERGENCY_LOG_LIMIT)
  first: number = EMERGENCY_LOG_LIMIT;
}

@ObjectType('EmergencyAccessRecord', {
  description: 'An emergency access (nödåtkomst) opened by a staff member, or an urgent read of an urgent care plan, with its review.',
})
export class EmergencyAccessType {
  @Field(() => ID, { description: 'The emergency access or urgent read; pass it to reviewEmergencyAccess.' })
  id: string;
  @Field(() => ID, { description: 'The patient (no patient data is shown here).' })
  patientId: string;
  staffId: string;
  @Field(() => EmergencyAccessKind, {
    description: 'EMERGENCY_ACCESS (nödåtkomst for a period) or URGENT_READ (one urgent read by ambulance or out-of-hours staff).',
  })
  kind: EmergencyAccessKind;
  @Field({ description: 'The reason the staff member gave when opening it (or when reading the urgent care plan).' })
  reason: string;
  @Field({ description: 'When it was opened (for an urgent read: when the plan was read).' })
  openedAt: Date;
  @Field({ description: 'When it ends (it is never extended; a new one must be opened). An urgent read has no period: the same instant as openedAt.' })
  expiresAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was reviewed (granskad); null until then.' })
  reviewedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'The reviewer’s note.' })
  reviewNote: string | null;
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only this staff member.' })
  @IsOptional()
  @IsId()
  staffId?: string;

  @Field(() => ID, { nullable: true, description: 'Only accesses to this patient.' })
  @IsOptional()
  @IsId()
  patientId?: string;

  @Field({ nullable: true, description: 'From this instant (inclusive), ISO 8601.' })
  @IsOptional()
  @IsInstant()
  @DateWithin(WITHIN.history)
  from?: string;

  @Field({ nullable: true, description: 'Until this instant (exclusive), ISO 8601.' })
  @IsOptional()
  @IsInstant()
  @DateWithin(WITHIN.history)
  to?: string;

  @Field({ defaultValue: false, description: 'Only rows flagged emergency: made under emergency access, or urgent reads (also the refused ones).' })
  @IsBoolean()
  emergencyOnly: boolean = false;
}

@ArgsType()
export class LogExtractArgs extends PageArgs {
  @Field(() => ID, { description: 'The patient whose log extract (loggutdrag) to produce.' })
  @IsId()
  patientId: string;
}

@ArgsType()
export class EmergencyReviewArgs extends PageArgs {
  @Field({ defaultValue: true, description: 'Only those not yet reviewed.' })
  @IsBoolean()
  unreviewedOnly: boolean = true;
}
