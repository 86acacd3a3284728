import { seedTx } from '../app/registry';
import { stockholmDate } from '../common/calendar';
import { EntityManager } from 'typeorm';
import { DischargeHandoverRecord, DischargeMessage, DischargeMessageReceiver, DischargeProcess } from '../discharges/discharge-process.entity';
import {
  DischargeMessageKind as K,
  DischargeStatus,
  HandoverAnswerOutcome,
  HandoverOccasion,
  HandoverRequestedResponse,
  HandoverUrgency,
  MedicationDiscrepancyKind,
  MedicationLineStatus,
  MedicationRoute,
  RiskArea,
  RiskLevel,
} from '../discharges/discharge.enums';
import { MedicationLineRecord } from '../discharges/medication-lines';
import { MedicationDiscrepancy, MedicationReconciliation } from '../discharges/medication-reconciliation.entity';
import { discrepancyTaskText } from '../discharges/medication-reconciliation.rules';
import { Task, TaskStatus } from '../tasks/task.entity';
import { acknowledgementDeadline } from '../discharges/deadlines';
import { storeDeadlines } from '../discharges/deadline-store';
import { handoverRespondBy } from '../discharges/handover-deadlines';
import { Handover, MunicipalityPaymentAgreement } from '../discharges/handover.entity';
import { Patient } from '../patients/patient.entity';
import type { DemoOrgKey, DemoStaffKey } from './region';
import { DEMO_PATIENTS, demoPersonnummer } from './patients';

/** The demo messages use the default acknowledgement time (ACKNOWLEDGEMENT_HOURS). */
const ACK_HOURS = 24;

/** Locally agreed payment terms of the demo municipalities (fictional regional agreement). */
export const DEMO_PAYMENT_AGREEMENTS: Array<{ municipality: DemoOrgKey; agreedDays: number; dailyAmountSek: number }> = [
  { municipality: 'jonkoping', agreedDays: 3, dailyAmountSek: 8940 },
  { municipality: 'habo', agreedDays: 5, dailyAmountSek: 8940 },
];

interface DemoMessage {
  kind: K;
  at: string;
  by: DemoStaffKey;
  from: DemoOrgKey;
  /** Receivers that acknowledged: org → [staff, when]. Other receivers have not. */
  acks?: Partial<Record<DemoOrgKey, [DemoStaffKey, string]>>;
  note?: string;
  plannedDischargeDate?: string;
  appointed?: DemoStaffKey;
  proposedMeetingAt?: string;
  /** SIP_INVITATION: links the SIP the patient had when it was sent. */
  linksSip?: boolean;
  handover?: DischargeHandoverRecord;
}

interface DemoProcess {
  patient: string;
  hospital: DemoOrgKey;
  municipality: DemoOrgKey;
  primaryCare: DemoOrgKey;
  admittedAt: string;
  openedBy: DemoStaffKey;
  status: DischargeStatus;
  dischargedAt?: string;
  closedAt?: string;
  messages: DemoMessage[];
  /** The municipality's medication reconciliation after the discharge, with its discrepancies (each a task for the GP). */
  reconciliation?: DemoReconciliation;
}

interface DemoReconciliation {
  at: string;
  by: DemoStaffKey;
  note: string;
  discrepancies: Array<{
    kind: MedicationDiscrepancyKind;
    lineNumber: number;
    description: string;
    task: { id: string; assignee: DemoStaffKey; dueDate: string; completed: [DemoStaffKey, string, string] };
  }>;
}

/** Fixed ids of the demo reconciliation's task, for the README and tests. */
export const DEMO_MEDICATION_TASK_ID = 'd3e0a000-0000-4000-8000-000000000051';

/** A demo medication line: oral unless said, strength in the product name. */
function line(l: Pick<MedicationLineRecord, 'substance' | 'product' | 'dose' | 'status'> & Partial<MedicationLineRecord>): MedicationLineRecord {
  return { strength: null, route: MedicationRoute.ORAL, reason: null, followUpDate: null, nllReference: null, ...l };
}

const ESTHER_HANDOVER: DischargeHandoverRecord = {
  reasonForAdmission: 'Hjärtsvikt i försämring med tilltagande andfåddhet och bensvullnad.',
  responsibleClinicians: 'Medicinavdelning M1, ansvarig läkare Ali Karimi, överläkare internmedicin.',
  careSummary: 'Intravenös furosemid i tre dygn, viktnedgång 3 kg. Kortvarig förvirring första natten som gick över. Inga övriga komplikationer.',
  currentHealthAndFunction: 'Går med rollator inomhus, klarar personlig hygien med visst stöd. Orienterad. Andas lätt i vila.',
  riskAssessments: [
    { area: RiskArea.FALLS, level: RiskLevel.RISK, note: 'Downton 3. Rollator, nattlampa, se över mattor hemma.' },
    { area: RiskArea.PRESSURE_ULCERS, level: RiskLevel.NO_RISK, note: 'Modifierad Norton 25.' },
    { area: RiskArea.NUTRITION, level: RiskLevel.RISK, note: 'MNA-SF 10. Näringsdryck 1 x 2.' },
  ],
  medicationChanges: 'Furosemid höjd från 40 mg till 80 mg på morgonen. Kaliumklorid insatt. Ibuprofen utsatt på grund av njurfunktionen.',
  medications: [
    line({
      substance: 'furosemid',
      product: 'Furosemid 40 mg tablett',
      dose: '2 tabletter på morgonen (80 mg)',
      status: MedicationLineStatus.CHANGED,
      reason: 'Höjd från 40 mg till 80 mg: vätskeansamling vid hjärtsvikt.',
      followUpDate: '2026-10-16',
    }),
    line({
      substance: 'kaliumklorid',
      product: 'Kaliumklorid 750 mg depottablett',
      dose: '1 tablett 2 gånger dagligen',
      status: MedicationLineStatus.NEW,
      reason: 'Insatt mot kaliumförlust vid den högre furosemiddosen.',
      followUpDate: '2026-10-16',
    }),
    line({ substance: 'bisoprolol', product: 'Bisoprolol 2,5 mg tablett', dose: '1 tablett på morgonen', status: MedicationLineStatus.UNCHANGED }),
    line({ substance: 'enalapril', product: 'Enalapril 5 mg tablett', dose: '1 tablett 2 gånger dagligen', status: MedicationLineStatus.UNCHANGED }),
    line({
      substance: 'paracetamol',
      product: 'Paracetamol 500 mg tablett',
      dose: '2 tabletter vid behov, högst 3 gånger per dygn',
      status: MedicationLineStatus.UNCHANGED,
    }),
    line({
      substance: 'ibuprofen',
      product: 'Ibuprofen 400 mg tablett',
      dose: '1 tablett vid behov',
      status: MedicationLineStatus.STOPPED,
      reason: 'Utsatt: försämrad njurfunktion under vårdtiden; ska inte tas.',
    }),
  ],
  followUp:
    'Hemsjukvården väger dagligen i en vecka; viktökning över 2 kg på 3 dagar: kontakta vårdcentralen. Kreatinin och kalium om en vecka på vårdcentralen. SIP-möte i hemmet 13 oktober.',
};

/**
 * Three stays: Sven Berg admitted to M1 now, the primary care centre late to acknowledge the
 * admission notice; Gunnar Lindqvist on G2, ready for discharge (after a withdrawal) with payment
 * days running; Esther's last stay on M1, discharged with handover and SIP invitation, closed.
 */
export const DEMO_PROCESSES: DemoProcess[] = [
  {
    patient: 'sven',
    hospital: 'wardMedicine',
    municipality: 'jonkoping',
    primaryCare: 'vcSjobacken',
    admittedAt: '2026-11-20T07:40:00Z',
    openedBy: 'toveDischarge',
    status: DischargeStatus.PLANNING,
    messages: [
      {
        kind: K.ADMISSION_NOTICE,
        at: '2026-11-20T15:10:00Z',
        by: 'toveDischarge',
        from: 'wardMedicine',
        note: 'Inlagd för hjärtsvikt i försämring. Bor ensam; förväntas behöva hemsjukvård och hemtjänst efter utskrivning.',
        acks: { jonkoping: ['jonasDischarge', '2026-11-20T16:05:00Z'] },
      },
    ],
  },
  {
    patient: 'gunnar',
    hospital: 'wardGeriatrics',
    municipality: 'jonkoping',
    primaryCare: 'vcSjobacken',
    admittedAt: '2026-11-09T10:00:00Z',
    openedBy: 'toveDischarge',
    status: DischargeStatus.READY_FOR_DISCHARGE,
    messages: [
      {
        kind: K.STATUS_MESSAGE,
        at: '2026-11-09T13:00:00Z',
        by: 'karinNurse',
        from: 'jonkoping',
        note: 'Inskriven i hemsjukvården sedan maj. Dosett delas av hemsjukvården varje vecka; hemtjänst morgon och kväll. Maka Birgit hemma.',
        acks: { wardGeriatrics: ['toveDischarge', '2026-11-09T14:00:00Z'], vcSjobacken: ['johanCoordinator', '2026-11-10T08:00:00Z'] },
      },
      {
        kind: K.ADMISSION_NOTICE,
        at: '2026-11-09T17:00:00Z',
        by: 'toveDischarge',
        from: 'wardGeriatrics',
        note: 'Fall i hemmet, höftkontusion utan fraktur. Förväntas behöva utökad hemtjänst och rehabilitering efter utskrivning.',
        acks: { jonkoping: ['jonasDischarge', '2026-11-09T18:00:00Z'], vcSjobacken: ['johanCoordinator', '2026-11-10T08:05:00Z'] },
      },
      {
        kind: K.CARE_CONTACT_APPOINTED,
        at: '2026-11-10T08:10:00Z',
        by: 'johanCoordinator',
        from: 'vcSjobacken',
        appointed: 'johanCoordinator',
        acks: { wardGeriatrics: ['toveDischarge', '2026-11-10T09:00:00Z'], jonkoping: ['karinNurse', '2026-11-10T09:30:00Z'] },
      },
      {
        kind: K.PLANNED_DISCHARGE_DATE,
        at: '2026-11-11T10:00:00Z',
        by: 'toveDischarge',
        from: 'wardGeriatrics',
        plannedDischargeDate: '2026-11-16',
        acks: { jonkoping: ['karinNurse', '2026-11-11T11:00:00Z'], vcSjobacken: ['johanCoordinator', '2026-11-11T12:00:00Z'] },
      },
      {
        kind: K.READY_FOR_DISCHARGE,
        at: '2026-11-13T08:00:00Z',
        by: 'gustavPhysician',
        from: 'wardGeriatrics',
        acks: { jonkoping: ['karinNurse', '2026-11-13T09:00:00Z'], vcSjobacken: ['johanCoordinator', '2026-11-13T09:30:00Z'] },
      },
      {
        kind: K.READY_FOR_DISCHARGE_WITHDRAWN,
        at: '2026-11-14T07:00:00Z',
        by: 'gustavPhysician',
        from: 'wardGeriatrics',
        note: 'Feber och nytillkommet syrgasbehov, misstänkt pneumoni. Antibiotika insatt.',
        acks: { jonkoping: ['karinNurse', '2026-11-14T08:00:00Z'], vcSjobacken: ['johanCoordinator', '2026-11-16T07:30:00Z'] },
      },
      {
        kind: K.READY_FOR_DISCHARGE,
        at: '2026-11-16T09:30:00Z',
        by: 'gustavPhysician',
        from: 'wardGeriatrics',
        note: 'Feberfri sedan två dygn, åter på habituell nivå.',
        acks: { jonkoping: ['karinNurse', '2026-11-16T10:00:00Z'], vcSjobacken: ['johanCoordinator', '2026-11-16T11:00:00Z'] },
      },
      {
        kind: K.SIP_INVITATION,
        at: '2026-11-18T12:00:00Z',
        by: 'johanCoordinator',
        from: 'vcSjobacken',
        proposedMeetingAt: '2026-11-25T13:00:00Z',
        note: 'SIP-möte i hemmet med Gunnar och Birgit.',
        acks: { wardGeriatrics: ['toveDischarge', '2026-11-18T13:00:00Z'], jonkoping: ['karinNurse', '2026-11-18T14:00:00Z'] },
      },
    ],
  },
  {
    patient: 'esther',
    hospital: 'wardMedicine',
    municipality: 'jonkoping',
    primaryCare: 'vcSjobacken',
    admittedAt: '2026-10-05T14:00:00Z',
    openedBy: 'toveDischarge',
    status: DischargeStatus.CLOSED,
    dischargedAt: '2026-10-09T09:30:00Z',
    closedAt: '2026-10-12T08:00:00Z',
    messages: [
      {
        kind: K.STATUS_MESSAGE,
        at: '2026-10-05T16:30:00Z',
        by: 'annaNurse',
        from: 'jonkoping',
        note: 'Hemsjukvård sedan februari, handlingsplan vid försämring av hjärtsvikt finns. Dottern Karin är kontaktperson. Katten Sigge sköts av grannen.',
        acks: { wardMedicine: ['toveDischarge', '2026-10-05T17:00:00Z'], vcSjobacken: ['johanCoordinator', '2026-10-06T07:30:00Z'] },
      },
      {
        kind: K.ADMISSION_NOTICE,
        at: '2026-10-06T09:00:00Z',
        by: 'toveDischarge',
        from: 'wardMedicine',
        note: 'Hjärtsvikt i försämring. Förväntas återgå till hemsjukvården med utökade insatser.',
        acks: { jonkoping: ['annaNurse', '2026-10-06T09:30:00Z'], vcSjobacken: ['johanCoordinator', '2026-10-06T10:00:00Z'] },
      },
      {
        kind: K.CARE_CONTACT_APPOINTED,
        at: '2026-10-06T10:05:00Z',
        by: 'johanCoordinator',
        from: 'vcSjobacken',
        appointed: 'johanCoordinator',
        acks: { wardMedicine: ['toveDischarge', '2026-10-06T11:00:00Z'], jonkoping: ['annaNurse', '2026-10-06T11:30:00Z'] },
      },
      {
        kind: K.PLANNED_DISCHARGE_DATE,
        at: '2026-10-07T09:00:00Z',
        by: 'toveDischarge',
        from: 'wardMedicine',
        plannedDischargeDate: '2026-10-09',
        acks: { jonkoping: ['annaNurse', '2026-10-07T09:30:00Z'], vcSjobacken: ['johanCoordinator', '2026-10-07T10:00:00Z'] },
      },
      {
        kind: K.READY_FOR_DISCHARGE,
        at: '2026-10-08T08:00:00Z',
        by: 'aliPhysician',
        from: 'wardMedicine',
        acks: { jonkoping: ['annaNurse', '2026-10-08T08:30:00Z'], vcSjobacken: ['johanCoordinator', '2026-10-08T09:00:00Z'] },
      },
      {
        kind: K.SIP_INVITATION,
        at: '2026-10-08T13:00:00Z',
        by: 'johanCoordinator',
        from: 'vcSjobacken',
        proposedMeetingAt: '2026-10-13T08:00:00Z',
        linksSip: true,
        note: 'SIP-möte i Esthers hem; dottern Karin deltar.',
        acks: { wardMedicine: ['toveDischarge', '2026-10-08T14:00:00Z'], jonkoping: ['annaNurse', '2026-10-08T14:30:00Z'] },
      },
      {
        kind: K.DISCHARGE_NOTICE,
        at: '2026-10-09T10:00:00Z',
        by: 'emmaNurse',
        from: 'wardMedicine',
        handover: ESTHER_HANDOVER,
        acks: { jonkoping: ['annaNurse', '2026-10-09T11:00:00Z'], vcSjobacken: ['johanCoordinator', '2026-10-09T12:00:00Z'] },
      },
    ],
    // Anna went through the list at Esther's home the same afternoon (within 24 hours of the discharge at 09:30Z).
    reconciliation: {
      at: '2026-10-09T15:30:00Z',
      by: 'annaNurse',
      note: 'Avstämt i hemmet mot dosetten och Esthers egna förpackningar, med dottern Karin.',
      discrepancies: [
        {
          kind: MedicationDiscrepancyKind.STOPPED_BUT_AT_HOME,
          lineNumber: 6,
          description:
            'Ibuprofen 400 mg finns kvar i köksskåpet och Esther tog en tablett i morse mot ryggvärk. Burken är undanlagd; Esther vet att den är utsatt.',
          task: {
            id: DEMO_MEDICATION_TASK_ID,
            assignee: 'erikGp',
            dueDate: '2026-10-10',
            completed: [
              'erikGp',
              '2026-10-10T08:15:00Z',
              'Ringt Esther och Karin: ibuprofen utsatt, paracetamol vid behov mot ryggvärken. Kreatinin och kalium 16 oktober som planerat.',
            ],
          },
        },
      ],
    },
  },
];

interface DemoHandover {
  patient: string;
  from: DemoOrgKey;
  by: DemoStaffKey;
  to: DemoOrgKey;
  at: string;
  occasion: HandoverOccasion;
  sbar: [string, string, string, string];
  ack?: [DemoStaffKey, string];
  /** Left out: ROUTINE, information only (as handovers sent before answers were recorded). */
  asks?: { urgency: HandoverUrgency; response: HandoverRequestedResponse };
  answer?: { by: DemoStaffKey; at: string; outcome: HandoverAnswerOutcome; text: string; plannedVisitAt?: string };
}

export const DEMO_HANDOVERS: DemoHandover[] = [
  {
    patient: 'esther',
    from: 'vcSjobacken',
    by: 'erikGp',
    to: 'jonkoping',
    at: '2026-10-09T13:00:00Z',
    occasion: HandoverOccasion.AFTER_DISCHARGE,
    sbar: [
      'Esther hemkommen i dag efter vård för hjärtsvikt; medicinskt ansvar åter hos vårdcentralen.',
      'Hjärtsvikt, förmaksflimmer. Furosemid höjd till 80 mg, ibuprofen utsatt.',
      'Stabil, men risk för ny vätskeansamling och för fall de första veckorna.',
      'Daglig vikt i en vecka; kontakta mig vid ökning över 2 kg på 3 dagar. Provtagning om en vecka.',
    ],
    ack: ['annaNurse', '2026-10-09T14:00:00Z'],
  },
  {
    patient: 'karl',
    from: 'jonkoping',
    by: 'karinNurse',
    to: 'vcEkdalen',
    at: '2026-11-21T09:00:00Z',
    occasion: HandoverOccasion.CHANGE_IN_CONDITION,
    sbar: [
      'Karl är tröttare och äter sämre sedan fyra dagar.',
      'Inskriven i hemsjukvården sedan augusti; diabetes typ 2, KOL.',
      'Blodsocker 14–17 mmol/l de senaste dagarna, ingen feber. Misstänker att insulindosen behöver ses över.',
      'Läkarbedömning och översyn av insulin inom ett par dagar; vi följer blodsocker två gånger dagligen.',
    ],
  },
  {
    // A question between rounds: Anna asks Esther's GP for a home visit today; Erik answers within the hour.
    patient: 'esther',
    from: 'jonkoping',
    by: 'annaNurse',
    to: 'vcSjobacken',
    at: '2026-11-24T08:30:00Z', // Tuesday 09:30, due 21:00 the same day
    occasion: HandoverOccasion.CHANGE_IN_CONDITION,
    sbar: [
      'Esther har ökat 2,3 kg på tre dagar och är andfådd vid lätt ansträngning.',
      'Hjärtsvikt, förmaksflimmer. Furosemid 80 mg sedan utskrivningen i oktober; handlingsplanen säger läkarkontakt vid +2 kg på 3 dagar.',
      'Misstänkt vätskeansamling; saturation 94 %, ingen bröstsmärta, orienterad.',
      'Läkarbedömning i hemmet i dag; extra dos furosemid enligt handlingsplanen är given.',
    ],
    asks: { urgency: HandoverUrgency.TODAY, response: HandoverRequestedResponse.HOME_VISIT },
    answer: {
      by: 'erikGp',
      at: '2026-11-24T09:20:00Z',
      outcome: HandoverAnswerOutcome.VISIT_PLANNED,
      text: 'Jag kommer hem till Esther kl. 14 i dag. Väg henne igen före besöket och ring mig om hon blir sämre.',
      plannedVisitAt: '2026-11-24T13:00:00Z',
    },
  },
];

/** The reconciliation with its discrepancies and their tasks (the tasks' text as the service writes it). */
async function loadReconciliation(
  m: EntityManager,
  p: DischargeProcess,
  d: DemoProcess,
  r: DemoReconciliation,
  org: (k: DemoOrgKey) => string,
  staff: (k: DemoStaffKey) => string,
) {
  const recordedAt = new Date(r.at);
  const reconciliation = await m.getRepository(MedicationReconciliation).save(
    m.getRepository(MedicationReconciliation).create({
      processId: p.id,
      patientId: p.patientId,
      organisationId: org(d.municipality),
      recordedByStaffId: staff(r.by),
      recordedAt,
      matches: r.discrepancies.length === 0,
      note: r.note,
    }),
  );
  const lines = d.messages.find((msg) => msg.kind === K.DISCHARGE_NOTICE)!.handover!.medications;
  for (const [position, x] of r.discrepancies.entries()) {
    const text = discrepancyTaskText(
      { kind: x.kind, lineNumber: x.lineNumber, description: x.description },
      lines[x.lineNumber - 1],
      stockholmDate(new Date(d.dischargedAt!)),
    );
    const [by, at, outcome] = x.task.completed;
    await m.getRepository(Task).insert({
      id: x.task.id,
      patientId: p.patientId,
      ...text,
      assigneeOrganisationId: org(d.primaryCare),
      assigneeStaffId: staff(x.task.assignee),
      assigneeRole: null,
      dueDate: x.task.dueDate,
      status: TaskStatus.COMPLETED,
      createdByStaffId: staff(r.by),
      createdByOrganisationId: org(d.municipality),
      createdAt: recordedAt,
      completedAt: new Date(at),
      completedByStaffId: staff(by),
      completedByOrganisationId: org(d.primaryCare),
      outcome,
    });
    await m.getRepository(MedicationDiscrepancy).insert({
      reconciliationId: reconciliation.id,
      patientId: p.patientId,
      position,
      lineNumber: x.lineNumber,
      medicine: null,
      kind: x.kind,
      description: x.description,
      taskId: x.task.id,
    });
  }
}

/** Loads the demo payment agreements, processes and handovers. Idempotent. */
export async function loadDemoDischarges(m: EntityManager, orgIds: Map<string, string>, staffIds: Map<string, string>): Promise<boolean> {
  const org = (k: DemoOrgKey) => orgIds.get(k)!;
  const staff = (k: DemoStaffKey) => staffIds.get(k)!;
  const patientIds = new Map<string, string>();
  for (const p of DEMO_PATIENTS) {
    const row = await m.getRepository(Patient).findOneBy({ personnummer: demoPersonnummer(p) });
    if (row) patientIds.set(p.key, row.id);
  }
  let created = false;

  for (const a of DEMO_PAYMENT_AGREEMENTS) {
    if (await m.getRepository(MunicipalityPaymentAgreement).existsBy({ municipalityId: org(a.municipality) })) continue;
    await m
      .getRepository(MunicipalityPaymentAgreement)
      .insert({ municipalityId: org(a.municipality), agreedDays: a.agreedDays, dailyAmountSek: a.dailyAmountSek, updatedByStaffId: null });
    created = true;
  }

  for (const d of DEMO_PROCESSES) {
    const patientId = patientIds.get(d.patient)!;
    const admittedAt = new Date(d.admittedAt);
    if (await m.getRepository(DischargeProcess).existsBy({ patientId, admittedAt })) continue;
    created = true;
    const terms = DEMO_PAYMENT_AGREEMENTS.find((a) => a.municipality === d.municipality);
    const process = await m.getRepository(DischargeProcess).save(
      m.getRepository(DischargeProcess).create({
        patientId,
        hospitalId: org(d.hospital),
        municipalityId: org(d.municipality),
        primaryCareId: org(d.primaryCare),
        status: d.status,
        admittedAt,
        dischargedAt: d.dischargedAt ? new Date(d.dischargedAt) : null,
        closedAt: d.closedAt ? new Date(d.closedAt) : null,
        medicationReconciliationExpected: !!d.dischargedAt,
        agreedDays: terms?.agreedDays ?? 3,
        dailyAmountSek: terms?.dailyAmountSek ?? null,
        openedByStaffId: staff(d.openedBy),
      }),
    );
    const parties: DemoOrgKey[] = [d.hospital, d.municipality, d.primaryCare];
    for (const msg of d.messages) {
      const sentAt = new Date(msg.at);
      // Esther's invitation links her SIP. Gunnar's stays unlinked (recorded before invitations
      // started drafts), so that starting his first SIP remains something to show.
      const [sip]: Array<{ id: string }> = msg.linksSip
        ? await m.query(`SELECT id FROM care_plan WHERE patient_id = $1 AND created_at <= $2 ORDER BY created_at DESC LIMIT 1`, [patientId, sentAt])
        : [];
      const saved = await m.getRepository(DischargeMessage).save(
        m.getRepository(DischargeMessage).create({
          processId: process.id,
          patientId,
          kind: msg.kind,
          senderOrganisationId: org(msg.from),
          senderStaffId: staff(msg.by),
          sentAt,
          acknowledgementDueAt: acknowledgementDeadline(sentAt, ACK_HOURS),
          note: msg.note ?? null,
          plannedDischargeDate: msg.plannedDischargeDate ?? null,
          appointedStaffId: msg.appointed ? staff(msg.appointed) : null,
          sipId: sip?.id ?? null,
          proposedMeetingAt: msg.proposedMeetingAt ? new Date(msg.proposedMeetingAt) : null,
          handover: msg.handover ?? null,
        }),
      );
      await m.getRepository(DischargeMessageReceiver).insert(
        parties
          .filter((p) => p !== msg.from)
          .map((p) => {
            const ack = msg.acks?.[p];
            return {
              messageId: saved.id,
              processId: process.id,
              organisationId: org(p),
              acknowledgedAt: ack ? new Date(ack[1]) : null,
              acknowledgedByStaffId: ack ? staff(ack[0]) : null,
            };
          }),
      );
    }
    if (d.reconciliation) await loadReconciliation(m, process, d, d.reconciliation, org, staff);
    const tx = seedTx(m, patientId);
    // Read through the scope, so that the deadlines (a child table of the process) may be written under it.
    await tx.repo(DischargeProcess).findOneByOrFail({ id: process.id });
    await storeDeadlines(tx, process);
  }

  for (const h of DEMO_HANDOVERS) {
    const asks = h.asks ?? { urgency: HandoverUrgency.ROUTINE, response: HandoverRequestedResponse.INFORMATION_ONLY };
    const patientId = patientIds.get(h.patient)!;
    const sentAt = new Date(h.at);
    if (await m.getRepository(Handover).existsBy({ patientId, sentAt, senderOrganisationId: org(h.from) })) continue;
    created = true;
    await m.getRepository(Handover).insert({
      patientId,
      occasion: h.occasion,
      senderOrganisationId: org(h.from),
      senderStaffId: staff(h.by),
      receiverOrganisationId: org(h.to),
      sentAt,
      situation: h.sbar[0],
      background: h.sbar[1],
      assessment: h.sbar[2],
      recommendation: h.sbar[3],
      acknowledgementDueAt: acknowledgementDeadline(sentAt, ACK_HOURS),
      acknowledgedAt: h.ack ? new Date(h.ack[1]) : h.answer ? new Date(h.answer.at) : null,
      acknowledgedByStaffId: h.ack ? staff(h.ack[0]) : h.answer ? staff(h.answer.by) : null,
      acknowledgementRecordedAt: h.ack ? new Date(h.ack[1]) : h.answer ? new Date(h.answer.at) : null,
      recordedAt: sentAt,
      urgency: asks.urgency,
      requestedResponse: asks.response,
      respondBy: handoverRespondBy(asks.urgency, asks.response, sentAt),
      ...(h.answer
        ? {
            answerOutcome: h.answer.outcome,
            answerText: h.answer.text,
            plannedVisitAt: h.answer.plannedVisitAt ? new Date(h.answer.plannedVisitAt) : null,
            answeredAt: new Date(h.answer.at),
            answeredByStaffId: staff(h.answer.by),
            answerRecordedAt: new Date(h.answer.at),
          }
        : {}),
    });
  }
  return created;
}
