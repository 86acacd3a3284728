import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, Text, DateWithin, WITHIN } from '../../common/validators';

@InputType({ description: 'Enroll a patient in home healthcare: your municipality together with a primary care centre.' })
export class EnrollPatientInput {
  @Field(() => ID, { description: 'The patient to enroll (`Patient.id`, e.g. from registerPatient).' })
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

  @Field(() => LocalDateScalar, { description: 'First day of the enrollment (YYYY-MM-DD), within five years of today.' })
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
  @Field(() => ID, { description: 'The active enrollment to end (`Enrollment.id`).' })
  @IsId()
  enrollmentId: string;

  @Field(() => LocalDateScalar, { description: 'Last enrolled day (YYYY-MM-DD), not before the start date.' })
  @IsLocalDate()
  @DateWithin(WITHIN.period)
  endDate: string;

  @Field({ description: 'Why the enrollment ends, e.g. "flyttat till särskilt boende" (at most 500 characters).' })
  @Text(500)
  reason: string;
}

@InputType({ description: 'Add an organisation to the patient’s care team.' })
export class AddCareTeamMemberInput {
  @Field(() => ID, { description: 'The patient whose care team the organisation joins (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => ID, { description: 'The organisation to add (`Organisation.id`); never your own.' })
  @IsId()
  organisationId: string;

  @Field({ description: 'Why the organisation takes part, e.g. "admitted to ward M1".' })
  @Text(500)
  reason: string;
}

@InputType({ description: 'Remove an organisation from the care team.' })
export class RemoveCareTeamMemberInput {
  @Field(() => ID, { description: 'The membership to end (`CareTeamMember.id`).' })
  @IsId()
  memberId: string;

  @Field({ description: 'Why the organisation leaves the care team (at most 500 characters).' })
  @Text(500)
  reason: string;
}
