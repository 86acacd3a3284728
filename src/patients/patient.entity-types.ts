import { Field, ID, ObjectType } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/scalars';
import { ConsentGivenBy, ConsentKind, ConsentScope } from './consent.entity';
import { EnrollmentStatus } from './enrollment.entity';

@ObjectType('Enrollment', {
  description: 'Home-healthcare enrollment (inskrivning i hälso- och sjukvård i hemmet), by a municipality together with a primary care centre.',
})
export class EnrollmentType {
  @Field(() => ID, { description: 'The enrollment’s id in this service, e.g. for `endEnrollment`.' })
  id: string;
  @Field(() => EnrollmentStatus, {
    description: 'ACTIVE until the enrollment is ended (`endEnrollment`), then ENDED. A patient has at most one ACTIVE enrollment.',
  })
  status: EnrollmentStatus;
  @Field(() => ID, { description: 'Id of the enrolled patient (`Patient.id`).' })
  patientId: string;
  municipalityId: string;
  primaryCareId: string;
  namedNurseId: string;
  namedPhysicianId: string;
  @Field(() => LocalDateScalar, { description: 'First day of the enrollment in home healthcare (YYYY-MM-DD).' })
  startDate: string;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Gemensamt hembesök (joint home visit) at enrollment.' })
  jointHomeVisitDate: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Last enrolled day (YYYY-MM-DD); null while the enrollment is active.' })
  endDate: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Why the enrollment was ended, as written by whoever ended it (e.g. "flyttat till särskilt boende"); null while it is active.',
  })
  endReason: string | null;
  @Field({ description: 'When the enrollment was recorded in this service (not the start date).' })
  createdAt: Date;
}

@ObjectType('CareTeamMember', { description: 'An organisation in the patient’s care team (vårdteam), with the reason it takes part.' })
export class CareTeamMemberType {
  @Field(() => ID, { description: 'The membership’s id in this service, e.g. for `removeCareTeamMember`.' })
  id: string;
  organisationId: string;
  @Field({ description: 'Why the organisation takes part in the care team, as written by the organisation that added it (e.g. "admitted to ward M1").' })
  reason: string;
  @Field({ description: 'When the organisation was added to the care team.' })
  addedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the organisation was removed from the care team; null while it is a member.' })
  removedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was removed, as written by whoever removed it; null while it is a member.' })
  removalReason: string | null;
}

@ObjectType('Consent', { description: 'A recorded consent (samtycke): who gave it, who recorded it, its scope and validity.' })
export class ConsentType {
  @Field(() => ID, { description: 'The consent’s id in this service, e.g. for `revokeConsent`.' })
  id: string;
  @Field(() => ConsentKind, { description: 'What the consent is to: information sharing between organisations, or a SIP (samordnad individuell plan).' })
  kind: ConsentKind;
  @Field(() => ConsentGivenBy, { description: 'Whether the patient gave the consent or a representative did (then `representativeName` names them).' })
  givenBy: ConsentGivenBy;
  @Field(() => String, { nullable: true, description: 'The representative who consented for the patient.' })
  representativeName: string | null;
  @Field(() => ConsentScope, {
    description: 'Which organisations the consent covers: every organisation with a care relationship (CARE_TEAM) or only those in `organisationIds`.',
  })
  scope: ConsentScope;
  @Field(() => [ID], { description: 'For NAMED_ORGANISATIONS: the organisations covered.' })
  organisationIds: string[];
  @Field(() => LocalDateScalar, { description: 'First day the consent applies (YYYY-MM-DD).' })
  validFrom: string;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day the consent applies (YYYY-MM-DD, inclusive); null when it applies until revoked.' })
  validUntil: string | null;
  recordedByStaffId: string;
  recordedByOrganisationId: string;
  @Field({ description: 'When the consent was recorded in this service.' })
  recordedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the consent was revoked (återkallat); null while it is not.' })
  revokedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the consent was revoked, as written by whoever revoked it; null while it is not revoked.' })
  revocationReason: string | null;
  @Field({ description: 'True when the consent applies today (Europe/Stockholm): not revoked, and today is between validFrom and validUntil, both inclusive.' })
  active: boolean;
}
