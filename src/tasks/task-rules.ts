import { canSeeRecordedBy, PatientGrant } from '../access/patient-grant';
import { Actor } from '../common/actor';
import { keyset } from '../common/pagination';
import { Task, TaskStatus, TO_DO_STATUSES } from './task.entity';

type TaskAssignment = Pick<Task, 'assigneeStaffId' | 'assigneeOrganisationId' | 'assigneeRole'>;
type ActingAs = Pick<Actor, 'staffId' | 'organisationId' | 'role'>;

/** Tasks in the order their lists page them: earliest due first (so overdue ones lead), then by id; `alias` names the task table. */
export const taskPages = <T extends Pick<Task, 'dueDate' | 'id'>>(alias: string) =>
  keyset<T>([
    { sql: `${alias}.due_date`, type: 'date', of: (t) => t.dueDate },
    { sql: `${alias}.id`, type: 'uuid', of: (t) => t.id },
  ]);

/** Still to do (open or accepted) and due before today (calendar dates in Europe/Stockholm). Due today is not overdue. */
export function isOverdue(task: Pick<Task, 'status' | 'dueDate'>, today: string): boolean {
  return TO_DO_STATUSES.includes(task.status) && task.dueDate < today;
}

/**
 * SQL condition: the task (alias `alias`) is overdue on the Stockholm day given as `today` (a SQL
 * expression of type date). Matches the partial index ix_task_overdue, so a search is cheap.
 */
export const overdueSql = (alias: string, today: string) => `${alias}.status IN ('OPEN', 'ACCEPTED') AND ${alias}.due_date < ${today}`;

/**
 * Is the task the actor's to do, in the assignment they act in? A named assignee, acting in the
 * organisation the task was given to; or, for a task given to an organisation and a role, anyone
 * acting in that role there. A different role in the same organisation is not the assignee.
 */
export function isAssignee(task: TaskAssignment, actor: ActingAs): boolean {
  if (task.assigneeOrganisationId !== actor.organisationId) return false;
  if (task.assigneeStaffId) return task.assigneeStaffId === actor.staffId;
  return task.assigneeRole === actor.role;
}

/**
 * Who may reassign: the assignee, while the task is theirs (open or accepted); the organisation
 * that made the task, once the assignee declined it.
 */
export function mayReassign(task: TaskAssignment & Pick<Task, 'createdByOrganisationId' | 'status'>, actor: ActingAs): boolean {
  if (task.status === TaskStatus.DECLINED) return task.createdByOrganisationId === actor.organisationId;
  return isAssignee(task, actor);
}

/** The assignee may cancel, and so may the organisation that made the task (with a reason). */
export function mayCancel(task: TaskAssignment & Pick<Task, 'createdByOrganisationId'>, actor: ActingAs): boolean {
  return isAssignee(task, actor) || task.createdByOrganisationId === actor.organisationId;
}

/**
 * A task is documentation by the organisation that made it, addressed to the assignee's
 * organisation: both always see it; any other organisation only under the rules for another
 * provider's records (consent, no block).
 */
export function canSeeTask(task: Pick<Task, 'createdByOrganisationId' | 'assigneeOrganisationId'>, grant: PatientGrant): boolean {
  if (task.assigneeOrganisationId === grant.actorOrganisationId) return true;
  return canSeeRecordedBy(grant, task.createdByOrganisationId);
}
