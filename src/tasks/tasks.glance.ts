import { PatientGlanceSource } from '../patients/patient-glance';

/** How many tasks about the patient are open (not completed or cancelled: open, accepted or declined): a number, counted in SQL. */
export const OPEN_TASK_COUNT_GLANCE: PatientGlanceSource = {
  key: 'openTaskCount',
  fields: ['openTaskCount'],
  description: 'The number of open tasks, for openTaskCount',
  sql: `SELECT to_jsonb(count(*)) FROM task t WHERE t.patient_id = g.patient_id AND t.status IN ('OPEN', 'ACCEPTED', 'DECLINED')`,
};
