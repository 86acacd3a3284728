import { randomUUID } from 'node:crypto';
import { seedTx } from '../app/registry';
import { EntityManager } from 'typeorm';
import { CarePlan } from '../care-plans/care-plan.entity';
import {
  CarePlanActionKind,
  CarePlanActionStatus,
  CarePlanExperienceQuestion,
  CarePlanItemKind,
  CarePlanMeetingChangeReason,
  CarePlanMeetingInvitedVia,
  CarePlanMeetingPersonKind,
  CarePlanMeetingPlace,
  CarePlanMeetingStatus,
  CarePlanOutcome,
  CarePlanParticipantKind,
  CarePlanStatus,
} from '../care-plans/care-plan.enums';
import { CarePlanExperienceAnswer, CarePlanFollowUp, CarePlanFollowUpOutcome } from '../care-plans/care-plan-follow-up.entity';
import { CarePlanMeeting, CarePlanMeetingInvitation, CarePlanMeetingMove, CarePlanMeetingPerson } from '../care-plans/care-plan-meeting.entity';
import { CarePlanSnapshot, participantOrganisations } from '../care-plans/care-plan-snapshot';
import { DRAFT_LISTS, refreshParticipants, writeDraft } from '../care-plans/care-plan-store';
import { CarePlanVersion } from '../care-plans/care-plan-version.entity';
import { Patient } from '../patients/patient.entity';
import type { DemoOrgKey, DemoStaffKey } from './region';
import { DEMO_PATIENTS, demoPersonnummer } from './patients';

const at = (iso: string) => new Date(iso);

/**
 * Esther's SIP: Jönköping municipality (home healthcare and home help) with her primary care
 * centre Vårdcentralen Sjöbacken. Agreed at a meeting in her home in February (version 1),
 * followed up in May with her own answers, revised in September when rehab joined (version 2),
 * next follow-up in January. Idempotent: nothing is done when Esther already has a plan.
 */
export async function loadDemoCarePlans(m: EntityManager, orgIds: Map<string, string>, staffIds: Map<string, string>): Promise<boolean> {
  const org = (k: DemoOrgKey) => orgIds.get(k)!;
  const staff = (k: DemoStaffKey) => staffIds.get(k)!;
  const esther = await m.getRepository(Patient).findOneBy({ personnummer: demoPersonnummer(DEMO_PATIENTS.find((p) => p.key === 'esther')!) });
  if (!esther || (await m.getRepository(CarePlan).existsBy({ patientId: esther.id }))) return false;

  const id = { g1: randomUUID(), g2: randomUUID(), g3: randomUUID(), a1: randomUUID(), a2: randomUUID(), a3: randomUUID(), a4: randomUUID(), a5: randomUUID() };
  const participant = (
    kind: CarePlanParticipantKind,
    o: DemoOrgKey | null,
    s: DemoStaffKey | null,
    name: string | null = null,
    relation: string | null = null,
  ) => ({
    id: randomUUID(),
    kind,
    organisationId: o && org(o),
    staffId: s && staff(s),
    name,
    relation,
    attended: true,
  });
  const v1: CarePlanSnapshot = {
    reason: 'Esther har hjärtsvikt och KOL och får hemsjukvård och hemtjänst från kommunen och läkarinsatser från vårdcentralen. Insatserna behöver samordnas.',
    goals: [
      { id: id.g1, text: 'Jag vill bo kvar hemma med min katt Sigge.' },
      { id: id.g2, text: 'Jag vill orka gå till brevlådan själv.' },
      { id: id.g3, text: 'Jag vill slippa åka in till sjukhuset i onödan.' },
    ],
    needs: [
      { id: randomUUID(), text: 'Tillsyn av hjärtsvikten: vikt, ödem och andning.' },
      { id: randomUUID(), text: 'Hjälp med personlig hygien, inköp och städning.' },
      { id: randomUUID(), text: 'Bibehålla gångförmåga och balans.' },
    ],
    actions: [
      {
        id: id.a1,
        description: 'Hemsjukvård: vägning tre dagar i veckan och bedömning av ödem; kontakt med läkare vid viktökning över 2 kg på tre dagar.',
        kind: CarePlanActionKind.HEALTH_CARE,
        responsibleOrganisationId: org('jonkoping'),
        responsibleStaffId: staff('annaNurse'),
        performedBy: null,
        startDate: '2026-02-12',
        endDate: null,
        status: CarePlanActionStatus.ONGOING,
      },
      {
        id: id.a2,
        description: 'Läkarbesök i hemmet var tredje månad med läkemedelsgenomgång.',
        kind: CarePlanActionKind.HEALTH_CARE,
        responsibleOrganisationId: org('vcSjobacken'),
        responsibleStaffId: staff('erikGp'),
        performedBy: null,
        startDate: '2026-02-12',
        endDate: null,
        status: CarePlanActionStatus.ONGOING,
      },
      {
        id: id.a3,
        description: 'Hemtjänst: hjälp med dusch två gånger i veckan, inköp varje vecka och städning varannan vecka.',
        kind: CarePlanActionKind.SOCIAL_SERVICE,
        responsibleOrganisationId: org('jonkoping'),
        responsibleStaffId: staff('saraSocial'),
        performedBy: null,
        startDate: '2026-02-16',
        endDate: null,
        status: CarePlanActionStatus.ONGOING,
      },
      {
        id: id.a4,
        description: 'Handlar tillsammans med Esther på lördagar.',
        kind: CarePlanActionKind.NEXT_OF_KIN,
        responsibleOrganisationId: null,
        responsibleStaffId: null,
        performedBy: 'Karin Johansson (dotter)',
        startDate: '2026-02-14',
        endDate: null,
        status: CarePlanActionStatus.ONGOING,
      },
    ],
    participants: [
      participant(CarePlanParticipantKind.ORGANISATION, 'jonkoping', null),
      participant(CarePlanParticipantKind.ORGANISATION, 'vcSjobacken', null),
      participant(CarePlanParticipantKind.STAFF, 'jonkoping', 'mariaCoordinator'),
      participant(CarePlanParticipantKind.STAFF, 'jonkoping', 'annaNurse'),
      participant(CarePlanParticipantKind.STAFF, 'jonkoping', 'saraSocial'),
      participant(CarePlanParticipantKind.STAFF, 'vcSjobacken', 'erikGp'),
      participant(CarePlanParticipantKind.PATIENT, null, null),
      participant(CarePlanParticipantKind.NEXT_OF_KIN, null, null, 'Karin Johansson', 'dotter'),
    ],
    overallResponsibleOrganisationId: org('jonkoping'),
    coordinatorStaffId: staff('mariaCoordinator'),
    nextFollowUpDate: '2026-05-12',
  };
  const v2: CarePlanSnapshot = {
    ...v1,
    goals: v1.goals.map((g) => (g.id === id.g2 ? { ...g, text: 'Jag vill orka gå till brevlådan själv, med rollatorn.' } : g)),
    actions: [
      ...v1.actions,
      {
        id: id.a5,
        description: 'Arbetsterapeut: gångträning med rollator och översyn av hjälpmedel i hemmet.',
        kind: CarePlanActionKind.REHABILITATION,
        responsibleOrganisationId: org('jonkoping'),
        responsibleStaffId: staff('omarRehab'),
        performedBy: null,
        startDate: '2026-09-21',
        endDate: null,
        status: CarePlanActionStatus.PLANNED,
      },
    ],
    participants: [...v1.participants.slice(0, 6), participant(CarePlanParticipantKind.STAFF, 'jonkoping', 'omarRehab'), ...v1.participants.slice(6)],
    nextFollowUpDate: '2027-01-19',
  };

  const plan = m.getRepository(CarePlan).create({
    id: randomUUID(),
    patientId: esther.id,
    status: CarePlanStatus.ACTIVE,
    version: 4,
    draftOpen: false,
    publishedVersionNumber: 2,
    reason: v2.reason,
    overallResponsibleOrganisationId: v2.overallResponsibleOrganisationId,
    coordinatorStaffId: v2.coordinatorStaffId,
    draftNextFollowUpDate: v2.nextFollowUpDate,
    followUpDue: v2.nextFollowUpDate,
    participantOrganisationIds: [],
    createdByStaffId: staff('mariaCoordinator'),
    createdByOrganisationId: org('jonkoping'),
    createdAt: at('2026-02-06T09:00:00Z'),
    updatedAt: at('2026-09-15T12:00:00Z'),
    updatedByStaffId: staff('mariaCoordinator'),
    closedAt: null,
    closedByStaffId: null,
    closeReason: null,
    closeNote: null,
  });
  const tx = seedTx(m, esther.id);
  await tx.repo(CarePlan).insert(plan);
  await writeDraft(tx, plan, v2, DRAFT_LISTS);
  const version = (number: number, snapshot: CarePlanSnapshot, publishedAt: string) => ({
    carePlanId: plan.id,
    patientId: esther.id,
    number,
    snapshot,
    participantOrganisationIds: participantOrganisations(snapshot),
    publishedAt: at(publishedAt),
    publishedByStaffId: staff('mariaCoordinator'),
    publishedByOrganisationId: org('jonkoping'),
  });
  await m.getRepository(CarePlanVersion).insert([version(1, v1, '2026-02-12T14:00:00Z'), version(2, v2, '2026-09-15T12:00:00Z')]);
  await refreshParticipants(tx, plan);

  const meeting = async (startsAt: string, place: CarePlanMeetingPlace, placeDetail: string | null, attendingStaff: DemoStaffKey[]) => {
    const row = await m.getRepository(CarePlanMeeting).save(
      m.getRepository(CarePlanMeeting).create({
        carePlanId: plan.id,
        patientId: esther.id,
        startsAt: at(startsAt),
        place,
        placeDetail,
        status: CarePlanMeetingStatus.HELD,
        scheduledByStaffId: staff('mariaCoordinator'),
        scheduledByOrganisationId: org('jonkoping'),
        scheduledAt: new Date(at(startsAt).getTime() - 5 * 86_400_000),
        heldAt: at(startsAt),
        heldRecordedByStaffId: staff('mariaCoordinator'),
        patientAttended: true,
        nextOfKinAttended: true,
        attendingStaffIds: attendingStaff.map(staff),
      }),
    );
    await m.getRepository(CarePlanMeetingInvitation).insert(
      (['jonkoping', 'vcSjobacken'] as const).map((o) => ({
        meetingId: row.id,
        organisationId: org(o),
        invitedAt: row.scheduledAt,
        acknowledgedAt: new Date(row.scheduledAt.getTime() + 86_400_000),
        acknowledgedByStaffId: staff(o === 'jonkoping' ? 'mariaCoordinator' : 'johanCoordinator'),
        attended: true,
      })),
    );
  };
  await meeting('2026-02-12T12:00:00Z', CarePlanMeetingPlace.HOME, null, ['mariaCoordinator', 'annaNurse', 'saraSocial', 'erikGp']);
  await meeting('2026-09-15T11:00:00Z', CarePlanMeetingPlace.VIDEO, 'https://video.demo.example/sip/esther', [
    'mariaCoordinator',
    'annaNurse',
    'omarRehab',
    'erikGp',
  ]);

  // The follow-up meeting in January: first set for the 12th, moved to the 19th because her
  // daughter could not come; Esther was invited by letter and Karin by phone.
  const upcoming = await m.getRepository(CarePlanMeeting).save(
    m.getRepository(CarePlanMeeting).create({
      carePlanId: plan.id,
      patientId: esther.id,
      startsAt: at('2027-01-19T13:00:00Z'),
      place: CarePlanMeetingPlace.HOME,
      placeDetail: null,
      status: CarePlanMeetingStatus.SCHEDULED,
      scheduledByStaffId: staff('mariaCoordinator'),
      scheduledByOrganisationId: org('jonkoping'),
      scheduledAt: at('2026-11-10T09:00:00Z'),
      heldAt: null,
      heldRecordedByStaffId: null,
      patientAttended: null,
      nextOfKinAttended: null,
      attendingStaffIds: [],
      cancelledAt: null,
      cancelledByStaffId: null,
      cancelledByOrganisationId: null,
      cancelReason: null,
      cancelNote: null,
    }),
  );
  await m.getRepository(CarePlanMeetingMove).insert({
    meetingId: upcoming.id,
    previousStartsAt: at('2027-01-12T13:00:00Z'),
    startsAt: upcoming.startsAt,
    reason: CarePlanMeetingChangeReason.PARTICIPANT_UNAVAILABLE,
    note: 'Dottern Karin kan inte den 12 januari.',
    movedAt: at('2026-11-20T10:00:00Z'),
    movedByStaffId: staff('mariaCoordinator'),
    movedByOrganisationId: org('jonkoping'),
  });
  await m.getRepository(CarePlanMeetingInvitation).insert(
    (['jonkoping', 'vcSjobacken'] as const).map((o) => ({
      meetingId: upcoming.id,
      organisationId: org(o),
      invitedAt: upcoming.scheduledAt,
      acknowledgedAt: o === 'jonkoping' ? at('2026-11-20T10:00:00Z') : at('2026-11-21T08:30:00Z'),
      acknowledgedByStaffId: staff(o === 'jonkoping' ? 'mariaCoordinator' : 'johanCoordinator'),
      attended: null,
    })),
  );
  const invited = (kind: CarePlanMeetingPersonKind, via: CarePlanMeetingInvitedVia, name: string | null, relation: string | null, when: string) => ({
    meetingId: upcoming.id,
    kind,
    name,
    relation,
    invitedVia: via,
    invitedAt: at(when),
    recordedAt: at(when),
    invitedByStaffId: staff('mariaCoordinator'),
    invitedByOrganisationId: org('jonkoping'),
    attended: null,
  });
  await m
    .getRepository(CarePlanMeetingPerson)
    .insert([
      invited(CarePlanMeetingPersonKind.PATIENT, CarePlanMeetingInvitedVia.LETTER, null, null, '2026-11-20T10:30:00Z'),
      invited(CarePlanMeetingPersonKind.NEXT_OF_KIN, CarePlanMeetingInvitedVia.PHONE, 'Karin Johansson', 'dotter', '2026-11-20T10:45:00Z'),
    ]);

  const followUp = await m.getRepository(CarePlanFollowUp).save(
    m.getRepository(CarePlanFollowUp).create({
      carePlanId: plan.id,
      patientId: esther.id,
      versionNumber: 1,
      followUpDate: '2026-05-12',
      dueDate: '2026-05-12',
      nextFollowUpDate: '2026-09-15',
      summary: 'Vikten stabil, inga inläggningar sedan februari. Esther orkar gå till brevlådan vissa dagar.',
      recordedByStaffId: staff('mariaCoordinator'),
      recordedByOrganisationId: org('jonkoping'),
      recordedAt: at('2026-05-12T13:30:00Z'),
    }),
  );
  const outcome = (itemKind: CarePlanItemKind, itemId: string, o: CarePlanOutcome, comment: string | null = null) => ({
    followUpId: followUp.id,
    itemKind,
    itemId,
    outcome: o,
    comment,
  });
  await m
    .getRepository(CarePlanFollowUpOutcome)
    .insert([
      outcome(CarePlanItemKind.GOAL, id.g1, CarePlanOutcome.ACHIEVED),
      outcome(CarePlanItemKind.GOAL, id.g2, CarePlanOutcome.PARTLY_ACHIEVED, 'Orkar gå med rollator vissa dagar.'),
      outcome(CarePlanItemKind.GOAL, id.g3, CarePlanOutcome.ACHIEVED),
      outcome(CarePlanItemKind.ACTION, id.a1, CarePlanOutcome.ACHIEVED),
      outcome(CarePlanItemKind.ACTION, id.a2, CarePlanOutcome.ACHIEVED),
      outcome(CarePlanItemKind.ACTION, id.a3, CarePlanOutcome.ACHIEVED),
      outcome(CarePlanItemKind.ACTION, id.a4, CarePlanOutcome.ACHIEVED),
    ]);
  const answers: Array<[CarePlanExperienceQuestion, number]> = [
    [CarePlanExperienceQuestion.INVOLVED_IN_PLAN, 4],
    [CarePlanExperienceQuestion.KNOWS_WHO_TO_CALL, 5],
    [CarePlanExperienceQuestion.PLAN_REFLECTS_MY_GOALS, 4],
    [CarePlanExperienceQuestion.CARE_IS_COORDINATED, 3],
  ];
  await m
    .getRepository(CarePlanExperienceAnswer)
    .insert(answers.map(([question, score]) => ({ followUpId: followUp.id, carePlanId: plan.id, question, score, answeredOn: '2026-05-12' })));
  return true;
}
