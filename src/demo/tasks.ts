import { EntityManager } from 'typeorm';
import { Role } from '../common/roles';
import { Handover } from '../discharges/handover.entity';
import { Patient } from '../patients/patient.entity';
import { Task, TaskAssignmentEvent, TaskAssignmentEventKind, TaskSourceKind, TaskStatus } from '../tasks/task.entity';
import { DEMO_PATIENTS, demoPersonnummer } from './patients';
import type { DemoOrgKey, DemoStaffKey } from './region';

/**
 * A task made from a handover, not at a round: when Anna (Jönköping's home healthcare) received
 * the primary care centre's handover after Esther came home on 9 October (furosemide raised), she
 * gave the mobile team's nurses the follow-up blood tests three months on; Hanna of the mobile team
 * accepted it the next morning. Due after the demo's "now", so it is neither overdue nor on a round.
 * A fixed id makes loading idempotent.
 */
export const DEMO_TASK_IDS = { estherHandoverTask: 'd3e0a000-0000-4000-8000-000000000041' } as const;

export async function loadDemoTasks(m: EntityManager, orgIds: Map<string, string>, staffIds: Map<string, string>): Promise<boolean> {
  if (await m.getRepository(Task).existsBy({ id: DEMO_TASK_IDS.estherHandoverTask })) return false;
  const org = (k: DemoOrgKey) => orgIds.get(k)!;
  const staff = (k: DemoStaffKey) => staffIds.get(k)!;
  const esther = await m.getRepository(Patient).findOneByOrFail({ personnummer: demoPersonnummer(DEMO_PATIENTS.find((d) => d.key === 'esther')!) });
  const handover = await m.getRepository(Handover).findOneBy({
    patientId: esther.id,
    senderOrganisationId: org('vcSjobacken'),
    sentAt: new Date('2026-10-09T13:00:00Z'),
  });
  if (!handover) return false;
  const assignedAt = new Date('2026-10-09T14:10:00Z');
  await m.getRepository(Task).insert({
    id: DEMO_TASK_IDS.estherHandoverTask,
    patientId: esther.id,
    title: 'Provtagning: elektrolyter och kreatinin tre månader efter höjd furosemiddos',
    description: 'Enligt överrapporteringen från vårdcentralen 9/10. Tas vid kvällsbesök; svar till distriktsläkaren.',
    assigneeOrganisationId: org('mobileTeam'),
    assigneeStaffId: null,
    assigneeRole: Role.NURSE,
    dueDate: '2027-01-11',
    status: TaskStatus.ACCEPTED,
    sourceKind: TaskSourceKind.HANDOVER,
    sourceId: handover.id,
    createdByStaffId: staff('annaNurse'),
    createdByOrganisationId: org('jonkoping'),
    createdAt: assignedAt,
  });
  const event = (kind: TaskAssignmentEventKind, at: string, by: DemoStaffKey, byOrg: DemoOrgKey) => ({
    taskId: DEMO_TASK_IDS.estherHandoverTask,
    patientId: esther.id,
    kind,
    at: new Date(at),
    byStaffId: staff(by),
    byOrganisationId: org(byOrg),
    assigneeOrganisationId: org('mobileTeam'),
    assigneeStaffId: null,
    assigneeRole: Role.NURSE,
    reason: null,
  });
  await m
    .getRepository(TaskAssignmentEvent)
    .insert([
      event(TaskAssignmentEventKind.ASSIGNED, assignedAt.toISOString(), 'annaNurse', 'jonkoping'),
      event(TaskAssignmentEventKind.ACCEPTED, '2026-10-10T07:30:00Z', 'hannaMobileNurse', 'mobileTeam'),
    ]);
  return true;
}
