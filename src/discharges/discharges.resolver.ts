import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { CurrentActor } from '../common/ctx.decorator';
import { IdArg } from '../common/id.pipe';
import { checkedArgs, Connection, FieldArgs, firstOf, ListArgs } from '../common/pagination';
import { LocalDateScalar } from '../common/scalars';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { PatientType, PatientView } from '../patients/patient.types';
import { DischargeDeadline } from './discharge-process.entity';
import { DeadlineStateEnum, DischargeMessageKind } from './discharge.enums';
import { DischargeLoaders } from './discharges.loader';
import {
  DischargeDeadlineType,
  DischargeInboxItemType,
  DischargeMessageType,
  DischargeProcessType,
  messageView,
  PaymentResponsibilityType,
} from './discharges.types';
import { deadlineStateAt, paymentResponsibility, sortDeadlines } from './deadline-view';
import { CancelDischargeProcessInput, DischargeInboxArgs, DischargeProcessesArgs, OpenDischargeProcessInput } from './dto/process.input';
import { DischargeInboxService } from './inbox.service';
import { DischargeProcessService } from './process.service';
import { GqlContext } from '../common/graphql-context';

const DischargeProcessConnection = Connection(DischargeProcessType, 'DischargeProcess', 'A page of discharge processes.');
const DischargeInboxConnection = Connection(DischargeInboxItemType, 'DischargeInbox', 'A page of your organisation’s discharge inbox, what awaits you first.');

/** A stored deadline as the actor sees it now. */
export function deadlineView(d: DischargeDeadline, actorOrganisationId: string, now: Date, frozenAt: Date | null): DischargeDeadlineType {
  return {
    kind: d.kind,
    dueAt: d.dueAt,
    doneAt: d.doneAt,
    state: deadlineStateAt(d, now, frozenAt) as DeadlineStateEnum,
    messageId: d.messageId,
    mine: d.responsibleOrganisationId === actorOrganisationId,
    responsibleOrganisationId: d.responsibleOrganisationId,
  };
}

@Resolver(() => DischargeProcessType)
export class DischargeProcessResolver {
  constructor(
    private readonly processes: DischargeProcessService,
    private readonly inboxService: DischargeInboxService,
    private readonly clock: Clock,
  ) {}

  @Query(() => DischargeProcessType, { description: 'One discharge process. A process you may not see is NOT_FOUND, exactly like one that does not exist.' })
  dischargeProcess(@CurrentActor() actor: Actor, @IdArg('id', 'The discharge process (`DischargeProcess.id`).') id: string) {
    return this.processes.get(actor, id);
  }

  @Query(() => DischargeProcessConnection, { description: 'A patient’s discharge processes (hospital stays), newest admission first.' })
  dischargeProcesses(@CurrentActor() actor: Actor, @Args() args: DischargeProcessesArgs) {
    return this.processes.listForPatient(actor, args);
  }

  @Query(() => DischargeInboxConnection, {
    description:
      'Your organisation’s discharge inbox: open processes in which it is a party. Processes with your overdue deadlines come first (longest overdue first), then those with your open deadlines (soonest due first), then the rest.',
  })
  dischargeInbox(@CurrentActor() actor: Actor, @Args() args: DischargeInboxArgs) {
    return this.inboxService.inbox(actor, args);
  }

  @Mutation(() => DischargeProcessType, {
    description:
      'Open the discharge process for a patient admitted to your hospital ward, found by exact personnummer. The receivers default to the active home-healthcare enrollment. The process gives your ward and the receivers a care relationship (recorded in the log). CONFLICT when the patient already has an open stay.',
  })
  openDischargeProcess(
    @CurrentActor() actor: Actor,
    @Args('input', {
      description:
        'The admitted patient’s personnummer, the admission time and, if not those of the enrollment, the receiving municipality and the open-care receiver (primary care centre, SSIH or regional mobile team).',
    })
    input: OpenDischargeProcessInput,
  ) {
    return this.processes.open(actor, input);
  }

  @Mutation(() => DischargeProcessType, { description: 'Close a discharged process. PRECONDITION_FAILED, naming the current status, unless it is DISCHARGED.' })
  closeDischargeProcess(@CurrentActor() actor: Actor, @IdArg('processId', 'The discharged process to close (`DischargeProcess.id`).') processId: string) {
    return this.processes.close(actor, processId);
  }

  @Mutation(() => DischargeProcessType, { description: 'Cancel a process before discharge (the patient died, stays, …). PRECONDITION_FAILED after discharge.' })
  cancelDischargeProcess(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The process, the reason and, for OTHER, a note.' }) input: CancelDischargeProcessInput,
  ) {
    return this.processes.cancel(actor, input);
  }

  @ResolveField(() => PatientType, { description: 'The patient, as your organisation may see them.' })
  async patient(v: DischargeProcessType, _args: unknown, ctx: GqlContext) {
    return new PatientView((await ctx.loaders.get(DischargeLoaders).patient.load(v.entity.patientId))!, v.grant);
  }

  @ResolveField(() => Organisation, { description: 'The hospital ward (slutenvård).' })
  hospitalWard(v: DischargeProcessType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(v.entity.hospitalId);
  }

  @ResolveField(() => Organisation, { description: 'The receiving municipality (home healthcare).' })
  municipality(v: DischargeProcessType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(v.entity.municipalityId);
  }

  @ResolveField(() => Organisation, {
    description:
      'The open-care receiver (öppenvården: primary care centre, SSIH or regional mobile team): a primary care centre (vårdcentral), specialised palliative home care (SSIH) or a mobile team run by the region; names the fast vårdkontakt and sends the SIP invitation.',
  })
  openCareReceiver(v: DischargeProcessType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(v.entity.primaryCareId);
  }

  @ResolveField(() => Organisation, {
    description: 'The open-care receiver under its earlier name: the same unit as `openCareReceiver`, which may also be SSIH or a regional mobile team.',
    deprecationReason: 'Use `openCareReceiver`: the receiver may also be SSIH or a regional mobile team.',
  })
  primaryCareCentre(v: DischargeProcessType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(v.entity.primaryCareId);
  }

  @ResolveField(() => [DischargeMessageType], { description: 'Messages, oldest first: the first `first` of them.' })
  async messages(v: DischargeProcessType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    return firstOf(await ctx.loaders.get(DischargeLoaders).messagesOfProcess.load(v.id), first).map((m) => messageView(m, v.grant, v.entity.cancelledAt));
  }

  @ResolveField(() => LocalDateScalar, {
    nullable: true,
    description: 'The planned discharge date last shared by the hospital (a retracted one does not count).',
  })
  async plannedDischargeDate(v: DischargeProcessType, _args: unknown, ctx: GqlContext) {
    const shared = (await ctx.loaders.get(DischargeLoaders).messagesOfProcess.load(v.id)).filter(
      (m) => m.kind === DischargeMessageKind.PLANNED_DISCHARGE_DATE && !m.retractedAt,
    );
    return shared.length ? shared[shared.length - 1].plannedDischargeDate : null;
  }

  @ResolveField(() => Staff, {
    nullable: true,
    description: 'The fast vårdkontakt last named by the open-care receiver (a retracted appointment does not count).',
  })
  async careContact(v: DischargeProcessType, _args: unknown, ctx: GqlContext) {
    const named = (await ctx.loaders.get(DischargeLoaders).messagesOfProcess.load(v.id)).filter(
      (m) => m.kind === DischargeMessageKind.CARE_CONTACT_APPOINTED && m.appointedStaffId && !m.retractedAt,
    );
    return named.length ? ctx.loaders.get(OrganisationLoaders).staff.load(named[named.length - 1].appointedStaffId!) : null;
  }

  @ResolveField(() => [DischargeDeadlineType], {
    description:
      'Deadlines with their due time and state: overdue first, then open, then done; the first `first` of them. A cancelled process’s deadlines are judged as they stood at cancellation.',
  })
  async deadlines(v: DischargeProcessType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    const now = this.clock.now();
    const rows = await ctx.loaders.get(DischargeLoaders).deadlinesOfProcess.load(v.id);
    return firstOf(sortDeadlines(rows, now, v.entity.cancelledAt), first).map((d) => deadlineView(d, v.grant.actorOrganisationId, now, v.entity.cancelledAt));
  }

  @ResolveField(() => PaymentResponsibilityType, { description: 'The municipality’s payment days for this stay, counted now.' })
  async paymentResponsibility(v: DischargeProcessType, _args: unknown, ctx: GqlContext): Promise<PaymentResponsibilityType> {
    const messages = (await ctx.loaders.get(DischargeLoaders).messagesOfProcess.load(v.id)).filter((m) => !m.retractedAt);
    const r = paymentResponsibility(
      { messages, dischargedAt: v.entity.dischargedAt, cancelledAt: v.entity.cancelledAt },
      { agreedDays: v.entity.agreedDays, dailyAmountSek: v.entity.dailyAmountSek },
      this.clock.now(),
    );
    return {
      agreedDays: r.agreedDays,
      dailyAmountSek: r.dailyAmountSek,
      days: r.days,
      amountSek: r.amount,
      firstPayableDate: r.firstPayableDate,
      payableDates: r.payableDates,
      running: r.running,
    };
  }
}

@Resolver(() => DischargeInboxItemType)
export class DischargeInboxItemResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => [DischargeDeadlineType], {
    description: 'What awaits your organisation in this process: its deadlines not yet done, overdue first; the first `first` of them.',
  })
  async awaitingUs(item: DischargeInboxItemType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    const v = item.process;
    const now = this.clock.now();
    const mine = (await ctx.loaders.get(DischargeLoaders).deadlinesOfProcess.load(v.id)).filter(
      (d) => d.responsibleOrganisationId === v.grant.actorOrganisationId && !d.doneAt,
    );
    return firstOf(sortDeadlines(mine, now), first).map((d) => deadlineView(d, v.grant.actorOrganisationId, now, null));
  }

  @ResolveField(() => [DischargeMessageType], { description: 'Messages your organisation has not acknowledged yet, oldest first: the first `first` of them.' })
  async unacknowledgedMessages(item: DischargeInboxItemType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    const v = item.process;
    const loaders = ctx.loaders.get(DischargeLoaders);
    const [deadlines, messages] = await Promise.all([loaders.deadlinesOfProcess.load(v.id), loaders.messagesOfProcess.load(v.id)]);
    const pending = new Set(
      deadlines.filter((d) => d.messageId && !d.doneAt && d.responsibleOrganisationId === v.grant.actorOrganisationId).map((d) => d.messageId),
    );
    return firstOf(
      messages.filter((m) => pending.has(m.id)),
      first,
    ).map((m) => messageView(m, v.grant, v.entity.cancelledAt));
  }
}

/** The payment days' dates, bounded: a stay can go on for as many days as the patient remains. */
@Resolver(() => PaymentResponsibilityType)
export class PaymentResponsibilityResolver {
  @ResolveField(() => [LocalDateScalar], { description: 'Payable dates, ascending: the first `first` of them (`days` counts them all).' })
  payableDates(r: PaymentResponsibilityType, @FieldArgs(ListArgs) args: ListArgs): string[] {
    return firstOf(r.payableDates, checkedArgs(ListArgs, args).first);
  }
}

@Resolver(() => DischargeDeadlineType)
export class DischargeDeadlineResolver {
  @ResolveField(() => Organisation, { description: 'The organisation that must act.' })
  responsibleOrganisation(d: DischargeDeadlineType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(d.responsibleOrganisationId);
  }
}
