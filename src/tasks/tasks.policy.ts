import { definePolicy, onPatient, onRecord, patientList } from '../access/policy';
import { CARE_ROLES } from '../common/roles';
import { TASK_RECORD } from './tasks.records';

const REL = 'care relationship between your organisation and the patient';

export const tasksPolicy = definePolicy('Tasks', {
  myTasks: {
    roles: CARE_ROLES,
    does: 'Your tasks: named to you, or to your organisation and role; open ones first by due date',
    scope: 'one audit row per patient returned',
    access: patientList('tasks for the actor or their role'),
  },
  organisationTasks: {
    roles: CARE_ROLES,
    does: 'Your organisation’s tasks, earliest due first',
    scope: 'one audit row per patient returned',
    access: patientList('tasks for the organisation'),
  },
  task: { roles: CARE_ROLES, does: 'Read one task', scope: REL, access: onRecord(TASK_RECORD, 'id', 'read') },
  createTask: {
    roles: CARE_ROLES,
    does: 'Make a task on its own, or from a handover, a SIP follow-up or a SIP meeting of the patient, for a person or an organisation and role with a care relationship',
    scope: `${REL}; the source must be a record of the same patient that you may see`,
    access: onPatient('input.patientId', 'write'),
  },
  acceptTask: {
    roles: CARE_ROLES,
    does: 'Accept an open task assigned to you',
    scope: `the assignee only (named person, or the assigned role in the assigned organisation); ${REL}`,
    access: onRecord(TASK_RECORD, 'input.taskId', 'write'),
  },
  declineTask: {
    roles: CARE_ROLES,
    does: 'Decline an open or accepted task assigned to you, with a reason',
    scope: `the assignee only (named person, or the assigned role in the assigned organisation); ${REL}`,
    access: onRecord(TASK_RECORD, 'input.taskId', 'write'),
  },
  reassignTask: {
    roles: CARE_ROLES,
    does: 'Give a task to another person or organisation and role (reason optional); the history keeps the earlier assignees',
    scope: `the assignee while the task is theirs; the organisation that made it once declined; ${REL}`,
    access: onRecord(TASK_RECORD, 'input.taskId', 'write'),
  },
  completeTask: {
    roles: CARE_ROLES,
    does: 'Complete a task with an outcome (optionally the plan version that fulfilled it)',
    scope: `the assignee only (named person, or the assigned role in the assigned organisation); ${REL}`,
    access: onRecord(TASK_RECORD, 'input.taskId', 'write'),
  },
  cancelTask: {
    roles: CARE_ROLES,
    does: 'Cancel a task with a reason',
    scope: `the assignee or the organisation that made it; ${REL}`,
    access: onRecord(TASK_RECORD, 'input.taskId', 'write'),
  },
});
