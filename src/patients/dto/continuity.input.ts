import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { DateWithin, IsId, IsLocalDate, Trim, WITHIN } from '../../common/validators';
import { Housing, NamedContactChangeReason, NamedContactRole } from '../continuity.entity';

/** At most this many staff named at one joint home visit. */
export const MAX_VISIT_PARTICIPANTS = 10;

@InputType({ description: 'Change the fast vårdkontakt or the fast läkarkontakt of an active home-healthcare enrollment.' })
export class ChangeNamedContactInput {
  @Field(() => ID, { description: 'The active enrollment (`Enrollment.id`).' })
  @IsId()
  enrollmentId: string;

  @Field(() => NamedContactRole, { description: 'Which contact to change: CARE_CONTACT (fast vårdkontakt) or PHYSICIAN (fast läkarkontakt).' })
  @IsEnum(NamedContactRole)
  role: NamedContactRole;

  @Field(() => ID, {
    description:
      'The new contact (`Staff.id`): for CARE_CONTACT a nurse of the enrolling municipality, for PHYSICIAN a physician of the enrollment’s primary care centre, as enrollment asks; not the one named now.',
  })
  @IsId()
  staffId: string;

  @Field(() => NamedContactChangeReason, { description: 'Why the contact changes.' })
  @IsEnum(NamedContactChangeReason)
  reason: NamedContactChangeReason;

  @Field(() => String, { nullable: true, description: 'A note on the reason (at most 500 characters); required when the reason is OTHER.' })
  @IsOptional()
  @Trim()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  note?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      'First day the new contact is named (YYYY-MM-DD); today when left out. Not in the future, not before the enrollment’s start date nor before the last change of the same contact.',
  })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.past)
  effectiveFrom?: string | null;
}

@InputType({ description: 'Record the patient’s boendeform from a date.' })
export class RecordHousingInput {
  @Field(() => ID, { description: 'The patient (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => Housing, { description: 'Ordinärt boende, särskilt boende (SÄBO) or korttidsboende.' })
  @IsEnum(Housing)
  housing: Housing;

  @Field(() => LocalDateScalar, { description: 'First day the patient lives so (YYYY-MM-DD); not in the future.' })
  @IsLocalDate()
  @DateWithin(WITHIN.history)
  fromDate: string;

  @Field(() => String, { nullable: true, description: 'A note (at most 500 characters), e.g. the name of the short-term unit.' })
  @IsOptional()
  @Trim()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  note?: string | null;
}

@InputType({ description: 'Record a Clinical Frailty Scale assessment (CFS 1–9); the assessor is you.' })
export class RecordFrailtyAssessmentInput {
  @Field(() => ID, { description: 'The patient (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => Int, { description: 'Clinical Frailty Scale score: 1 (very fit) to 9 (terminally ill).' })
  @IsInt({ message: 'must be a whole number from 1 to 9' })
  @Min(1, { message: 'must be a Clinical Frailty Scale score from 1 to 9' })
  @Max(9, { message: 'must be a Clinical Frailty Scale score from 1 to 9' })
  score: number;

  @Field(() => LocalDateScalar, { description: 'The day of the assessment (YYYY-MM-DD); not in the future.' })
  @IsLocalDate()
  @DateWithin(WITHIN.history)
  assessedOn: string;

  @Field(() => String, { nullable: true, description: 'A note (at most 500 characters).' })
  @IsOptional()
  @Trim()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  note?: string | null;
}

@InputType({ description: 'Record a joint home visit (gemensamt hembesök) held for an enrollment.' })
export class RecordJointHomeVisitInput {
  @Field(() => ID, { description: 'The enrollment (`Enrollment.id`) the visit was held for.' })
  @IsId()
  enrollmentId: string;

  @Field(() => LocalDateScalar, { description: 'The day of the visit (YYYY-MM-DD): on or after the enrollment’s start date, not in the future.' })
  @IsLocalDate()
  @DateWithin(WITHIN.past)
  visitedOn: string;

  @Field(() => [ID], {
    description: `Who took part (\`Staff.id\`), 2 to ${MAX_VISIT_PARTICIPANTS}: staff of the enrolling municipality and of the enrollment’s primary care centre, at least one of each.`,
  })
  @IsArray()
  @ArrayMinSize(2, { message: 'must name at least one person of the municipality and one of the primary care centre' })
  @ArrayMaxSize(MAX_VISIT_PARTICIPANTS)
  @IsId(true)
  participantStaffIds: string[];
}
