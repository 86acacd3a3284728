import { definePolicy } from '../access/policy';
import { CARE_ROLES } from '../patients/patients.policy';

const REL = 'care relationship between your organisation and the patient';

export const tasksPolicy = definePolicy('Tasks', {
  myTasks: { roles: CARE_ROLES, does: 'Your tasks: named to you, or to your organisation and role; open ones first by due date', scope: 'one audit row per patient returned' },
  organisationTasks: { roles: CARE_ROLES, does: 'Your organisation’s tasks, earliest due first', scope: 'one audit row per patient returned' },
  task: { roles: CARE_ROLES, does: 'Read one task', scope: REL, refuseAs: 'NOT_FOUND' },
  completeTask: { roles: CARE_ROLES, does: 'Complete a task with an outcome (optionally the plan version that fulfilled it)', scope: `the assignee only (named person, or the assigned role in the assigned organisation); ${REL}`, refuseAs: 'NOT_FOUND' },
  cancelTask: { roles: CARE_ROLES, does: 'Cancel a task with a reason', scope: `the assignee or the organisation that made it; ${REL}`, refuseAs: 'NOT_FOUND' },
});
