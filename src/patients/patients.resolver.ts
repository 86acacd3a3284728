import { Args, Info, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Actor } from '../common/actor';
import { CurrentActor, Loaders } from '../common/ctx.decorator';
import { RequestLoaders } from '../common/loaders';
import { checkedArgs, Connection, FieldArgs, firstOf, ListArgs } from '../common/pagination';
import { PersonnummerScalar } from '../common/personnummer';
import { IdArg } from '../common/id.pipe';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { CareTeamService } from './care-team.service';
import { ConsentService } from './consent.service';
import { AddCareTeamMemberInput, EndEnrollmentInput, EnrollPatientInput, RemoveCareTeamMemberInput } from './dto/enrollment.input';
import { OpenEmergencyAccessInput, RecordConsentInput, RequestBlockOpeningInput, RevokeConsentInput } from './dto/consent.input';
import { MyPatientsArgs, RegisterPatientInput, UpdatePatientInput } from './dto/patient.input';
import { CareTeamMemberType, ConsentType, EnrollmentType } from './patient.entity-types';
import { CareRelationshipType, PatientRegistrationType, PatientType, PatientView } from './patient.types';
import { PatientLoaders } from './patients.loader';
import { selectsAnyOf } from './patient-glance';
import { PatientGlance } from './patient-glance';
import { PatientsService } from './patients.service';
import { BlockOpeningType, InformationBlockType } from './block.types';
import { Consent } from './consent.entity';
import { Clock } from '../common/clock';
import { GqlContext } from '../common/graphql-context';

const PatientConnection = Connection(PatientType, 'Patient', 'A page of patients.');
const ACTIVE_ENROLLMENT_FIELD: ReadonlySet<string> = new Set(['activeEnrollment']);

@Resolver(() => PatientType)
export class PatientsResolver {
  constructor(
    private readonly patients: PatientsService,
    private readonly careTeamService: CareTeamService,
    private readonly consentService: ConsentService,
    private readonly glance: PatientGlance,
  ) {}

  @Query(() => PatientType, { description: 'One patient. A patient you may not see is NOT_FOUND, exactly like one that does not exist.' })
  patient(@CurrentActor() actor: Actor, @IdArg('id', 'The patient’s id in this service (`Patient.id`), not the personnummer.') id: string) {
    return this.patients.get(actor, id);
  }

  @Query(() => PatientType, {
    nullable: true,
    description: 'Find a patient by exact personnummer. Null when there is no such patient or you may not see them. Every search is logged.',
  })
  findPatient(
    @CurrentActor() actor: Actor,
    @Args('personnummer', { type: () => PersonnummerScalar, description: 'The exact personnummer or samordningsnummer to look up; no partial matches.' })
    personnummer: string,
  ) {
    return this.patients.findByPersonnummer(actor, personnummer);
  }

  @Query(() => PatientConnection, { description: 'Your caseload: patients your organisation has a care relationship with, by family name.' })
  myPatients(@CurrentActor() actor: Actor, @Args() args: MyPatientsArgs, @Loaders() l: RequestLoaders, @Info() info: GraphQLResolveInfo) {
    return this.patients.caseload(actor, args, l, {
      glance: selectsAnyOf(info, this.glance.fields),
      activeEnrollment: selectsAnyOf(info, ACTIVE_ENROLLMENT_FIELD),
    });
  }

  @Mutation(() => PatientRegistrationType, {
    description:
      'Register a person for an enrollment (your municipality) or a hospital stay (your ward). Answers the patient’s id and nothing else, the same whether the personnummer was new or already known (then nothing you sent is stored), so it tells no one whether a person is in the service. Registering gives no care relationship: start the process it is for (enrollPatient within 24 hours, or openDischargeProcess), which does.',
  })
  registerPatient(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The person’s personnummer, name and contact details, and what the registration is for.' }) input: RegisterPatientInput,
  ) {
    return this.patients.register(actor, input);
  }

  @Mutation(() => PatientType, {
    description:
      'Change a patient’s details, protected identity included. Needs a direct care relationship (FORBIDDEN on SIP participation or emergency access alone). CONFLICT when expectedVersion is stale.',
  })
  updatePatient(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient, the version you read, and the fields to change.' }) input: UpdatePatientInput,
  ) {
    return this.patients.update(actor, input);
  }

  @Mutation(() => EnrollmentType, {
    description:
      'Enroll a patient in home healthcare (inskrivning): your municipality with a primary care centre, naming the fast vårdkontakt and fast läkarkontakt.',
  })
  enrollPatient(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient, start date, primary care centre, fast vårdkontakt and fast läkarkontakt.' }) input: EnrollPatientInput,
  ) {
    return this.careTeamService.enroll(actor, input);
  }

  @Mutation(() => EnrollmentType, { description: 'End a home-healthcare enrollment with a reason. The history is kept.' })
  endEnrollment(@CurrentActor() actor: Actor, @Args('input', { description: 'The enrollment, its last day and the reason.' }) input: EndEnrollmentInput) {
    return this.careTeamService.endEnrollment(actor, input);
  }

  @Mutation(() => CareTeamMemberType, {
    description:
      'Add another organisation (e.g. social services, a unit taking over) to the patient’s care team, giving it a direct care relationship. Needs a direct care relationship of your own; never your own organisation. Recorded with who and why for review.',
  })
  addCareTeamMember(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient, the organisation to add and why.' }) input: AddCareTeamMemberInput,
  ) {
    return this.careTeamService.addMember(actor, input);
  }

  @Mutation(() => CareTeamMemberType, {
    description: 'Remove an organisation from the care team, with a reason (its relationship through the care team ends). Needs a direct care relationship.',
  })
  removeCareTeamMember(@CurrentActor() actor: Actor, @Args('input', { description: 'The membership to end and why.' }) input: RemoveCareTeamMemberInput) {
    return this.careTeamService.removeMember(actor, input);
  }

  @Mutation(() => ConsentType, { description: 'Record a consent (samtycke) given by the patient or a representative.' })
  recordConsent(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'What was consented to, by whom, for which organisations and for how long.' }) input: RecordConsentInput,
  ) {
    return this.consentService.record(actor, input);
  }

  @Mutation(() => ConsentType, { description: 'Revoke a consent, with a reason.' })
  revokeConsent(@CurrentActor() actor: Actor, @Args('input', { description: 'The consent and the reason.' }) input: RevokeConsentInput) {
    return this.consentService.revoke(actor, input);
  }

  @Mutation(() => InformationBlockType, {
    description: 'At the patient’s request, block (spärra) what your organisation recorded about them from all other organisations.',
  })
  blockInformation(
    @CurrentActor() actor: Actor,
    @IdArg('patientId', 'The patient (`Patient.id`) who asks that your organisation’s information be blocked.') patientId: string,
  ) {
    return this.consentService.block(actor, patientId);
  }

  @Mutation(() => InformationBlockType, { description: 'Lift a block your organisation holds.' })
  liftBlock(@CurrentActor() actor: Actor, @IdArg('blockId', 'The block to lift (`InformationBlock.id`), held by your organisation.') blockId: string) {
    return this.consentService.liftBlock(actor, blockId);
  }

  @Mutation(() => BlockOpeningType, { description: 'Step 1 of 2 to open blocked information: state the basis (patient consent or emergency) and the reason.' })
  requestBlockOpening(@CurrentActor() actor: Actor, @Args('input', { description: 'The patient, the basis and the reason.' }) input: RequestBlockOpeningInput) {
    return this.consentService.requestOpening(actor, input);
  }

  @Mutation(() => BlockOpeningType, { description: 'Step 2 of 2: confirm your request; the blocked information is open to you for 4 hours.' })
  confirmBlockOpening(
    @CurrentActor() actor: Actor,
    @IdArg('openingId', 'Your requested opening (`BlockOpening.id` from requestBlockOpening), at most 15 minutes old.') openingId: string,
  ) {
    return this.consentService.confirmOpening(actor, openingId);
  }

  @Mutation(() => PatientType, {
    description:
      'Emergency access (nödåtkomst) to a patient who cannot consent, for 4 hours: reading only. It never changes anything, never shows a protected identity, and every answer it widens is flagged in the log for review.',
  })
  openEmergencyAccess(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient’s personnummer and the reason for emergency access.' }) input: OpenEmergencyAccessInput,
  ) {
    return this.consentService.openEmergency(actor, input);
  }

  // Scalar fields are getters on PatientView (filtered by the grant); relations go through loaders.

  @ResolveField(() => EnrollmentType, { nullable: true, description: 'The active home-healthcare enrollment, if any.' })
  activeEnrollment(v: PatientView, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(PatientLoaders).activeEnrollment.use(v.entity.id, (e) => e);
  }

  @ResolveField(() => [EnrollmentType], { description: 'Enrollments, newest first, ended ones included: the first `first` of them.' })
  async enrollments(v: PatientView, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    return firstOf(await ctx.loaders.get(PatientLoaders).enrollments.load(v.entity.id), first);
  }

  @ResolveField(() => [CareTeamMemberType], { description: 'Organisations in the care team now, longest-standing first: the first `first` of them.' })
  async careTeam(v: PatientView, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    return firstOf(await ctx.loaders.get(PatientLoaders).careTeam.load(v.entity.id), first);
  }

  @ResolveField(() => [CareRelationshipType], { description: 'Every organisation with a care relationship now, and why, by kind: the first `first` of them.' })
  async careRelationships(v: PatientView, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    return firstOf(await ctx.loaders.get(PatientLoaders).relationships.load(v.entity.id), first);
  }

  @ResolveField(() => [ConsentType], { description: 'Consents recorded for the patient, newest first, revoked ones included: the first `first` of them.' })
  async consents(v: PatientView, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    return firstOf(await ctx.loaders.get(PatientLoaders).consents.load(v.entity.id), first);
  }
}

@Resolver(() => EnrollmentType)
export class EnrollmentResolver {
  @ResolveField(() => Organisation, {
    description: 'The municipality (kommunal hemsjukvård) that enrolled the patient and is responsible for the home healthcare.',
  })
  municipality(e: EnrollmentType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.use(e.municipalityId, (x) => x);
  }
  @ResolveField(() => Organisation, { description: 'The primary care centre (vårdcentral).' })
  primaryCareCentre(e: EnrollmentType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.use(e.primaryCareId, (x) => x);
  }
  @ResolveField(() => Staff, { description: 'Fast vårdkontakt: the named nurse.' })
  namedNurse(e: EnrollmentType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.use(e.namedNurseId, (x) => x);
  }
  @ResolveField(() => Staff, { description: 'Fast läkarkontakt: the named GP.' })
  namedPhysician(e: EnrollmentType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.use(e.namedPhysicianId, (x) => x);
  }
}

@Resolver(() => CareTeamMemberType)
export class CareTeamMemberResolver {
  @ResolveField(() => Organisation, { description: 'The organisation that is (or was) in the care team.' })
  organisation(m: CareTeamMemberType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(m.organisationId);
  }
}

@Resolver(() => CareRelationshipType)
export class CareRelationshipResolver {
  @ResolveField(() => Organisation, { description: 'The organisation that has the care relationship.' })
  organisation(r: CareRelationshipType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(r.organisationId);
  }
}

@Resolver(() => ConsentType)
export class ConsentResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => Organisation, { description: 'The organisation that recorded the consent.' })
  recordedBy(c: ConsentType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(c.recordedByOrganisationId);
  }
  @ResolveField()
  active(c: Consent): boolean {
    const today = this.clock.today();
    return !c.revokedAt && c.validFrom <= today && (!c.validUntil || c.validUntil >= today);
  }
}
