import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum InboxEventKind {
  /** A discharge message (utskrivningsprocessen) addressed to your organisation. */
  DISCHARGE_MESSAGE = 'DISCHARGE_MESSAGE',
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
registerEnumType(InboxEventKind, { name: 'InboxEventKind', description: 'What happened that belongs in your inbox.' });

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
  @Field(() => ID)
  id: string;
  @Field(() => InboxEventKind)
  kind: InboxEventKind;
  @Field()
  at: Date;
  @Field(() => ID, { nullable: true })
  patientId: string | null;
  @Field(() => ID, { description: 'The message, handover, task or plan the event is about.' })
  entityId: string;
}
