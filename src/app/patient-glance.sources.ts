import { CURRENT_CARE_PLAN_GLANCE } from '../care-plans/care-plans.glance';
import { ACTIVE_DETERIORATION_PLAN_GLANCE } from '../deterioration-plans/deterioration-plans.glance';
import { PatientGlance, PatientGlanceSource } from '../patients/patient-glance';
import { OPEN_TASK_COUNT_GLANCE } from '../tasks/tasks.glance';

/** Every source of the patient glance. A capability adds its own here. */
export const PATIENT_GLANCE_SOURCES: readonly PatientGlanceSource[] = [CURRENT_CARE_PLAN_GLANCE, ACTIVE_DETERIORATION_PLAN_GLANCE, OPEN_TASK_COUNT_GLANCE];

/** Handed to the patients module as the PatientGlance provider (src/app/registry.ts). */
export const PATIENT_GLANCE = new PatientGlance(PATIENT_GLANCE_SOURCES);
