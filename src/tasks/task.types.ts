import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PatientGrant } from '../access/patient-grant';
import { Role } from '../common/roles';
import { Actor } from '../common/actor';
import { LocalDateScalar } from '../common/scalars';
import { WithheldReason } from '../patients/patient.types';
import { canSeeTask, isAssignee, isOverdue } from './task-rules';
import { Task, TaskAssignmentEvent, TaskAssignmentEventKind, TaskPlanKind, TaskSourceKind, TaskStatus } from './task.entity';

registerEnumType(TaskStatus, {
  name: 'TaskStatus',
  description: 'Where a task stands.',
  valuesMap: {
    OPEN: { description: 'To be done: assigned, not yet accepted (a task decided at a round is done without accepting it).' },
    ACCEPTED: { description: 'Accepted by the assignee (mottagen); to be done.' },
    DECLINED: { description: 'Declined by the assignee with a reason; the organisation that made it reassigns or cancels it.' },
    COMPLETED: { description: 'Done, with an outcome.' },
    CANCELLED: { description: 'Not to be done, with a reason.' },
  },
});
registerEnumType(TaskPlanKind, {
  name: 'TaskPlanKind',
  description: 'A kind of plan a task can concern or be fulfilled by.',
  valuesMap: {
    CARE_PLAN: { description: 'SIP (samordnad individuell plan).' },
    DETERIORATION_PLAN: { description: 'Deterioration action plan (handlingsplan vid försämring).' },
  },
});

registerEnumType(TaskSourceKind, {
  name: 'TaskSourceKind',
  description: 'The kind of record a task was made from.',
  valuesMap: {
    HANDOVER: { description: 'A handover (överrapportering). The id is `Handover.id`.' },
    CARE_PLAN_FOLLOW_UP: { description: 'A follow-up (uppföljning) of a SIP. The id is the follow-up’s.' },
    CARE_PLAN_MEETING: { description: 'A SIP meeting (SIP-möte). The id is the meeting’s.' },
    DETERIORATION_EPISODE: {
      description: 'A deterioration episode (försämringsepisod), e.g. a follow-up for the fast läkarkontakt. The id is `DeteriorationEpisode.id`.',
    },
  },
});
registerEnumType(TaskAssignmentEventKind, {
  name: 'TaskAssignmentEventKind',
  description: 'What happened to a task’s assignment (tilldelning).',
  valuesMap: {
    ASSIGNED: { description: 'The task was made and given to the assignee.' },
    ACCEPTED: { description: 'The assignee accepted it.' },
    DECLINED: { description: 'The assignee declined it, with a reason.' },
    REASSIGNED: { description: 'It was given to another person, or organisation and role.' },
  },
});

@ObjectType('TaskSource', { description: 'The record a task was made from: a handover, a SIP follow-up or a SIP meeting of the same patient.' })
export class TaskSourceType {
  @Field(() => TaskSourceKind, { description: 'Which kind of record.' })
  kind: TaskSourceKind;
  @Field(() => ID, { description: 'The record’s id; read it with the query for its kind (e.g. `handover(id:)`).' })
  id: string;
}

@ObjectType('TaskAssignee', { description: 'Who is to do a task: a named staff member in an organisation, or anyone acting in a role in an organisation.' })
export class TaskAssigneeType {
  organisationId: string;
  staffId: string | null;
  @Field(() => Role, { nullable: true, description: 'The role, when the task is for a role rather than a named person.' })
  role: Role | null;
}

@ObjectType('TaskAssignmentEvent', {
  description: 'One event in a task’s assignment history: made, accepted, declined or reassigned; by whom, and the assignee after it.',
})
export class TaskAssignmentEventType {
  @Field(() => ID, { description: 'The event’s id.' })
  id: string;
  @Field(() => TaskAssignmentEventKind, { description: 'What happened.' })
  kind: TaskAssignmentEventKind;
  @Field({ description: 'When.' })
  at: Date;
  @Field(() => TaskAssigneeType, { description: 'The assignee after the event (for ASSIGNED and REASSIGNED, the new one).' })
  assignee: TaskAssigneeType;
  @Field(() => String, {
    nullable: true,
    description: 'Why: the reason given when declining (always) or reassigning (if any). Null when withheld, as the task’s other free text.',
  })
  reason: string | null;

  byStaffId: string;
  byOrganisationId: string;
  grant: PatientGrant;
}

/** A history row as one actor may see it: the reason under the task's visibility, who acted under the block rule. */
export function toAssignmentEventType(e: TaskAssignmentEvent, task: TaskType): TaskAssignmentEventType {
  return {
    id: e.id,
    kind: e.kind,
    at: e.at,
    assignee: { organisationId: e.assigneeOrganisationId, staffId: e.assigneeStaffId, role: e.assigneeRole },
    reason: task.withheld.length ? null : e.reason,
    byStaffId: e.byStaffId,
    byOrganisationId: e.byOrganisationId,
    grant: task.grant,
  };
}

@ObjectType('TaskFulfilment', { description: 'The new plan version that fulfilled a task, e.g. the SIP version published after the round.' })
export class TaskFulfilmentType {
  @Field(() => TaskPlanKind, { description: 'Which kind of plan fulfilled the task: a SIP or a deterioration action plan.' })
  kind: TaskPlanKind;
  @Field(() => ID, { description: 'The plan (SIP or deterioration action plan).' })
  planId: string;
  @Field(() => Int, { nullable: true, description: 'The version number: the SIP’s published version, or the deterioration plan’s planVersion.' })
  version: number | null;
}

@ObjectType('Task', {
  description:
    'A task (uppgift) about one patient, decided at a round, made on its own or from a handover, SIP follow-up or meeting: assigned to a named staff member or to an organisation and role, with a due date; accepted, declined or reassigned by the assignee; completed with an outcome or cancelled with a reason. Free text recorded by another organisation is null without consent, and `withheld` says why.',
})
export class TaskType {
  @Field(() => ID, { description: 'The task’s id, e.g. for completeTask and cancelTask.' })
  id: string;
  @Field(() => String, { nullable: true, description: 'What is to be done, e.g. "Uppdatera SIP: insats 3". Null when withheld.' })
  title: string | null;
  @Field(() => String, { nullable: true, description: 'More detail, if any. Null when withheld or not given.' })
  description: string | null;
  @Field(() => TaskAssigneeType, {
    description: 'Who is to do it: a named staff member in an organisation, or anyone acting in a role there. Always shown, also when the text is withheld.',
  })
  assignee: TaskAssigneeType;
  @Field(() => LocalDateScalar, { description: 'The day it is to be done by (YYYY-MM-DD); an open task is overdue from the day after.' })
  dueDate: string;
  @Field(() => TaskStatus, { description: 'OPEN, ACCEPTED, DECLINED, COMPLETED or CANCELLED.' })
  status: TaskStatus;
  @Field({ description: 'Still to do (OPEN or ACCEPTED) and due before today.' })
  overdue: boolean;
  @Field(() => TaskSourceType, {
    nullable: true,
    description: 'The record the task was made from (a handover, a SIP follow-up or meeting); null for a task decided at a round or made on its own.',
  })
  source: TaskSourceType | null;
  @Field({ description: 'The task is yours to complete in the assignment you act in (named to you, or to your organisation and role).' })
  assignedToMe: boolean;
  @Field(() => ID, { nullable: true, description: 'The SIP the task concerns, if any.' })
  carePlanId: string | null;
  @Field(() => ID, { nullable: true, description: 'The SIP action (insats) the task concerns, if any.' })
  carePlanActionId: string | null;
  @Field(() => ID, { nullable: true, description: 'The deterioration action plan the task concerns, if any.' })
  deteriorationPlanId: string | null;
  @Field({ description: 'When the task was created (with a decision at a round, on its own or from a handover, SIP follow-up or meeting).' })
  createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was completed; null unless COMPLETED.' })
  completedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'What was done. Null when withheld or not completed.' })
  outcome: string | null;
  @Field(() => TaskFulfilmentType, {
    nullable: true,
    description: 'The new SIP or deterioration-plan version that fulfilled the task, when named at completion.',
  })
  fulfilledBy: TaskFulfilmentType | null;
  @Field(() => Date, { nullable: true, description: 'When it was cancelled; null unless CANCELLED.' })
  cancelledAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the task was cancelled. Null when withheld or not cancelled.' })
  cancellationReason: string | null;
  @Field(() => [WithheldReason], { description: 'Why some fields are null for you; empty when you see everything.' })
  withheld: WithheldReason[];

  patientId: string;
  createdByStaffId: string;
  createdByOrganisationId: string;
  completedByStaffId: string | null;
  completedByOrganisationId: string | null;
  /** The access decision the task was read under; nested patient fields use it. */
  grant: PatientGrant;
}

/** A task as one actor may see it, under the grant its patient was read with. */
export function toTaskType(t: Task, grant: PatientGrant, actor: Pick<Actor, 'staffId' | 'organisationId' | 'role'>, today: string): TaskType {
  const visible = canSeeTask(t, grant);
  const withheld = visible ? [] : [grant.blockedOrganisationIds.includes(t.createdByOrganisationId) ? WithheldReason.BLOCKED : WithheldReason.NO_CONSENT];
  return {
    id: t.id,
    title: visible ? t.title : null,
    description: visible ? t.description : null,
    assignee: { organisationId: t.assigneeOrganisationId, staffId: t.assigneeStaffId, role: t.assigneeRole },
    dueDate: t.dueDate,
    status: t.status,
    overdue: isOverdue(t, today),
    source: t.sourceKind && t.sourceId ? { kind: t.sourceKind, id: t.sourceId } : null,
    assignedToMe: isAssignee(t, actor),
    carePlanId: t.carePlanId,
    carePlanActionId: t.carePlanActionId,
    deteriorationPlanId: t.deteriorationPlanId,
    createdAt: t.createdAt,
    completedAt: t.completedAt,
    outcome: visible ? t.outcome : null,
    fulfilledBy:
      t.fulfilledByPlanKind && t.fulfilledByPlanId ? { kind: t.fulfilledByPlanKind, planId: t.fulfilledByPlanId, version: t.fulfilledByPlanVersion } : null,
    cancelledAt: t.cancelledAt,
    cancellationReason: visible ? t.cancellationReason : null,
    withheld,
    patientId: t.patientId,
    createdByStaffId: t.createdByStaffId,
    createdByOrganisationId: t.createdByOrganisationId,
    completedByStaffId: t.completedByStaffId,
    completedByOrganisationId: t.completedByOrganisationId,
    grant,
  };
}
