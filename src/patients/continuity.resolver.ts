import { Args, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import { canSeeIdentity, canSeeRecordedBy, PatientGrant } from '../access/patient-grant';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { CurrentActor } from '../common/ctx.decorator';
import { GqlContext } from '../common/graphql-context';
import { checkedArgs, FieldArgs, firstOf, ListArgs } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { PatientHousing } from './continuity.entity';
import { ContinuityLoaders } from './continuity.loader';
import { ContinuityService } from './continuity.service';
import { FrailtyAssessmentType, HousingRecordType, JointHomeVisitType, NamedContactChangeType } from './continuity.types';
import { ChangeNamedContactInput, RecordFrailtyAssessmentInput, RecordHousingInput, RecordJointHomeVisitInput } from './dto/continuity.input';
import { EnrollmentType } from './patient.entity-types';
import { PatientType, PatientView } from './patient.types';

/**
 * Housing tells where the patient is cared for (SÄBO, korttidsboende): like the address it is withheld
 * under protected identity without a direct care relationship, and like other documentation it is
 * shown to another organisation only with consent and without a block.
 */
const canSeeHousing = (g: PatientGrant, h: PatientHousing) => canSeeIdentity(g) && canSeeRecordedBy(g, h.recordedByOrganisationId);

@Resolver(() => PatientType)
export class ContinuityResolver {
  constructor(
    private readonly continuity: ContinuityService,
    private readonly clock: Clock,
  ) {}

  @Mutation(() => EnrollmentType, {
    description:
      'Change the fast vårdkontakt (CARE_CONTACT: a nurse of the enrolling municipality, changed by the municipality) or the fast läkarkontakt (PHYSICIAN: a physician of the primary care centre, changed by the centre) of an active enrollment, with a reason; the change is kept in `Enrollment.namedContactChanges`. CONFLICT when the enrollment has ended; BAD_USER_INPUT naming the field when the new contact is the current one or not staff of the right organisation and role.',
  })
  changeNamedContact(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The enrollment, which contact, the new person and why.' }) input: ChangeNamedContactInput,
  ) {
    return this.continuity.changeNamedContact(actor, input);
  }

  @Mutation(() => HousingRecordType, {
    description: 'Record the patient’s boendeform (ordinärt boende, särskilt boende, korttidsboende) from a date; earlier records stay as history.',
  })
  recordHousing(@CurrentActor() actor: Actor, @Args('input', { description: 'The patient, the housing and from when.' }) input: RecordHousingInput) {
    return this.continuity.recordHousing(actor, input);
  }

  @Mutation(() => FrailtyAssessmentType, {
    description: 'Record a Clinical Frailty Scale assessment (skörhetsbedömning, CFS 1–9) on a day not in the future; you are recorded as the assessor.',
  })
  recordFrailtyAssessment(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient, the score and the day of the assessment.' }) input: RecordFrailtyAssessmentInput,
  ) {
    return this.continuity.recordFrailty(actor, input);
  }

  @Mutation(() => JointHomeVisitType, {
    description:
      'Record a joint home visit (gemensamt hembesök) held for an enrollment, with staff of both the municipality and the primary care centre taking part. Counted by the follow-up indicator JOINT_HOME_VISIT_AT_ENROLLMENT when held within 14 days of the enrollment’s start.',
  })
  recordJointHomeVisit(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The enrollment, the day and who took part.' }) input: RecordJointHomeVisitInput,
  ) {
    return this.continuity.recordJointHomeVisit(actor, input);
  }

  @ResolveField(() => HousingRecordType, {
    nullable: true,
    description:
      'Boendeform today: the newest housing record from today or earlier. Null when none is recorded or you may not see it (protected identity without a direct care relationship, or recorded by another organisation without consent).',
  })
  async housing(v: PatientView, _args: unknown, ctx: GqlContext) {
    const today = this.clock.today();
    const rows = await ctx.loaders.get(ContinuityLoaders).housing.load(v.entity.id);
    return rows.find((h) => h.fromDate <= today && canSeeHousing(v.grant, h)) ?? null;
  }

  @ResolveField(() => [HousingRecordType], {
    description: 'Housing records, newest from-date first, those you may see (as for `housing`): the first `first` of them.',
  })
  async housingHistory(v: PatientView, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    const rows = await ctx.loaders.get(ContinuityLoaders).housing.load(v.entity.id);
    return firstOf(
      rows.filter((h) => canSeeHousing(v.grant, h)),
      first,
    );
  }

  @ResolveField(() => FrailtyAssessmentType, {
    nullable: true,
    description:
      'The latest Clinical Frailty Scale assessment (by assessment day). Null when none, or when it was recorded by another organisation and no consent covers yours (or it is blocked).',
  })
  async frailty(v: PatientView, _args: unknown, ctx: GqlContext) {
    const rows = await ctx.loaders.get(ContinuityLoaders).frailty.load(v.entity.id);
    return rows.find((a) => canSeeRecordedBy(v.grant, a.recordedByOrganisationId)) ?? null;
  }

  @ResolveField(() => [FrailtyAssessmentType], {
    description: 'Clinical Frailty Scale assessments, newest first, those you may see (as for `frailty`): the first `first` of them.',
  })
  async frailtyAssessments(v: PatientView, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    const rows = await ctx.loaders.get(ContinuityLoaders).frailty.load(v.entity.id);
    return firstOf(
      rows.filter((a) => canSeeRecordedBy(v.grant, a.recordedByOrganisationId)),
      first,
    );
  }
}

@Resolver(() => EnrollmentType)
export class EnrollmentContinuityResolver {
  @ResolveField(() => [NamedContactChangeType], {
    description: 'Changes of the fast vårdkontakt and fast läkarkontakt, newest first (history): the first `first` of them.',
  })
  async namedContactChanges(e: EnrollmentType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    return firstOf(await ctx.loaders.get(ContinuityLoaders).contactChanges.load(e.id), first);
  }

  @ResolveField(() => [JointHomeVisitType], {
    description: 'Joint home visits (gemensamma hembesök) recorded for the enrollment, newest first: the first `first` of them.',
  })
  async jointHomeVisits(e: EnrollmentType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    return firstOf(await ctx.loaders.get(ContinuityLoaders).homeVisits.load(e.id), first);
  }
}

@Resolver(() => NamedContactChangeType)
export class NamedContactChangeResolver {
  @ResolveField(() => Staff, { description: 'Who was named before the change.' })
  previousContact(c: NamedContactChangeType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(c.previousStaffId);
  }
  @ResolveField(() => Staff, { description: 'Who is named from `effectiveFrom`.' })
  newContact(c: NamedContactChangeType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(c.newStaffId);
  }
  @ResolveField(() => Staff, { description: 'Who recorded the change.' })
  changedBy(c: NamedContactChangeType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(c.changedByStaffId);
  }
  @ResolveField(() => Organisation, { description: 'The organisation the change was recorded in.' })
  changedByOrganisation(c: NamedContactChangeType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(c.changedByOrganisationId);
  }
}

@Resolver(() => HousingRecordType)
export class HousingRecordResolver {
  @ResolveField(() => Organisation, { description: 'The organisation that recorded the housing.' })
  recordedBy(h: HousingRecordType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(h.recordedByOrganisationId);
  }
}

@Resolver(() => FrailtyAssessmentType)
export class FrailtyAssessmentResolver {
  @ResolveField(() => Staff, { description: 'The assessor: the staff member who recorded the assessment.' })
  assessor(a: FrailtyAssessmentType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(a.assessedByStaffId);
  }
  @ResolveField(() => Organisation, { description: 'The organisation the assessment was recorded in.' })
  recordedBy(a: FrailtyAssessmentType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(a.recordedByOrganisationId);
  }
}

@Resolver(() => JointHomeVisitType)
export class JointHomeVisitResolver {
  @ResolveField(() => [Staff], { description: 'Who took part: staff of the municipality and of the primary care centre.' })
  async participants(v: JointHomeVisitType, _args: unknown, ctx: GqlContext) {
    const staff = ctx.loaders.get(OrganisationLoaders).staff;
    return (await Promise.all(v.participantStaffIds.map((id) => staff.load(id)))).filter((s): s is Staff => !!s);
  }
  @ResolveField(() => Organisation, { description: 'The organisation the visit was recorded in.' })
  recordedBy(v: JointHomeVisitType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(v.recordedByOrganisationId);
  }
}
