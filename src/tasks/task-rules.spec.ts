import { Role } from '../common/roles';
import { PatientGrant } from '../access/patient-grant';
import { canSeeTask, isAssignee, isOverdue, mayCancel } from './task-rules';
import { TaskStatus } from './task.entity';

const MUNI = 'muni';
const VC = 'vc';
const anna = { staffId: 'anna', organisationId: MUNI, role: Role.NURSE };
const omar = { staffId: 'omar', organisationId: MUNI, role: Role.REHAB };
const maria = { staffId: 'maria', organisationId: MUNI, role: Role.CARE_COORDINATOR };
const erik = { staffId: 'erik', organisationId: VC, role: Role.PHYSICIAN };

describe('who a task is for', () => {
  const roleTask = { assigneeOrganisationId: MUNI, assigneeStaffId: null, assigneeRole: Role.REHAB, createdByOrganisationId: VC };
  const namedTask = { assigneeOrganisationId: MUNI, assigneeStaffId: 'maria', assigneeRole: null, createdByOrganisationId: VC };

  it('a role task belongs to anyone acting in that role in that organisation, not to other roles there', () => {
    expect([anna, omar, maria, erik].map((a) => isAssignee(roleTask, a))).toEqual([false, true, false, false]);
  });

  it('a named task belongs to that person acting in the assigned organisation, in any role', () => {
    expect([anna, omar, maria, { ...maria, role: Role.NURSE }, { ...maria, organisationId: VC }].map((a) => isAssignee(namedTask, a))).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
  });

  it('is cancelled by the assignee or by the organisation that made it', () => {
    expect([anna, omar, erik].map((a) => mayCancel(roleTask, a))).toEqual([false, true, true]);
  });
});

describe('overdue', () => {
  it('is open and due before today; due today is not overdue, nor a done task', () => {
    expect(isOverdue({ status: TaskStatus.OPEN, dueDate: '2026-11-21' }, '2026-11-22')).toBe(true);
    expect(isOverdue({ status: TaskStatus.OPEN, dueDate: '2026-11-22' }, '2026-11-22')).toBe(false);
    expect(isOverdue({ status: TaskStatus.COMPLETED, dueDate: '2026-11-01' }, '2026-11-22')).toBe(false);
  });
});

describe('seeing a task', () => {
  const grant = (over: Partial<PatientGrant>): PatientGrant => ({
    patientId: 'p',
    exists: true,
    relationships: ['CARE_TEAM'],
    direct: true,
    emergency: false,
    consent: false,
    blockedOrganisationIds: [],
    protectedIdentity: false,
    actorOrganisationId: 'ward',
    ...over,
  });
  const task = { createdByOrganisationId: VC, assigneeOrganisationId: MUNI };

  it('the maker and the assignee organisation always; others with consent and no block', () => {
    expect(canSeeTask(task, grant({ actorOrganisationId: VC }))).toBe(true);
    expect(canSeeTask(task, grant({ actorOrganisationId: MUNI, blockedOrganisationIds: [VC] }))).toBe(true);
    expect(canSeeTask(task, grant({}))).toBe(false);
    expect(canSeeTask(task, grant({ consent: true }))).toBe(true);
    expect(canSeeTask(task, grant({ consent: true, blockedOrganisationIds: [VC] }))).toBe(false);
  });
});
