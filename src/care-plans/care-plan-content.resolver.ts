import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Loaders } from '../common/ctx.decorator';
import { RequestLoaders } from '../common/loaders';
import { LocalDateScalar } from '../common/scalars';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { ActionSnapshot, ParticipantSnapshot, redactIdentity } from './care-plan-snapshot';
import {
  CarePlanActionType,
  CarePlanContentType,
  CarePlanContentView,
  CarePlanGoalType,
  CarePlanNeedType,
  CarePlanParticipantType,
  CarePlanVersionType,
} from './care-plan.types';
import { CarePlanLoaders } from './care-plans.loader';

/** Plan content: from the draft's rows (one loader per list) or from a published snapshot, names withheld where the grant says so. */
@Resolver(() => CarePlanContentType)
export class CarePlanContentResolver {
  @ResolveField(() => String, { description: 'Why the SIP is needed.' })
  reason(@Parent() c: CarePlanContentView): string {
    return c.snapshot ? c.snapshot.reason : c.draftOf!.reason;
  }

  @ResolveField(() => LocalDateScalar, { nullable: true, description: 'When the plan is to be followed up.' })
  nextFollowUpDate(@Parent() c: CarePlanContentView): string | null {
    return c.snapshot ? c.snapshot.nextFollowUpDate : c.draftOf!.nextFollowUpDate;
  }

  @ResolveField(() => [CarePlanGoalType], { description: 'The patient’s own goals, in their words.' })
  goals(@Parent() c: CarePlanContentView, @Loaders() l: RequestLoaders) {
    return c.snapshot ? c.snapshot.goals : l.get(CarePlanLoaders).goals.load(c.draftOf!.id);
  }

  @ResolveField(() => [CarePlanNeedType], { description: 'Needs (behov).' })
  needs(@Parent() c: CarePlanContentView, @Loaders() l: RequestLoaders) {
    return c.snapshot ? c.snapshot.needs : l.get(CarePlanLoaders).needs.load(c.draftOf!.id);
  }

  @ResolveField(() => [CarePlanActionType], { description: 'Actions (insatser) and who is responsible for each.' })
  async actions(@Parent() c: CarePlanContentView, @Loaders() l: RequestLoaders) {
    const actions: ActionSnapshot[] = c.snapshot ? c.snapshot.actions : await l.get(CarePlanLoaders).actions.load(c.draftOf!.id);
    return redactIdentity({ ...EMPTY, actions }, c.identityVisible).actions;
  }

  @ResolveField(() => [CarePlanParticipantType], { description: 'Participants: organisations, named staff, the patient, next of kin; and whether they attended.' })
  async participants(@Parent() c: CarePlanContentView, @Loaders() l: RequestLoaders) {
    const participants: ParticipantSnapshot[] = c.snapshot ? c.snapshot.participants : await l.get(CarePlanLoaders).participants.load(c.draftOf!.id);
    return redactIdentity({ ...EMPTY, participants }, c.identityVisible).participants;
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'The organisation with overall responsibility (huvudansvar).' })
  overallResponsibleOrganisation(@Parent() c: CarePlanContentView, @Loaders() l: RequestLoaders) {
    const id = c.snapshot ? c.snapshot.overallResponsibleOrganisationId : c.draftOf!.overallResponsibleOrganisationId;
    return id ? l.get(OrganisationLoaders).organisation.load(id) : null;
  }

  @ResolveField(() => Staff, { nullable: true, description: 'The named coordinator of the plan.' })
  coordinator(@Parent() c: CarePlanContentView, @Loaders() l: RequestLoaders) {
    const id = c.snapshot ? c.snapshot.coordinatorStaffId : c.draftOf!.coordinatorStaffId;
    return id ? l.get(OrganisationLoaders).staff.load(id) : null;
  }
}

const EMPTY = { reason: '', goals: [], needs: [], actions: [], participants: [], overallResponsibleOrganisationId: null, coordinatorStaffId: null, nextFollowUpDate: null };

@Resolver(() => CarePlanVersionType)
export class CarePlanVersionResolver {
  @ResolveField(() => CarePlanContentType, { description: 'What this version says.' })
  content(@Parent() v: CarePlanVersionType) {
    return new CarePlanContentView(v.identityVisible, v.snapshot, null);
  }

  @ResolveField(() => Staff, { description: 'Who published it.' })
  publishedBy(@Parent() v: CarePlanVersionType, @Loaders() l: RequestLoaders) {
    return l.get(OrganisationLoaders).staff.load(v.publishedByStaffId);
  }

  @ResolveField(() => Organisation, { description: 'The organisation they published it for.' })
  publishedByOrganisation(@Parent() v: CarePlanVersionType, @Loaders() l: RequestLoaders) {
    return l.get(OrganisationLoaders).organisation.load(v.publishedByOrganisationId);
  }
}

@Resolver(() => CarePlanActionType)
export class CarePlanActionResolver {
  @ResolveField(() => Organisation, { nullable: true, description: 'The participating organisation responsible; null for actions by next of kin.' })
  responsibleOrganisation(@Parent() a: CarePlanActionType, @Loaders() l: RequestLoaders) {
    return a.responsibleOrganisationId ? l.get(OrganisationLoaders).organisation.load(a.responsibleOrganisationId) : null;
  }

  @ResolveField(() => Staff, { nullable: true, description: 'The staff member responsible, when named.' })
  responsibleStaff(@Parent() a: CarePlanActionType, @Loaders() l: RequestLoaders) {
    return a.responsibleStaffId ? l.get(OrganisationLoaders).staff.load(a.responsibleStaffId) : null;
  }
}

@Resolver(() => CarePlanParticipantType)
export class CarePlanParticipantResolver {
  @ResolveField(() => Organisation, { nullable: true, description: 'ORGANISATION: the unit; STAFF: the unit they represent.' })
  organisation(@Parent() p: CarePlanParticipantType, @Loaders() l: RequestLoaders) {
    return p.organisationId ? l.get(OrganisationLoaders).organisation.load(p.organisationId) : null;
  }

  @ResolveField(() => Staff, { nullable: true, description: 'STAFF: the staff member.' })
  staff(@Parent() p: CarePlanParticipantType, @Loaders() l: RequestLoaders) {
    return p.staffId ? l.get(OrganisationLoaders).staff.load(p.staffId) : null;
  }
}
