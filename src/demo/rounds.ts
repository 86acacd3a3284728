import { EntityManager } from 'typeorm';
import { Role } from '../common/roles';
import { Patient } from '../patients/patient.entity';
import { AgendaItem, RoundDecision } from '../rounds/agenda-item.entity';
import { Round, RoundKind, RoundParticipant, RoundStatus } from '../rounds/round.entity';
import { Task } from '../tasks/task.entity';
import type { DemoOrgKey, DemoStaffKey } from './region';
import { DEMO_PATIENTS, demoPersonnummer } from './patients';

/**
 * Two rounds of Vårdcentralen Sjöbacken with Jönköping's home healthcare, at fixed dates around the
 * demo's "now" (2026-11-22) so the demo is the same wherever and whenever it is loaded:
 * - last week (2026-11-16) a completed round where Esther was discussed and the care coordinators
 *   got a task to update her SIP, due 2026-11-20 and still open (so it shows as overdue, and Esther
 *   is suggested for the next round);
 * - next week (2026-11-30) a planned video round with an empty agenda.
 * Fixed ids make loading idempotent.
 */
export const DEMO_ROUND_IDS = {
  lastWeek: 'd3e0a000-0000-4000-8000-000000000001',
  nextWeek: 'd3e0a000-0000-4000-8000-000000000002',
  estherItem: 'd3e0a000-0000-4000-8000-000000000011',
  ingridItem: 'd3e0a000-0000-4000-8000-000000000012',
  estherDecision: 'd3e0a000-0000-4000-8000-000000000021',
  ingridDecision: 'd3e0a000-0000-4000-8000-000000000022',
  estherSipTask: 'd3e0a000-0000-4000-8000-000000000031',
} as const;

export async function loadDemoRounds(m: EntityManager, orgIds: Map<string, string>, staffIds: Map<string, string>): Promise<boolean> {
  if (await m.getRepository(Round).existsBy({ id: DEMO_ROUND_IDS.lastWeek })) return false;
  const org = (k: DemoOrgKey) => orgIds.get(k)!;
  const staff = (k: DemoStaffKey) => staffIds.get(k)!;
  const patient = async (key: string) => {
    const p = await m.getRepository(Patient).findOneByOrFail({ personnummer: demoPersonnummer(DEMO_PATIENTS.find((d) => d.key === key)!) });
    return p.id;
  };
  const esther = await patient('esther');
  const ingrid = await patient('ingrid');
  const organiser = org('vcSjobacken');
  const participating = [org('jonkoping')];

  // Last week: held and completed.
  const held = new Date('2026-11-16T08:00:00Z'); // 09:00 in Stockholm
  await m.getRepository(Round).insert({
    id: DEMO_ROUND_IDS.lastWeek,
    title: 'Veckorond Sjöbacken–hemsjukvården Jönköping',
    kind: RoundKind.REGULAR,
    startsAt: held,
    endsAt: new Date('2026-11-16T09:30:00Z'),
    status: RoundStatus.COMPLETED,
    organiserId: organiser,
    participatingOrganisationIds: participating,
    createdByStaffId: staff('erikGp'),
    startedAt: held,
    startedByStaffId: staff('erikGp'),
    completedAt: new Date('2026-11-16T09:25:00Z'),
    completedByStaffId: staff('erikGp'),
  });
  await m.getRepository(RoundParticipant).insert([
    { roundId: DEMO_ROUND_IDS.lastWeek, staffId: staff('erikGp'), organisationId: organiser, attended: true },
    { roundId: DEMO_ROUND_IDS.lastWeek, staffId: staff('annaNurse'), organisationId: org('jonkoping'), attended: true },
    { roundId: DEMO_ROUND_IDS.lastWeek, staffId: staff('mariaCoordinator'), organisationId: org('jonkoping'), attended: true },
    { roundId: DEMO_ROUND_IDS.lastWeek, staffId: staff('omarRehab'), organisationId: org('jonkoping'), attended: false },
  ]);
  await m.getRepository(AgendaItem).insert([
    {
      id: DEMO_ROUND_IDS.estherItem,
      roundId: DEMO_ROUND_IDS.lastWeek,
      patientId: esther,
      position: 1,
      reasons: [],
      addedByStaffId: staff('annaNurse'),
      addedByOrganisationId: org('jonkoping'),
      notes:
        'Tilltagande andfåddhet senaste veckan, vikt +1,5 kg på fem dagar. Esther vill fortsatt bo hemma med katten Sigge. Dottern Karin önskar tätare kontakt och oroar sig för nätterna.',
      notesVersion: 2,
      notesUpdatedAt: new Date('2026-11-16T08:20:00Z'),
      notesUpdatedByStaffId: staff('annaNurse'),
      notesRecordedByOrganisationId: org('jonkoping'),
    },
    {
      id: DEMO_ROUND_IDS.ingridItem,
      roundId: DEMO_ROUND_IDS.lastWeek,
      patientId: ingrid,
      position: 2,
      reasons: [],
      addedByStaffId: staff('mariaCoordinator'),
      addedByOrganisationId: org('jonkoping'),
      notes: 'Stabil sedan inskrivningen. God man (sonen Per) informerad.',
      notesVersion: 2,
      notesUpdatedAt: new Date('2026-11-16T09:05:00Z'),
      notesUpdatedByStaffId: staff('mariaCoordinator'),
      notesRecordedByOrganisationId: org('jonkoping'),
    },
  ]);
  await m.getRepository(Task).insert({
    id: DEMO_ROUND_IDS.estherSipTask,
    patientId: esther,
    title: 'Uppdatera Esthers SIP: insats 3, tillsyn nattetid och viktkontroll tre gånger i veckan',
    description: 'Enligt beslut på ronden 16/11. Stäm av med Esther och dottern Karin innan ny version publiceras.',
    assigneeOrganisationId: org('jonkoping'),
    assigneeStaffId: null,
    assigneeRole: Role.CARE_COORDINATOR,
    dueDate: '2026-11-20',
    createdByStaffId: staff('erikGp'),
    createdByOrganisationId: organiser,
  });
  await m.getRepository(RoundDecision).insert([
    {
      id: DEMO_ROUND_IDS.estherDecision,
      roundId: DEMO_ROUND_IDS.lastWeek,
      agendaItemId: DEMO_ROUND_IDS.estherItem,
      patientId: esther,
      text: 'SIP uppdateras med tillsyn nattetid och tätare viktkontroller. Läkaren ser över diuretikadosen vid nästa hembesök.',
      decidedByStaffId: staff('erikGp'),
      decidedByOrganisationId: organiser,
      taskId: DEMO_ROUND_IDS.estherSipTask,
    },
    {
      id: DEMO_ROUND_IDS.ingridDecision,
      roundId: DEMO_ROUND_IDS.lastWeek,
      agendaItemId: DEMO_ROUND_IDS.ingridItem,
      patientId: ingrid,
      text: 'Oförändrad plan; tas upp igen vid behov.',
      decidedByStaffId: staff('erikGp'),
      decidedByOrganisationId: organiser,
      taskId: null,
    },
  ]);

  // Next week: a planned video round (distansrond), agenda still to be prepared.
  await m.getRepository(Round).insert({
    id: DEMO_ROUND_IDS.nextWeek,
    title: 'Veckorond Sjöbacken–hemsjukvården Jönköping (distans)',
    kind: RoundKind.VIDEO,
    videoLink: 'https://video.example.org/rond/sjobacken-jonkoping',
    startsAt: new Date('2026-11-30T08:00:00Z'),
    endsAt: new Date('2026-11-30T09:30:00Z'),
    status: RoundStatus.PLANNED,
    organiserId: organiser,
    participatingOrganisationIds: participating,
    createdByStaffId: staff('erikGp'),
  });
  await m.getRepository(RoundParticipant).insert([
    { roundId: DEMO_ROUND_IDS.nextWeek, staffId: staff('erikGp'), organisationId: organiser },
    { roundId: DEMO_ROUND_IDS.nextWeek, staffId: staff('annaNurse'), organisationId: org('jonkoping') },
    { roundId: DEMO_ROUND_IDS.nextWeek, staffId: staff('mariaCoordinator'), organisationId: org('jonkoping') },
    { roundId: DEMO_ROUND_IDS.nextWeek, staffId: staff('omarRehab'), organisationId: org('jonkoping') },
  ]);
  return true;
}
