import { definePolicy, onRecord, patientList } from '../access/policy';
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
