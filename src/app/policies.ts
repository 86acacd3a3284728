import { CapabilityPolicy } from '../access/policy';
import { carePlansPolicy } from '../care-plans/care-plans.policy';
import { deteriorationPlansPolicy } from '../deterioration-plans/deterioration-plans.policy';
import { dischargesPolicy } from '../discharges/discharges.policy';
import { eventsPolicy } from '../events/events.policy';
import { followUpPolicy } from '../follow-up/follow-up.policy';
import { logReviewPolicy } from '../log-review/log-review.policy';
import { organisationsPolicy } from '../organisations/organisations.policy';
import { patientsPolicy } from '../patients/patients.policy';
import { continuityPolicy } from '../patients/continuity.policy';
import { experiencePolicy } from '../experience/experience.policy';
import { reservePolicy } from '../reserve/reserve.policy';
import { planExportPolicy } from '../plan-export/plan-export.policy';
import { roundsPolicy } from '../rounds/rounds.policy';
import { tasksPolicy } from '../tasks/tasks.policy';
import { urgentCarePolicy } from '../deterioration-plans/urgent-care-plan.policy';
import { deteriorationEpisodesPolicy } from '../deterioration-plans/deterioration-episodes.policy';
import { patientViewPolicy } from '../patient-view/patient-view.policy';

/** Every capability's declared rules, in the order of docs/ACCESS.md. The guard and the gate enforce them. */
export const POLICIES: readonly CapabilityPolicy[] = [
  organisationsPolicy,
  patientsPolicy,
  continuityPolicy,
  experiencePolicy,
  logReviewPolicy,
  eventsPolicy,
  carePlansPolicy,
  deteriorationPlansPolicy,
  urgentCarePolicy,
  deteriorationEpisodesPolicy,
  dischargesPolicy,
  roundsPolicy,
  tasksPolicy,
  followUpPolicy,
  reservePolicy,
  planExportPolicy,
  patientViewPolicy,
];
