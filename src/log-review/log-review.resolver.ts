import { Args, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, PATIENT_ACTOR_ROLE, REPRESENTATIVE_ACTOR_ROLE } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { GqlContext } from '../common/graphql-context';
import { checkedArgs, Connection, FieldArgs, firstOf } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { ReviewEmergencyAccessInput } from '../patients/dto/consent.input';
import { EMERGENCY_LOG_LIMIT } from '../audit/audit-reader';
import { LogReviewLoaders } from './log-review.loader';
import { LogReviewService } from './log-review.service';
import {
  AuditEntryType,
  AuditLogArgs,
  CareTeamChangeType,
  CareTeamReviewArgs,
  EmergencyAccessType,
  EmergencyLogArgs,
  EmergencyReviewArgs,
  LogExtractArgs,
  LogExtractEntryType,
} from './log-review.types';

const AuditConnection = Connection(AuditEntryType, 'AuditEntry', 'A page of the access log, newest first.');
const LogExtractConnection = Connection(LogExtractEntryType, 'LogExtract', 'A page of a patient’s log extract, newest first.');
const EmergencyConnection = Connection(EmergencyAccessType, 'EmergencyAccess', 'A page of emergency accesses and urgent reads, oldest first.');
const CareTeamChangeConnection = Connection(CareTeamChangeType, 'CareTeamChange', 'A page of care-team changes, newest first.');

@Resolver(() => AuditEntryType)
export class LogReviewResolver {
  constructor(private readonly review: LogReviewService) {}

  @Query(() => AuditConnection, {
    description: 'MAS and unit managers: the access log of your organisation’s staff, filtered by staff, patient, period or emergency access.',
  })
  auditLog(@CurrentActor() actor: Actor, @Args() args: AuditLogArgs) {
    return this.review.search(actor, args);
  }

  @Query(() => LogExtractConnection, {
    description: 'MAS and unit managers: a patient’s log extract (loggutdrag): which units read or changed their data and when, refused attempts included.',
  })
  patientLogExtract(@CurrentActor() actor: Actor, @Args() args: LogExtractArgs) {
    return this.review.extract(actor, args);
  }

  @Query(() => EmergencyConnection, {
    description:
      'MAS and unit managers: emergency accesses (nödåtkomst) opened by your organisation’s staff, and their urgent reads (urgentCarePlan, `kind` URGENT_READ: ambulance and out-of-hours units), each with the reason given, who and when, for review.',
  })
  emergencyAccessesForReview(@CurrentActor() actor: Actor, @Args() args: EmergencyReviewArgs) {
    return this.review.emergencyAccesses(actor, args);
  }

  @Mutation(() => EmergencyAccessType, {
    description:
      'Record that an emergency access or an urgent read by your organisation’s staff was reviewed, with a note. Another organisation’s is NOT_FOUND.',
  })
  reviewEmergencyAccess(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The emergency access or urgent read (from emergencyAccessesForReview) and what the review found.' })
    input: ReviewEmergencyAccessInput,
  ) {
    return this.review.review(actor, input.emergencyAccessId, input.note);
  }

  @Query(() => CareTeamChangeConnection, {
    description:
      'MAS and unit managers: care-team additions and removals made by your organisation or giving it a care relationship, newest first, with who and why (vårdrelationer att granska).',
  })
  careTeamChangesForReview(@CurrentActor() actor: Actor, @Args() args: CareTeamReviewArgs) {
    return this.review.careTeamChanges(actor, args);
  }

  @ResolveField(() => Staff, {
    nullable: true,
    description:
      'The staff member who made the access or the attempt. Null for a row the service wrote itself, for no person: the reserve routine’s snapshot made by command or on schedule for your unit (`role` SYSTEM).',
  })
  staff(e: AuditEntryType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(e.staffId);
  }

  @ResolveField(() => Organisation, { description: 'In which unit (the organisation of the assignment acted in).' })
  organisation(e: AuditEntryType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(e.organisationId);
  }
}

const byPatient = (e: LogExtractEntryType) => e.role === PATIENT_ACTOR_ROLE || e.role === REPRESENTATIVE_ACTOR_ROLE;

@Resolver(() => LogExtractEntryType)
export class LogExtractResolver {
  @ResolveField(() => Organisation, {
    nullable: true,
    description: 'The unit that accessed the data. Null when the patient, or a representative, read it in the patient’s own view (`byPatient`): no unit acted.',
  })
  organisation(e: LogExtractEntryType, _args: unknown, ctx: GqlContext) {
    if (byPatient(e)) return null;
    return ctx.loaders.get(OrganisationLoaders).organisation.load(e.organisationId);
  }

  @ResolveField(() => Boolean, {
    description: 'Made by the patient, or a representative (ombud, god man, förvaltare), in the patient’s own view, not by a unit.',
  })
  byPatient(e: LogExtractEntryType) {
    return byPatient(e);
  }
}

@Resolver(() => EmergencyAccessType)
export class EmergencyAccessResolver {
  @ResolveField(() => Staff, { description: 'Who opened it.' })
  staff(e: EmergencyAccessType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(e.staffId);
  }

  @ResolveField(() => [AuditEntryType], {
    description: `What was done under it, oldest first: the access-log rows flagged emergency of the staff member who opened it, for its patient, within its period (for an urgent read, which has none: the row of the read) — every answer it made visible (also where your organisation has an ordinary relationship that would not have shown it) and every attempt refused while it was open. The first \`first\` of them, at most ${EMERGENCY_LOG_LIMIT}; accessLogCount says how many there are.`,
  })
  async accessLog(e: EmergencyAccessType, @FieldArgs(EmergencyLogArgs) args: EmergencyLogArgs, ctx: GqlContext) {
    const { first } = checkedArgs(EmergencyLogArgs, args);
    return firstOf((await ctx.loaders.get(LogReviewLoaders).underEmergency.load(e.id)).entries, first);
  }

  @ResolveField(() => Int, { description: 'How many access-log rows were made under it (accessLog lists the first ones).' })
  async accessLogCount(e: EmergencyAccessType, _args: unknown, ctx: GqlContext) {
    return (await ctx.loaders.get(LogReviewLoaders).underEmergency.load(e.id)).total;
  }
}

@Resolver(() => CareTeamChangeType)
export class CareTeamChangeResolver {
  @ResolveField(() => Organisation, { description: 'The organisation added to the care team.' })
  organisation(c: CareTeamChangeType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(c.organisationId);
  }
  @ResolveField(() => Organisation, { description: 'The organisation that added it (it had a direct care relationship).' })
  addedByOrganisation(c: CareTeamChangeType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(c.addedByOrganisationId);
  }
  @ResolveField(() => Staff, { description: 'Who added it.' })
  addedBy(c: CareTeamChangeType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(c.addedByStaffId);
  }
  @ResolveField(() => Organisation, { nullable: true, description: 'The organisation that removed it.' })
  removedByOrganisation(c: CareTeamChangeType, _args: unknown, ctx: GqlContext) {
    return c.removedByOrganisationId ? ctx.loaders.get(OrganisationLoaders).organisation.load(c.removedByOrganisationId) : null;
  }
  @ResolveField(() => Staff, { nullable: true, description: 'Who removed it.' })
  removedBy(c: CareTeamChangeType, _args: unknown, ctx: GqlContext) {
    return c.removedByStaffId ? ctx.loaders.get(OrganisationLoaders).staff.load(c.removedByStaffId) : null;
  }
}
