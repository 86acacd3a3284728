import { ResolveField, Resolver } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/scalars';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { ActionSnapshot, agreementPart, ParticipantSnapshot, redactIdentity } from './care-plan-snapshot';
import { draftAgreement } from './care-plan-store';
import {
  CarePlanCallContactType,
  CarePlanActionType,
  CarePlanContentType,
  CarePlanContentView,
  CarePlanGoalType,
  CarePlanNeedType,
  CarePlanParticipantType,
  CarePlanVersionType,
} from './care-plan.types';
import { CarePlanLoaders } from './care-plans.loader';
import { GqlContext } from '../common/graphql-context';

/** Plan content: from the draft's rows (one loader per list) or from a published snapshot, names withheld where the grant says so. */
@Resolver(() => CarePlanContentType)
export class CarePlanContentResolver {
  @ResolveField(() => String, { description: 'Why the SIP is needed.' })
  reason(c: CarePlanContentView): string {
    return c.snapshot ? c.snapshot.reason : c.draftOf!.reason;
  }

  @ResolveField(() => LocalDateScalar, { nullable: true, description: 'When the plan is to be followed up.' })
  nextFollowUpDate(c: CarePlanContentView): string | null {
    return c.snapshot ? c.snapshot.nextFollowUpDate : c.draftOf!.draftNextFollowUpDate;
  }

  @ResolveField(() => [CarePlanGoalType], { description: 'The patient’s own goals, in their words.' })
  goals(c: CarePlanContentView, _args: unknown, ctx: GqlContext) {
    return c.snapshot ? c.snapshot.goals : ctx.loaders.get(CarePlanLoaders).goals.load(c.draftOf!.id);
  }

  @ResolveField(() => [CarePlanNeedType], { description: 'Needs (behov).' })
  needs(c: CarePlanContentView, _args: unknown, ctx: GqlContext) {
    return c.snapshot ? c.snapshot.needs : ctx.loaders.get(CarePlanLoaders).needs.load(c.draftOf!.id);
  }

  @ResolveField(() => [CarePlanActionType], { description: 'Actions (insatser) and who is responsible for each.' })
  async actions(c: CarePlanContentView, _args: unknown, ctx: GqlContext) {
    const actions: ActionSnapshot[] = c.snapshot ? c.snapshot.actions : await ctx.loaders.get(CarePlanLoaders).actions.load(c.draftOf!.id);
    return redactIdentity({ ...EMPTY, actions }, c.identityVisible).actions;
  }

  @ResolveField(() => [CarePlanParticipantType], {
    description: 'Participants: organisations, named staff, the patient, next of kin; and whether they attended.',
  })
  async participants(c: CarePlanContentView, _args: unknown, ctx: GqlContext) {
    const participants: ParticipantSnapshot[] = c.snapshot ? c.snapshot.participants : await ctx.loaders.get(CarePlanLoaders).participants.load(c.draftOf!.id);
    return redactIdentity({ ...EMPTY, participants }, c.identityVisible).participants;
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'The organisation with overall responsibility (huvudansvar).' })
  overallResponsibleOrganisation(c: CarePlanContentView, _args: unknown, ctx: GqlContext) {
    const id = c.snapshot ? c.snapshot.overallResponsibleOrganisationId : c.draftOf!.overallResponsibleOrganisationId;
    return id ? ctx.loaders.get(OrganisationLoaders).organisation.load(id) : null;
  }

  @ResolveField(() => Staff, { nullable: true, description: 'The named coordinator of the plan.' })
  coordinator(c: CarePlanContentView, _args: unknown, ctx: GqlContext) {
    const id = c.snapshot ? c.snapshot.coordinatorStaffId : c.draftOf!.coordinatorStaffId;
    return id ? ctx.loaders.get(OrganisationLoaders).staff.load(id) : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'The agreement in the patient’s own words (överenskommelsen); a patient agreement has one when published, a SIP may.',
  })
  agreementText(c: CarePlanContentView): string | null {
    return agreementOf(c).agreementText;
  }

  @ResolveField(() => Staff, { nullable: true, description: 'The fixed care contact (fast vårdkontakt).' })
  careContact(c: CarePlanContentView, _args: unknown, ctx: GqlContext) {
    const id = agreementOf(c).careContactStaffId;
    return id ? ctx.loaders.get(OrganisationLoaders).staff.load(id) : null;
  }

  @ResolveField(() => Date, { nullable: true, description: 'The next agreed time with the patient (överenskommen tid).' })
  agreedTime(c: CarePlanContentView): Date | null {
    const t = agreementOf(c).agreedTime;
    return t ? new Date(t) : null;
  }

  @ResolveField(() => CarePlanCallContactType, { nullable: true, description: 'Whom the patient calls in the daytime (dagtid).' })
  daytimeContact(c: CarePlanContentView): CarePlanCallContactType | null {
    const a = agreementOf(c);
    return a.daytimeContactName && a.daytimeContactPhone ? { name: a.daytimeContactName, phone: a.daytimeContactPhone } : null;
  }

  @ResolveField(() => CarePlanCallContactType, { nullable: true, description: 'Whom the patient calls out of hours: evenings, nights, weekends (jourtid).' })
  outOfHoursContact(c: CarePlanContentView): CarePlanCallContactType | null {
    const a = agreementOf(c);
    return a.outOfHoursContactName && a.outOfHoursContactPhone ? { name: a.outOfHoursContactName, phone: a.outOfHoursContactPhone } : null;
  }
}

function agreementOf(c: CarePlanContentView) {
  return c.snapshot ? agreementPart(c.snapshot) : draftAgreement(c.draftOf!);
}

const EMPTY = {
  reason: '',
  goals: [],
  needs: [],
  actions: [],
  participants: [],
  overallResponsibleOrganisationId: null,
  coordinatorStaffId: null,
  nextFollowUpDate: null,
};

@Resolver(() => CarePlanVersionType)
export class CarePlanVersionResolver {
  @ResolveField(() => CarePlanContentType, { description: 'What this version says.' })
  content(v: CarePlanVersionType) {
    return new CarePlanContentView(v.identityVisible, v.snapshot, null);
  }

  @ResolveField(() => Staff, { description: 'Who published it.' })
  publishedBy(v: CarePlanVersionType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(v.publishedByStaffId);
  }

  @ResolveField(() => Organisation, { description: 'The organisation they published it for.' })
  publishedByOrganisation(v: CarePlanVersionType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(v.publishedByOrganisationId);
  }
}

@Resolver(() => CarePlanActionType)
export class CarePlanActionResolver {
  @ResolveField(() => Organisation, { nullable: true, description: 'The participating organisation responsible; null for actions by next of kin.' })
  responsibleOrganisation(a: CarePlanActionType, _args: unknown, ctx: GqlContext) {
    return a.responsibleOrganisationId ? ctx.loaders.get(OrganisationLoaders).organisation.load(a.responsibleOrganisationId) : null;
  }

  @ResolveField(() => Staff, { nullable: true, description: 'The staff member responsible, when named.' })
  responsibleStaff(a: CarePlanActionType, _args: unknown, ctx: GqlContext) {
    return a.responsibleStaffId ? ctx.loaders.get(OrganisationLoaders).staff.load(a.responsibleStaffId) : null;
  }
}

@Resolver(() => CarePlanParticipantType)
export class CarePlanParticipantResolver {
  @ResolveField(() => Organisation, { nullable: true, description: 'ORGANISATION: the unit; STAFF: the unit they represent.' })
  organisation(p: CarePlanParticipantType, _args: unknown, ctx: GqlContext) {
    return p.organisationId ? ctx.loaders.get(OrganisationLoaders).organisation.load(p.organisationId) : null;
  }

  @ResolveField(() => Staff, { nullable: true, description: 'STAFF: the staff member.' })
  staff(p: CarePlanParticipantType, _args: unknown, ctx: GqlContext) {
    return p.staffId ? ctx.loaders.get(OrganisationLoaders).staff.load(p.staffId) : null;
  }
}
