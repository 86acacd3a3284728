import { CURRENT_CARE_PLAN_GLANCE } from '../care-plans/care-plans.glance';
import { ACTIVE_DETERIORATION_PLAN_GLANCE } from '../deterioration-plans/deterioration-plans.glance';
import { OPEN_TASK_COUNT_GLANCE } from '../tasks/tasks.glance';
import { glanceColumns, glanceQuery, PatientGlanceSource } from './patient-glance';

/** Every source of the patient glance. A capability adds its own here. */
export const PATIENT_GLANCE_SOURCES: readonly PatientGlanceSource[] = [CURRENT_CARE_PLAN_GLANCE, ACTIVE_DETERIORATION_PLAN_GLANCE, OPEN_TASK_COUNT_GLANCE];

export const PATIENT_GLANCE_SQL = glanceQuery(PATIENT_GLANCE_SOURCES);

/** The Patient fields that read the glance. */
export const PATIENT_GLANCE_FIELDS: ReadonlySet<string> = new Set(PATIENT_GLANCE_SOURCES.flatMap((s) => s.fields));

/** The glance as columns of a query over patient alias `p` (the caseload's page). */
export const PATIENT_GLANCE_COLUMNS = glanceColumns(PATIENT_GLANCE_SOURCES, 'p.id');
