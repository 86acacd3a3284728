import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export enum InboxEventKind {
  /** A discharge message (utskrivningsprocessen) addressed to your organisation. */
  DISCHARGE_MESSAGE = 'DISCHARGE_MESSAGE',
  /** A discharge message your organisation received was retracted (makulerat) by its sender. */
  DISCHARGE_MESSAGE_RETRACTED = 'DISCHARGE_MESSAGE_RETRACTED',
  /** A handover (överrapportering) addressed to your organisation. */
  HANDOVER = 'HANDOVER',
  /** A handover your organisation sent was answered by its receiver. */
  HANDOVER_ANSWERED = 'HANDOVER_ANSWERED',
  /** A task assigned to you, or to your organisation and role. */
  TASK_ASSIGNED = 'TASK_ASSIGNED',
  /** A task your organisation made was declined by its assignee. */
  TASK_DECLINED = 'TASK_DECLINED',
  /** A SIP meeting your organisation is invited to was moved or cancelled. */
  CARE_PLAN_MEETING_CHANGED = 'CARE_PLAN_MEETING_CHANGED',
  /** A SIP of a patient you care for changed. */
  CARE_PLAN_CHANGED = 'CARE_PLAN_CHANGED',
  /** A deterioration action plan of a patient you care for changed. */
  DETERIORATION_PLAN_CHANGED = 'DETERIORATION_PLAN_CHANGED',
  /** Your organisation was added to a patient's care team. */
  CARE_TEAM_CHANGED = 'CARE_TEAM_CHANGED',
  /** A handover to your organisation was not acknowledged by its deadline (deadline watcher). */
  HANDOVER_ACKNOWLEDGEMENT_OVERDUE = 'HANDOVER_ACKNOWLEDGEMENT_OVERDUE',
  /** A handover to your organisation asked for a response that was not given by its respond-by time (deadline watcher). */
  HANDOVER_ANSWER_OVERDUE = 'HANDOVER_ANSWER_OVERDUE',
  /** Your organisation did not send the SIP invitation of a discharge in time (deadline watcher). */
  SIP_INVITATION_OVERDUE = 'SIP_INVITATION_OVERDUE',
  /** An open task assigned in your organisation passed its due date (deadline watcher). */
  TASK_OVERDUE = 'TASK_OVERDUE',
  /** The patient (or their representative) proposed a change to their SIP's goals or what matters to them. */
  PATIENT_PROPOSAL = 'PATIENT_PROPOSAL',
  /** You were away too long to be sent what you missed: reload the inbox. */
  RELOAD_INBOX = 'RELOAD_INBOX',
}
registerEnumType(InboxEventKind, {
  name: 'InboxEventKind',
  description: 'What happened that belongs in your inbox.',
  valuesMap: {
    DISCHARGE_MESSAGE: {
      description:
        'A message of a discharge process (utskrivningsprocessen, lag 2017:612) addressed to your organisation: admission notice, planned date, ready for discharge, SIP invitation, discharge notice, … `entityId` is the DischargeMessage.',
    },
    DISCHARGE_MESSAGE_RETRACTED: {
      description:
        'A discharge message your organisation received was retracted (makulerat) by the organisation that sent it (retractDischargeMessage): it stays, marked retracted with who, when and why, and no longer counts for the process’s status and deadlines. `entityId` is the DischargeMessage; read `retracted` on it.',
    },
    HANDOVER: {
      description:
        'A handover (överrapportering, SBAR) sent to your organisation with sendHandover. `entityId` is the Handover. (The handover at discharge comes with the DISCHARGE_NOTICE message.)',
    },
    HANDOVER_ANSWERED: {
      description:
        'A handover (överrapportering) your organisation sent asking for a response was answered by the receiver (advice, phone assessment, planned visit or declined). `entityId` is the Handover.',
    },
    TASK_DECLINED: {
      description: 'A task (uppgift) your organisation made was declined by its assignee, with a reason; reassign or cancel it. `entityId` is the Task.',
    },
    CARE_PLAN_MEETING_CHANGED: {
      description:
        'A SIP meeting (SIP-möte) your organisation is invited to was moved to a new time (acknowledge it again) or cancelled (inställt), by another organisation. `entityId` is the CarePlanMeeting.',
    },
    TASK_ASSIGNED: { description: 'A task (uppgift) assigned to you by name, or to your organisation and the role you act in. `entityId` is the Task.' },
    CARE_PLAN_CHANGED: {
      description:
        'A SIP (samordnad individuell plan) of a patient your organisation has a care relationship with was drafted (also by a SIP invitation at discharge), its draft changed, published, revised, its revision discarded, or closed. `entityId` is the CarePlan.',
    },
    DETERIORATION_PLAN_CHANGED: {
      description:
        'A deterioration action plan (handlingsplan vid försämring) of a patient your organisation has a care relationship with was signed (a new version in force) or withdrawn. `entityId` is the DeteriorationPlan.',
    },
    CARE_TEAM_CHANGED: {
      description: 'Your organisation was added to a patient’s care team (vårdteam) and now has a direct care relationship. `entityId` is the CareTeamMember.',
    },
    HANDOVER_ACKNOWLEDGEMENT_OVERDUE: {
      description:
        'A handover (överrapportering) to your organisation was not acknowledged (kvitterad) by its `acknowledgementDueAt`. Raised once per handover by the deadline watcher. `entityId` is the Handover.',
    },
    HANDOVER_ANSWER_OVERDUE: {
      description:
        'A handover (överrapportering) to your organisation asked for a response (a phone assessment, a home visit, a medication review) that was not answered by its `respondBy`. Raised once per handover and respond-by time by the deadline watcher. `entityId` is the Handover.',
    },
    SIP_INVITATION_OVERDUE: {
      description:
        'Your primary care centre did not send the SIP invitation (kallelse till SIP) of a discharge within three days of the ready-for-discharge notice (lag 2017:612). Raised once per deadline by the deadline watcher. `entityId` is the DischargeProcess.',
    },
    TASK_OVERDUE: {
      description:
        'An open or accepted task (uppgift) assigned in your organisation passed its due date (the end of `dueDate`, Swedish time) without being completed. Raised once per task and due date by the deadline watcher. `entityId` is the Task.',
    },
    PATIENT_PROPOSAL: {
      description:
        'The patient, or their recorded representative (ombud, god man, förvaltare), proposed a change to the goals of their SIP or to what matters to them (vad är viktigt för mig) from their own view (proposeCarePlanChange). Sent to the organisations taking part in the SIP; a participant accepts it into the draft or declines it with a reason (carePlanProposals). `entityId` is the CarePlanProposal.',
    },
    RELOAD_INBOX: {
      description:
        'Not an event: sent first when a subscription asked, with `after`, for events older than the replay window (by default 7 days and at most 1000 events), or for a number your organisation never had. Reload the inbox with queries; later events follow from `number`. `entityId` is your organisation; `patientId` is null.',
    },
  },
});

/**
 * What travels between instances: ids and addressing only, never names or free text.
 * A subscriber gets it when it is addressed to them and they may read the patient.
 */
export interface InboxEventMessage {
  id: string;
  kind: InboxEventKind;
  at: string;
  patientId: string | null;
  /** The record the event is about (message, handover, task, plan). */
  entityId: string;
  /** Addressed to everyone of these organisations… */
  organisationIds?: string[];
  /** …or to staff of this organisation holding this role… */
  organisationRole?: { organisationId: string; role: string };
  /** …or to these staff members (in any of their assignments). */
  staffIds?: string[];
  /** Addressed to every organisation with a care relationship to the patient. */
  careRelationships?: boolean;
  /**
   * Set when stored: the event's number in the sequence of each organisation it was stored for
   * (organisation id → number; see EventBus.record). A subscriber is sent only events numbered
   * for the organisation it acts in.
   */
  numbers?: Record<string, number>;
}

/** An event as sent to one subscriber: with its number in the subscriber's organisation's sequence. */
export interface DeliveredInboxEvent extends Pick<InboxEventMessage, 'id' | 'kind' | 'at' | 'patientId' | 'entityId'> {
  number: number;
}

@ObjectType('InboxEvent', { description: 'Something new for your inbox. Fetch the record by its id for the details.' })
export class InboxEventType {
  @Field(() => ID, { description: 'A unique id of this event (a UUID made when it was published); the same for every organisation it was sent to.' })
  id: string;
  @Field(() => Int, {
    description:
      'The event’s number in your organisation’s inbox sequence: 1, 2, 3, … without gaps for the organisation (events for others in it, e.g. a task for another role, are skipped, so you may see gaps). Keep the last one you got and pass it as `after` when you subscribe again.',
  })
  number: number;
  @Field(() => InboxEventKind, { description: 'What happened; says what kind of record `entityId` names.' })
  kind: InboxEventKind;
  @Field({ description: 'When the event was published (after the change was committed).' })
  at: Date;
  @Field(() => ID, {
    nullable: true,
    description: 'The patient the event is about (`Patient.id`); only the id, never a name. Null for an event about no patient (RELOAD_INBOX).',
  })
  patientId: string | null;
  @Field(() => ID, { description: 'The message, handover, task or plan the event is about.' })
  entityId: string;
}

@ArgsType()
export class InboxEventsArgs {
  @Field(() => Int, {
    nullable: true,
    description:
      'The last `number` you got. The server first sends the events after it that you missed (by default from the last 7 days, at most 1000; else one RELOAD_INBOX), then new ones, without duplicates or gaps. Without it only events published after the subscription started are sent.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  after?: number;
}
