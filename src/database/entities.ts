import { BlockOpening, EmergencyAccess, InformationBlock } from '../access/access.entities';
import { AuditLog } from '../audit/audit-log.entity';
import { CareTeamMember } from '../patients/care-team-member.entity';
import { Consent } from '../patients/consent.entity';
import { Enrollment } from '../patients/enrollment.entity';
import { Patient } from '../patients/patient.entity';
import { Assignment } from '../organisations/assignment.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';
import { AgendaItem, RoundDecision } from '../rounds/agenda-item.entity';
import { Round, RoundParticipant } from '../rounds/round.entity';
import { Task } from '../tasks/task.entity';

/** Every entity, listed once so the app, the CLI and the tests load the same model. */
export const ENTITIES = [Organisation, Staff, Assignment, AuditLog, Patient, Enrollment, CareTeamMember, Consent, InformationBlock, BlockOpening, EmergencyAccess, Task, Round, RoundParticipant, AgendaItem, RoundDecision];
