import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { Connection } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { ReviewEmergencyAccessInput } from '../patients/dto/consent.input';
import { AuditReviewService } from './audit-review.service';
import { AuditEntryType, AuditLogArgs, EmergencyAccessType, EmergencyReviewArgs, LogExtractArgs, LogExtractEntryType } from './audit.types';
import { GqlContext } from '../common/graphql-context';

const AuditConnection = Connection(AuditEntryType, 'AuditEntry', 'A page of the access log, newest first.');
const LogExtractConnection = Connection(LogExtractEntryType, 'LogExtract', 'A page of a patient’s log extract, newest first.');
const EmergencyConnection = Connection(EmergencyAccessType, 'EmergencyAccess', 'A page of emergency accesses, oldest first.');

@Resolver(() => AuditEntryType)
export class AuditResolver {
  constructor(private readonly review: AuditReviewService) {}

  @Query(() => AuditConnection, { description: 'MAS and unit managers: the access log of your organisation’s staff, filtered by staff, patient, period or emergency access.' })
  auditLog(@CurrentActor() actor: Actor, @Args() args: AuditLogArgs) {
    return this.review.search(actor, args);
  }

  @Query(() => LogExtractConnection, { description: 'MAS and unit managers: a patient’s log extract (loggutdrag) — which units accessed their data and when.' })
  patientLogExtract(@CurrentActor() actor: Actor, @Args() args: LogExtractArgs) {
    return this.review.extract(actor, args);
  }

  @Query(() => EmergencyConnection, { description: 'MAS and unit managers: emergency accesses opened by your organisation’s staff, for review.' })
  emergencyAccessesForReview(@CurrentActor() actor: Actor, @Args() args: EmergencyReviewArgs) {
    return this.review.emergencyAccesses(actor, args);
  }

  @Mutation(() => EmergencyAccessType, { description: 'Record that an emergency access was reviewed, with a note.' })
  reviewEmergencyAccess(@CurrentActor() actor: Actor, @Args('input') input: ReviewEmergencyAccessInput) {
    return this.review.review(actor, input.emergencyAccessId, input.note);
  }

  @ResolveField(() => Staff)
  staff(e: AuditEntryType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(e.staffId);
  }

  @ResolveField(() => Organisation)
  organisation(e: AuditEntryType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(e.organisationId);
  }
}

@Resolver(() => LogExtractEntryType)
export class LogExtractResolver {
  @ResolveField(() => Organisation, { description: 'The unit that accessed the data.' })
  organisation(e: LogExtractEntryType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(e.organisationId);
  }
}

@Resolver(() => EmergencyAccessType)
export class EmergencyAccessResolver {
  @ResolveField(() => Staff)
  staff(e: EmergencyAccessType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(e.staffId);
  }
}
