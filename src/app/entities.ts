import { BlockOpening, EmergencyAccess, InformationBlock } from '../access/access.entities';
import { CareRelationshipRow } from '../access/care-relationship.entity';
import { DeteriorationPlan } from '../deterioration-plans/deterioration-plan.entity';
import { DeteriorationEpisode } from '../deterioration-plans/deterioration-episode.entity';
import { AuditLog } from '../audit/audit-log.entity';
import { CarePlanProposal } from '../patient-view/care-plan-proposal.entity';
import { PatientRepresentative } from '../patient-view/patient-representative.entity';
import { CarePlan, CarePlanAction, CarePlanGoal, CarePlanNeed, CarePlanParticipant } from '../care-plans/care-plan.entity';
import { CarePlanExperienceAnswer, CarePlanFollowUp, CarePlanFollowUpOutcome } from '../care-plans/care-plan-follow-up.entity';
import { CarePlanMeeting, CarePlanMeetingInvitation, CarePlanMeetingMove, CarePlanMeetingPerson } from '../care-plans/care-plan-meeting.entity';
import { CarePlanOrganisation } from '../care-plans/care-plan-organisation.entity';
import { CarePlanVersion } from '../care-plans/care-plan-version.entity';
import { DischargeDeadline, DischargeMessage, DischargeMessageReceiver, DischargeProcess } from '../discharges/discharge-process.entity';
import { Handover, MunicipalityPaymentAgreement } from '../discharges/handover.entity';
import { MedicationDiscrepancy, MedicationReconciliation } from '../discharges/medication-reconciliation.entity';
import { CareTeamMember } from '../patients/care-team-member.entity';
import { AgendaItem, RoundDecision } from '../rounds/agenda-item.entity';
import { Round, RoundParticipant } from '../rounds/round.entity';
import { Task, TaskAssignmentEvent } from '../tasks/task.entity';
import { Consent } from '../patients/consent.entity';
import { Enrollment } from '../patients/enrollment.entity';
import { ExperienceAnswer, ExperienceSurvey } from '../experience/experience.entity';
import { FrailtyAssessment, JointHomeVisit, NamedContactChange, PatientHousing } from '../patients/continuity.entity';
import { Patient } from '../patients/patient.entity';
import { PatientRegistration } from '../patients/patient-registration.entity';
import { Assignment } from '../organisations/assignment.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';
import { PlanPatientApproval } from '../plan-export/plan-patient-approval.entity';

/** Every entity, listed once so the app, the CLI and the tests load the same model. */
export const ENTITIES = [
  Organisation,
  Staff,
  Assignment,
  AuditLog,
  Patient,
  PatientRegistration,
  Enrollment,
  NamedContactChange,
  PatientHousing,
  FrailtyAssessment,
  JointHomeVisit,
  CareTeamMember,
  Consent,
  InformationBlock,
  BlockOpening,
  EmergencyAccess,
  CareRelationshipRow,
  CarePlan,
  CarePlanGoal,
  CarePlanNeed,
  CarePlanAction,
  CarePlanParticipant,
  CarePlanVersion,
  CarePlanMeeting,
  CarePlanMeetingInvitation,
  CarePlanMeetingMove,
  CarePlanMeetingPerson,
  CarePlanFollowUp,
  CarePlanFollowUpOutcome,
  CarePlanExperienceAnswer,
  ExperienceSurvey,
  ExperienceAnswer,
  CarePlanOrganisation,
  DeteriorationPlan,
  DeteriorationEpisode,
  Task,
  TaskAssignmentEvent,
  Round,
  RoundParticipant,
  AgendaItem,
  RoundDecision,
  DischargeProcess,
  DischargeMessage,
  DischargeMessageReceiver,
  DischargeDeadline,
  Handover,
  MunicipalityPaymentAgreement,
  MedicationReconciliation,
  MedicationDiscrepancy,
  PlanPatientApproval,
  PatientRepresentative,
  CarePlanProposal,
];
