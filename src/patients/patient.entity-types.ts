import { Field, ID, ObjectType } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/scalars';
import { ConsentGivenBy, ConsentKind, ConsentScope } from './consent.entity';
import { EnrollmentStatus } from './enrollment.entity';

@ObjectType('Enrollment', { description: 'Home-healthcare enrollment (inskrivning i hälso- och sjukvård i hemmet), by a municipality together with a primary care centre.' })
export class EnrollmentType {
  @Field(() => ID)
  id: string;
  @Field(() => EnrollmentStatus)
  status: EnrollmentStatus;
  @Field(() => ID)
  patientId: string;
  municipalityId: string;
  primaryCareId: string;
  namedNurseId: string;
  namedPhysicianId: string;
  @Field(() => LocalDateScalar)
  startDate: string;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Gemensamt hembesök (joint home visit) at enrollment.' })
  jointHomeVisitDate: string | null;
  @Field(() => LocalDateScalar, { nullable: true })
  endDate: string | null;
  @Field(() => String, { nullable: true })
  endReason: string | null;
  @Field()
  createdAt: Date;
}

@ObjectType('CareTeamMember', { description: 'An organisation in the patient’s care team (vårdteam), with the reason it takes part.' })
export class CareTeamMemberType {
  @Field(() => ID)
  id: string;
  organisationId: string;
  @Field()
  reason: string;
  @Field()
  addedAt: Date;
  @Field(() => Date, { nullable: true })
  removedAt: Date | null;
  @Field(() => String, { nullable: true })
  removalReason: string | null;
}

@ObjectType('Consent', { description: 'A recorded consent (samtycke): who gave it, who recorded it, its scope and validity.' })
export class ConsentType {
  @Field(() => ID)
  id: string;
  @Field(() => ConsentKind)
  kind: ConsentKind;
  @Field(() => ConsentGivenBy)
  givenBy: ConsentGivenBy;
  @Field(() => String, { nullable: true, description: 'The representative who consented for the patient.' })
  representativeName: string | null;
  @Field(() => ConsentScope)
  scope: ConsentScope;
  @Field(() => [ID], { description: 'For NAMED_ORGANISATIONS: the organisations covered.' })
  organisationIds: string[];
  @Field(() => LocalDateScalar)
  validFrom: string;
  @Field(() => LocalDateScalar, { nullable: true })
  validUntil: string | null;
  recordedByStaffId: string;
  recordedByOrganisationId: string;
  @Field()
  recordedAt: Date;
  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
  @Field(() => String, { nullable: true })
  revocationReason: string | null;
  @Field({ description: 'Valid today and not revoked.' })
  active: boolean;
}
