import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum InboxEventKind {
  /** A discharge message (utskrivningsprocessen) addressed to your organisation. */
  DISCHARGE_MESSAGE = 'DISCHARGE_MESSAGE',
  /** A discharge message your organisation received was retracted (makulerat) by its sender. */
  DISCHARGE_MESSAGE_RETRACTED = 'DISCHARGE_MESSAGE_RETRACTED',
  /** A handover (överrapportering) addressed to your organisation. */
  HANDOVER = 'HANDOVER',
  /** A task assigned to you, or to your organisation and role. */
  TASK_ASSIGNED = 'TASK_ASSIGNED',
  /** A SIP of a patient you care for changed. */
  CARE_PLAN_CHANGED = 'CARE_PLAN_CHANGED',
  /** A deterioration action plan of a patient you care for changed. */
  DETERIORATION_PLAN_CHANGED = 'DETERIORATION_PLAN_CHANGED',
  /** Your organisation was added to a patient's care team. */
  CARE_TEAM_CHANGED = 'CARE_TEAM_CHANGED',
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
}

@ObjectType('InboxEvent', { description: 'Something new for your inbox. Fetch the record by its id for the details.' })
export class InboxEventType {
  @Field(() => ID, { description: 'A unique id of this event (a UUID made when it was published), e.g. to drop a duplicate; not stored anywhere else.' })
  id: string;
  @Field(() => InboxEventKind, { description: 'What happened; says what kind of record `entityId` names.' })
  kind: InboxEventKind;
  @Field({ description: 'When the event was published (after the change was committed).' })
  at: Date;
  @Field(() => ID, {
    nullable: true,
    description:
      'The patient the event is about (`Patient.id`); only the id, never a name. Null for an event about no patient (every kind sent today has one).',
  })
  patientId: string | null;
  @Field(() => ID, { description: 'The message, handover, task or plan the event is about.' })
  entityId: string;
}
