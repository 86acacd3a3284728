import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, Text, DateWithin, WITHIN } from '../../common/validators';

@InputType({ description: 'Enroll a patient in home healthcare: your municipality together with a primary care centre.' })
export class EnrollPatientInput {
  @Field(() => ID)
  @IsId()
  patientId: string;

  @Field(() => ID, { description: 'The primary care centre (vårdcentral) sharing the enrollment.' })
  @IsId()
  primaryCareCentreId: string;

  @Field(() => ID, { description: 'Fast vårdkontakt: a nurse of your municipality (staff id).' })
  @IsId()
  namedNurseId: string;

  @Field(() => ID, { description: 'Fast läkarkontakt: a physician of the primary care centre (staff id).' })
  @IsId()
  namedPhysicianId: string;

  @Field(() => LocalDateScalar)
  @IsLocalDate()
  @DateWithin(WITHIN.period)
  startDate: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Planned or held joint home visit (gemensamt hembesök).' })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.scheduled)
  jointHomeVisitDate?: string | null;
}

@InputType({ description: 'End a home-healthcare enrollment.' })
export class EndEnrollmentInput {
  @Field(() => ID)
  @IsId()
  enrollmentId: string;

  @Field(() => LocalDateScalar)
  @IsLocalDate()
  @DateWithin(WITHIN.period)
  endDate: string;

  @Field()
  @Text(500)
  reason: string;
}

@InputType({ description: 'Add an organisation to the patient’s care team.' })
export class AddCareTeamMemberInput {
  @Field(() => ID)
  @IsId()
  patientId: string;

  @Field(() => ID)
  @IsId()
  organisationId: string;

  @Field({ description: 'Why the organisation takes part, e.g. "admitted to ward M1".' })
  @Text(500)
  reason: string;
}

@InputType({ description: 'Remove an organisation from the care team.' })
export class RemoveCareTeamMemberInput {
  @Field(() => ID)
  @IsId()
  memberId: string;

  @Field()
  @Text(500)
  reason: string;
}
