import { Platform1795379702760 } from './1795379702760-Platform';
import { Patients1795380950036 } from './1795380950036-Patients';
import { AuditFailedOutcome1795381259648 } from './1795381259648-AuditFailedOutcome';
import { DeteriorationPlans1795381491400 } from './1795381491400-DeteriorationPlans';
import { CarePlans1795381708394 } from './1795381708394-CarePlans';
import { Discharges1795382107481 } from './1795382107481-Discharges';
import { RoundsAndTasks1795382180348 } from './1795382180348-RoundsAndTasks';
import { DischargeMessageSipLink1795383568969 } from './1795383568969-DischargeMessageSipLink';
import { TaskPlanLinks1795383638182 } from './1795383638182-TaskPlanLinks';
import { FollowUpIndexes1795384444402 } from './1795384444402-FollowUpIndexes';
import { CarePlanOrganisations1795385299545 } from './1795385299545-CarePlanOrganisations';
import { CareRelationships1795456274196 } from './1795456274196-CareRelationships';
import { FollowUpCoveringIndexes1795458403798 } from './1795458403798-FollowUpCoveringIndexes';
import { AccessGate1796176366538 } from './1796176366538-AccessGate';
import { IdempotencyKeys1796400000000 } from './1796400000000-IdempotencyKeys';
import { IdempotencyKeyRequest1796400000001 } from './1796400000001-IdempotencyKeyRequest';
import { CarePlanDraftFollowUpDate1796500000000 } from './1796500000000-CarePlanDraftFollowUpDate';
import { OrganisationKindsUrgentRead1796600000000 } from './1796600000000-OrganisationKindsUrgentRead';
import { MedicationReconciliation1796700000000 } from './1796700000000-MedicationReconciliation';
import { HandoverAnswers1796810000000 } from './1796810000000-HandoverAnswers';
import { DischargePaperRoutine1796820000000 } from './1796820000000-DischargePaperRoutine';
import { TaskAcceptance1796830000000 } from './1796830000000-TaskAcceptance';
import { TasksAnywhere1796830000001 } from './1796830000001-TasksAnywhere';
import { DeteriorationEpisodes1796840000000 } from './1796840000000-DeteriorationEpisodes';
import { Continuity1796850000000 } from './1796850000000-Continuity';
import { LiveEvents1796860000000 } from './1796860000000-LiveEvents';
import { CarePlanMeetingLifecycle1796870000000 } from './1796870000000-CarePlanMeetingLifecycle';
import { PatientView1796900000000 } from './1796900000000-PatientView';
import { PatientAgreements1796910000000 } from './1796910000000-PatientAgreements';
import { ExperienceSurveys1796920000000 } from './1796920000000-ExperienceSurveys';
import { PlanExport1796930000000 } from './1796930000000-PlanExport';
import { AuditLogPartitions1797000000000 } from './1797000000000-AuditLogPartitions';
import { FollowUpKeptRows1797010000000 } from './1797010000000-FollowUpKeptRows';
import { FollowUpKeptFamilies1797040000000 } from './1797040000000-FollowUpKeptFamilies';
import { RoundParticipantIndex1797050000000 } from './1797050000000-RoundParticipantIndex';

import type { MigrationInterface } from 'typeorm';

// Every migration in order. Generate new ones with `npm run migration:generate -- <Name>`.
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  Platform1795379702760,
  Patients1795380950036,
  AuditFailedOutcome1795381259648,
  DeteriorationPlans1795381491400,
  CarePlans1795381708394,
  Discharges1795382107481,
  RoundsAndTasks1795382180348,
  DischargeMessageSipLink1795383568969,
  TaskPlanLinks1795383638182,
  FollowUpIndexes1795384444402,
  CarePlanOrganisations1795385299545,
  CareRelationships1795456274196,
  FollowUpCoveringIndexes1795458403798,
  AccessGate1796176366538,
  IdempotencyKeys1796400000000,
  IdempotencyKeyRequest1796400000001,
  CarePlanDraftFollowUpDate1796500000000,
  OrganisationKindsUrgentRead1796600000000,
  MedicationReconciliation1796700000000,
  HandoverAnswers1796810000000,
  DischargePaperRoutine1796820000000,
  TaskAcceptance1796830000000,
  TasksAnywhere1796830000001,
  DeteriorationEpisodes1796840000000,
  Continuity1796850000000,
  LiveEvents1796860000000,
  CarePlanMeetingLifecycle1796870000000,
  PatientView1796900000000,
  PatientAgreements1796910000000,
  ExperienceSurveys1796920000000,
  PlanExport1796930000000,
  AuditLogPartitions1797000000000,
  FollowUpKeptRows1797010000000,
  FollowUpKeptFamilies1797040000000,
  RoundParticipantIndex1797050000000,
];
