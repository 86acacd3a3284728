import { DEMO_ORGS } from '../src/demo/region';
import { Clock } from '../src/common/clock';
import { as, attempt, HANDOVER_CONTENT, patientIdOf, personnummerOf, Q, setClock } from './helpers/discharges';
import { addPatient, buildFixture, cellInShort, enroll, Fixture, FollowUpCell, stay } from './helpers/follow-up';
import { auditMark, auditSince } from './helpers/patients';
import { expectError, GqlResult, startTestApp, TestApp } from './helpers/test-app';

/*
 * Medicines at transitions (läkemedelsavstämning), through the GraphQL endpoint: structured
 * medication lines on the discharge handover and the status message, the receiving municipality's
 * reconciliation with its rules and its deadline, the discrepancies as tasks for the patient's GP,
 * and the joint follow-up's indicator. The migration of the old free-text lines is
 * test/medication-migration.e2e-spec.ts.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());
afterEach(() => t.app.get(Clock).set(null));

const JKPG = DEMO_ORGS.jonkoping.hsaId;

const LINE = 'lineNumber substance product strength dose route status reason followUpDate nllReference';
const RECONCILIATION = `medicationReconciliation { id recordedAt matches discrepancyCount contentWithheld withheldReason note recordedBy { name } recordedByOrganisation { hsaId }
  discrepancies { id reconciliationId processId kind lineNumber medicine description task { id title description dueDate status assignedToMe assignee { role } } } }`;
const PROCESS = `id status dischargedAt deadlines { kind dueAt doneAt state mine responsibleOrganisation { hsaId } } ${RECONCILIATION}`;
const RECORD = `mutation($input: RecordMedicationReconciliationInput!) { r: recordMedicationReconciliation(input: $input) { ${PROCESS} } }`;
const GET = `query($id: ID!) { r: dischargeProcess(id: $id) { ${PROCESS} messages { kind handover { medications { ${LINE} } currentMedications { lineNumber name dosage } } medications { ${LINE} } } } }`;
const DISCHARGE = `mutation($input: DischargeNoticeInput!) { r: sendDischargeNotice(input: $input) { id status } }`;
const STATUS = `mutation($input: DischargeNoteInput!) { r: sendStatusMessage(input: $input) { id messages { kind medications { ${LINE} } } } }`;
const ADMISSION = `mutation($input: DischargeNoteInput!) { r: sendAdmissionNotice(input: $input) { id } }`;
const MY_TASKS = `query { r: myTasks(first: 50) { edges { node { id title description dueDate assignedToMe assignee { role } patient { givenName }
  medicationDiscrepancy { kind lineNumber medicine reconciliationId processId } } } } }`;
const TASK = `query($id: ID!) { r: task(id: $id) { id medicationDiscrepancy { kind reconciliationId processId } } }`;

const reconciliationDeadline = (p: any) => p.deadlines.find((d: any) => d.kind === 'MEDICATION_RECONCILIATION');
const fields = (res: GqlResult) => expectError(res, 'BAD_USER_INPUT').extensions.fields ?? [];

/** Every field of a structured line, the way a hospital sends it. */
const FULL_LINES = [
  {
    substance: 'furosemid',
    product: 'Furix 40 mg tablett',
    strength: '40 mg',
    dose: '2 tabletter på morgonen',
    route: 'ORAL',
    status: 'CHANGED',
    reason: 'Höjd från 1 till 2 tabletter: vätskeansamling.',
    followUpDate: '2026-12-10',
    nllReference: 'NLL:2f1c9a7e-0b1d-4c52-9d8e-61a3c0f4b2aa',
  },
  {
    substance: 'kaliumklorid',
    product: null,
    strength: '750 mg',
    dose: '1 depottablett 2 gånger dagligen',
    route: 'ORAL',
    status: 'NEW',
    reason: 'Kaliumförlust.',
    followUpDate: '2026-12-10',
    nllReference: null,
  },
  {
    substance: null,
    product: 'Fragmin 5000 IE/0,2 ml injektionsvätska',
    strength: null,
    dose: '5000 IE en gång dagligen i 14 dagar',
    route: 'SUBCUTANEOUS',
    status: 'NEW',
    reason: 'Tromboser­profylax efter immobilisering.',
    followUpDate: null,
    nllReference: null,
  },
  {
    substance: 'bisoprolol',
    product: 'Bisoprolol 2,5 mg tablett',
    strength: '2,5 mg',
    dose: '1 tablett på morgonen',
    route: 'ORAL',
    status: 'UNCHANGED',
    reason: null,
    followUpDate: null,
    nllReference: null,
  },
  {
    substance: 'ibuprofen',
    product: 'Ibuprofen 400 mg tablett',
    strength: '400 mg',
    dose: '1 tablett vid behov',
    route: 'ORAL',
    status: 'STOPPED',
    reason: 'Njurfunktionen.',
    followUpDate: null,
    nllReference: null,
  },
];
const handover = (medications: unknown[]) => ({ ...HANDOVER_CONTENT, medications });

/** A stay of a demo patient on M1 up to the ready notice (clock set along the way); returns the process id. */
async function admitAndReady(key: string, admittedAt: string, readyAt: string): Promise<string> {
  setClock(t, admittedAt);
  const p = await as(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: personnummerOf(key), admittedAt } });
  await as(t, 'toveDischarge', 'wardMedicine', Q.admission, { i: { processId: p.id, note: 'Inlagd.' } });
  setClock(t, readyAt);
  await as(t, 'aliPhysician', undefined, Q.ready, { i: { processId: p.id } });
  return p.id;
}

/** …and discharged at `dischargedAt` with the full structured list. */
async function discharged(key: string, admittedAt: string, dischargedAt: string): Promise<string> {
  const id = await admitAndReady(key, admittedAt, admittedAt);
  setClock(t, dischargedAt);
  await as(t, 'emmaNurse', undefined, DISCHARGE, { input: { processId: id, handover: handover(FULL_LINES) } });
  return id;
}

describe('structured medication lines', () => {
  let id: string;

  it('the municipality’s status message carries the list at home, every field kept; errors name the line and field', async () => {
    id = await admitAndReady('esther', '2026-12-01T08:00:00Z', '2026-12-01T08:30:00Z');
    // The status message may come until the discharge.
    setClock(t, '2026-12-01T09:00:00Z');
    const bad = await attempt(t, 'annaNurse', undefined, STATUS, {
      input: { processId: id, note: 'Dosett varje vecka.', medications: [FULL_LINES[0], { ...FULL_LINES[4], reason: null }] },
    });
    expect(fields(bad)).toEqual([{ field: 'input.medications.1.reason', message: 'is required when the status is STOPPED (utsatt): say why' }]);
    const p = await as(t, 'annaNurse', undefined, STATUS, { input: { processId: id, note: 'Dosett varje vecka.', medications: FULL_LINES.slice(0, 2) } });
    const sent = p.messages.find((m: any) => m.kind === 'STATUS_MESSAGE');
    expect(sent.medications).toEqual(FULL_LINES.slice(0, 2).map((l, i) => ({ lineNumber: i + 1, ...l })));
    // The hospital reads it (Esther’s consent covers the parties).
    const seen = await as(t, 'toveDischarge', 'wardMedicine', GET, { id });
    expect(seen.messages.find((m: any) => m.kind === 'STATUS_MESSAGE').medications).toHaveLength(2);
    // Only the status message carries one.
    const adm = await attempt(t, 'toveDischarge', 'wardMedicine', ADMISSION, { input: { processId: id, note: 'x', medications: [] } });
    expect(fields(adm)).toEqual([
      { field: 'input.medications', message: 'is for the status message only; the hospital sends its medication list with the discharge notice' },
    ]);
  });

  it('the discharge notice refuses bad lines naming each field, and writes nothing', async () => {
    setClock(t, '2026-12-03T09:00:00Z');
    const before = await t.sql(`SELECT count(*)::int AS n FROM discharge_message WHERE process_id = $1`, [id]);
    const lines = (patch: Record<string, unknown>, at = 1) => FULL_LINES.map((l, i) => (i === at ? { ...l, ...patch } : l));
    const cases: Array<[unknown[], Array<{ field: string; message: unknown }>]> = [
      [
        lines({ substance: null, product: null }),
        [{ field: 'input.handover.medications.1.product', message: 'is required when substance is not given: name the product, the substance or both' }],
      ],
      [lines({ substance: '  ', product: null }), [{ field: 'input.handover.medications.1.substance', message: 'must not be empty' }]],
      [lines({ reason: null }, 0), [{ field: 'input.handover.medications.0.reason', message: 'is required when the status is CHANGED (ändrad): say why' }]],
      [lines({ reason: null }, 4), [{ field: 'input.handover.medications.4.reason', message: 'is required when the status is STOPPED (utsatt): say why' }]],
      [
        lines({ route: 'NASOGASTRIC' }),
        [{ field: 'input.handover.medications.1.route', message: expect.stringMatching(/does not exist in "MedicationRoute" enum/) }],
      ],
      [lines({ route: null }), [{ field: 'input.handover.medications.1.route', message: expect.stringMatching(/not to be null/) }]],
      [
        lines({ followUpDate: '1926-12-10' }),
        [{ field: 'input.handover.medications.1.followUpDate', message: expect.stringMatching(/^must be between 2025-12-03 and 2029-12-03$/) }],
      ],
      [lines({ followUpDate: '2026-02-30' }), [{ field: 'input.handover.medications.1.followUpDate', message: expect.any(String) }]],
      [
        lines({ nllReference: 'NLL ref med mellanslag' }),
        [{ field: 'input.handover.medications.1.nllReference', message: expect.stringMatching(/^must be 1–100 characters/) }],
      ],
      [
        lines({ nllReference: 'x'.repeat(101) }),
        [{ field: 'input.handover.medications.1.nllReference', message: expect.stringMatching(/^must be 1–100 characters/) }],
      ],
      [lines({ dose: '' }), [{ field: 'input.handover.medications.1.dose', message: 'must not be empty' }]],
    ];
    for (const [medications, expected] of cases) {
      const res = await attempt(t, 'emmaNurse', undefined, DISCHARGE, { input: { processId: id, handover: handover(medications) } });
      expect({ medications, errors: fields(res) }).toEqual({ medications, errors: expected });
    }
    // Several at once: all named.
    const many = await attempt(t, 'emmaNurse', undefined, DISCHARGE, {
      input: {
        processId: id,
        handover: handover([
          { ...FULL_LINES[0], reason: null },
          { ...FULL_LINES[1], substance: null },
        ]),
      },
    });
    expect(fields(many).map((f: any) => f.field)).toEqual(['input.handover.medications.0.reason', 'input.handover.medications.1.product']);
    expect(await t.sql(`SELECT count(*)::int AS n FROM discharge_message WHERE process_id = $1`, [id])).toEqual(before);
    expect((await as(t, 'annaNurse', undefined, GET, { id })).status).toBe('READY_FOR_DISCHARGE');
  });

  it('a reconciliation before the discharge is PRECONDITION_FAILED, naming the status', async () => {
    const res = await attempt(t, 'annaNurse', undefined, RECORD, { input: { processId: id, matches: true, discrepancies: [] } });
    const e = expectError(res, 'PRECONDITION_FAILED');
    expect(e.extensions).toMatchObject({ currentStatus: 'READY_FOR_DISCHARGE', allowedFrom: ['DISCHARGED', 'CLOSED'] });
  });

  it('round-trips every field; `currentMedications` (deprecated) keeps the old shape for the lines still taken', async () => {
    setClock(t, '2026-12-03T09:00:00Z');
    await as(t, 'emmaNurse', undefined, DISCHARGE, { input: { processId: id, handover: handover(FULL_LINES) } });
    const p = await as(t, 'annaNurse', undefined, GET, { id });
    const notice = p.messages.find((m: any) => m.kind === 'DISCHARGE_NOTICE');
    expect(notice.handover.medications).toEqual(FULL_LINES.map((l, i) => ({ lineNumber: i + 1, ...l })));
    expect(notice.handover.currentMedications).toEqual([
      { lineNumber: 1, name: 'Furix 40 mg tablett', dosage: '2 tabletter på morgonen' },
      { lineNumber: 2, name: 'kaliumklorid 750 mg', dosage: '1 depottablett 2 gånger dagligen' },
      { lineNumber: 3, name: 'Fragmin 5000 IE/0,2 ml injektionsvätska', dosage: '5000 IE en gång dagligen i 14 dagar' },
      { lineNumber: 4, name: 'Bisoprolol 2,5 mg tablett', dosage: '1 tablett på morgonen' },
    ]);
    expect(notice.medications).toBeNull();
    // The discharge starts the municipality’s 24 hours.
    expect(reconciliationDeadline(p)).toEqual({
      kind: 'MEDICATION_RECONCILIATION',
      dueAt: '2026-12-04T09:00:00.000Z',
      doneAt: null,
      state: 'OPEN',
      mine: true,
      responsibleOrganisation: { hsaId: JKPG },
    });
    expect(p.medicationReconciliation).toBeNull();
  });
});

describe('the reconciliation', () => {
  let id: string;
  let esther: string;
  beforeAll(async () => {
    esther = await patientIdOf(t, 'esther');
    [{ id }] = await t.sql(`SELECT id FROM discharge_process WHERE patient_id = $1 AND admitted_at = '2026-12-01T08:00:00Z'`, [esther]);
  });

  it('waits in the municipality’s inbox, not the centre’s', async () => {
    setClock(t, '2026-12-03T10:00:00Z');
    const open = await as(t, 'annaNurse', undefined, Q.inbox, { first: 50 });
    const item = open.edges.find((e: any) => e.node.process.id === id).node;
    expect(item.awaitingUs.filter((d: any) => d.kind === 'MEDICATION_RECONCILIATION')).toEqual([
      { kind: 'MEDICATION_RECONCILIATION', state: 'OPEN', dueAt: '2026-12-04T09:00:00.000Z', messageId: null },
    ]);
    // The primary care centre is not waited for.
    const pc = await as(t, 'johanCoordinator', undefined, Q.inbox, { first: 50 });
    expect(pc.edges.find((e: any) => e.node.process.id === id).node.awaitingUs.map((d: any) => d.kind)).not.toContain('MEDICATION_RECONCILIATION');
  });

  it('only a municipal nurse: other roles and kinds of organisation are refused before the patient', async () => {
    setClock(t, '2026-12-03T11:00:00Z');
    const input = { processId: id, matches: true, discrepancies: [] };
    // A care coordinator of the same municipality: the role is not listed (answered as absence, like every record operation).
    const asCoordinator = await t.gql(RECORD, { input }, await t.token('mariaCoordinator', 'jonkoping', 'CARE_COORDINATOR'));
    expect(expectError(asCoordinator, 'NOT_FOUND').message).toBe('Discharge process not found');
    // A nurse of the primary care centre, a party of the process: not a municipality.
    expect(expectError(await attempt(t, 'sofiaNurse', undefined, RECORD, { input }), 'FORBIDDEN').message).toBe(
      'Only the receiving municipality records the medication reconciliation',
    );
    // The hospital ward's nurse.
    expect(expectError(await attempt(t, 'emmaNurse', undefined, RECORD, { input }), 'FORBIDDEN').message).toBe(
      'Only the receiving municipality records the medication reconciliation',
    );
  });

  it('another municipality without a care relationship gets the answer for a process that does not exist', async () => {
    const input = { processId: id, matches: true, discrepancies: [] };
    const mark = await auditMark(t);
    const refused = await attempt(t, 'linneaNurse', undefined, RECORD, { input });
    const random = await attempt(t, 'linneaNurse', undefined, RECORD, { input: { ...input, processId: '00000000-0000-4000-8000-0000000000aa' } });
    expect(refused.errors).toEqual(random.errors);
    expect(expectError(refused, 'NOT_FOUND').message).toBe('Discharge process not found');
    const rows = await auditSince(t, mark);
    expect(rows[0]).toMatchObject({ operation: 'recordMedicationReconciliation', outcome: 'REFUSED', patient_id: esther, emergency: false });
  });

  it('emergency access never records (it only reads)', async () => {
    const open = await t.gql(
      `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { id } }`,
      { i: { personnummer: personnummerOf('esther'), reason: 'Medvetslös vid hembesök' } },
      await t.token('linneaNurse'),
    );
    expect(open.errors).toBeUndefined();
    const mark = await auditMark(t);
    const res = await attempt(t, 'linneaNurse', undefined, RECORD, { input: { processId: id, matches: true, discrepancies: [] } });
    expect(expectError(res, 'FORBIDDEN').message).toMatch(/^Emergency access \(nödåtkomst\) lets you read, never change/);
    expect(await auditSince(t, mark)).toEqual([
      expect.objectContaining({ operation: 'recordMedicationReconciliation', outcome: 'REFUSED', patient_id: esther, emergency: true }),
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM medication_reconciliation WHERE process_id = $1`, [id])).toEqual([{ n: 0 }]);
  });

  it('a municipality with a care relationship that is not the receiving one is FORBIDDEN', async () => {
    const habo = await t.orgId('habo');
    const anna = await t.staffId('annaNurse');
    const jkpg = await t.orgId('jonkoping');
    await t.sql(
      `INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id) VALUES ($1, $2, 'Korttidsboende i Habo', $3, $4)`,
      [esther, habo, anna, jkpg],
    );
    const res = await attempt(t, 'linneaNurse', undefined, RECORD, { input: { processId: id, matches: true, discrepancies: [] } });
    expect(expectError(res, 'FORBIDDEN').message).toBe('Your organisation is not a party of this discharge process');
    await t.sql(`DELETE FROM care_team_member WHERE patient_id = $1 AND organisation_id = $2`, [esther, habo]);
  });

  it('discrepancies must agree with the discharge list (BAD_USER_INPUT naming each), and nothing is written', async () => {
    const res = await attempt(t, 'annaNurse', undefined, RECORD, {
      input: {
        processId: id,
        matches: false,
        discrepancies: [
          { kind: 'DOSE_DIFFERS', lineNumber: 9, description: 'x' },
          { kind: 'NOT_ON_LIST', description: 'x' },
          { kind: 'STOPPED_BUT_AT_HOME', lineNumber: 1, description: 'x' },
        ],
      },
    });
    expect(fields(res)).toEqual([
      { field: 'input.discrepancies.0.lineNumber', message: 'is not a line of the discharge medication list (it has lines 1–5)' },
      { field: 'input.discrepancies.1.medicine', message: 'is required for NOT_ON_LIST: name the medicine found at home' },
      { field: 'input.discrepancies.2.kind', message: 'is for a line that is STOPPED (utsatt); line 1 is CHANGED' },
    ]);
    expect(fields(await attempt(t, 'annaNurse', undefined, RECORD, { input: { processId: id, matches: false, discrepancies: [] } }))).toEqual([
      { field: 'input.discrepancies', message: 'must hold at least one discrepancy when matches is false' },
    ]);
    expect(
      fields(
        await attempt(t, 'annaNurse', undefined, RECORD, {
          input: { processId: id, matches: false, discrepancies: [{ kind: 'SOMETHING', description: 'x' }] },
        }),
      ),
    ).toEqual([{ field: 'input.discrepancies.0.kind', message: expect.stringMatching(/does not exist in "MedicationDiscrepancyKind" enum/) }]);
    expect(
      fields(
        await attempt(t, 'annaNurse', undefined, RECORD, {
          input: { processId: id, matches: false, discrepancies: [{ kind: 'OTHER', lineNumber: 0, description: ' ' }] },
        }),
      ),
    ).toEqual([
      { field: 'input.discrepancies.0.lineNumber', message: 'must not be less than 1' },
      { field: 'input.discrepancies.0.description', message: 'must not be empty' },
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM medication_reconciliation WHERE process_id = $1`, [id])).toEqual([{ n: 0 }]);
  });

  it('is written whole or not at all: a discrepancy that fails to store takes the reconciliation and every task with it', async () => {
    await t.sql(
      `CREATE FUNCTION medtest_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.position = 1 THEN RAISE EXCEPTION 'medtest'; END IF; RETURN NEW; END $$`,
    );
    await t.sql(`CREATE TRIGGER medtest_fail BEFORE INSERT ON medication_discrepancy FOR EACH ROW EXECUTE FUNCTION medtest_fail()`);
    const tasksBefore = await t.sql(`SELECT count(*)::int AS n FROM task WHERE patient_id = $1`, [esther]);
    try {
      const res = await attempt(t, 'annaNurse', undefined, RECORD, {
        input: {
          processId: id,
          matches: false,
          discrepancies: [
            { kind: 'DOSE_DIFFERS', lineNumber: 1, description: 'x' },
            { kind: 'NOT_ON_LIST', medicine: 'Omeprazol', description: 'y' },
          ],
        },
      });
      expectError(res, 'INTERNAL');
    } finally {
      await t.sql(`DROP TRIGGER medtest_fail ON medication_discrepancy`);
      await t.sql(`DROP FUNCTION medtest_fail()`);
    }
    expect(await t.sql(`SELECT count(*)::int AS n FROM medication_reconciliation WHERE process_id = $1`, [id])).toEqual([{ n: 0 }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM task WHERE patient_id = $1`, [esther])).toEqual(tasksBefore);
    expect(reconciliationDeadline(await as(t, 'annaNurse', undefined, GET, { id }))).toMatchObject({ doneAt: null, state: 'OPEN' });
  });

  let taskIds: string[] = [];
  it('the receiving nurse records it: the deadline is met, each discrepancy a task for the named GP, logged with the patient', async () => {
    setClock(t, '2026-12-03T12:00:00Z');
    const mark = await auditMark(t);
    const p = await as(t, 'annaNurse', undefined, RECORD, {
      input: {
        processId: id,
        matches: false,
        note: 'Avstämt mot dosetten med Esther och dottern.',
        discrepancies: [
          { kind: 'DOSE_DIFFERS', lineNumber: 1, description: 'Dosetten delad med 1 tablett på morgonen.' },
          { kind: 'NOT_ON_LIST', medicine: 'Omeprazol 20 mg kapsel', description: 'Tar en varje morgon sedan i somras.' },
        ],
      },
    });
    expect(reconciliationDeadline(p)).toMatchObject({ dueAt: '2026-12-04T09:00:00.000Z', doneAt: '2026-12-03T12:00:00.000Z', state: 'MET' });
    const r = p.medicationReconciliation;
    expect(r).toMatchObject({
      recordedAt: '2026-12-03T12:00:00.000Z',
      matches: false,
      discrepancyCount: 2,
      contentWithheld: false,
      withheldReason: null,
      note: 'Avstämt mot dosetten med Esther och dottern.',
      recordedBy: { name: 'Anna Nilsson' },
      recordedByOrganisation: { hsaId: JKPG },
    });
    expect(r.discrepancies.map((d: any) => [d.kind, d.lineNumber, d.medicine, d.reconciliationId, d.processId])).toEqual([
      ['DOSE_DIFFERS', 1, null, r.id, id],
      ['NOT_ON_LIST', null, 'Omeprazol 20 mg kapsel', r.id, id],
    ]);
    expect(r.discrepancies[0].task).toMatchObject({
      title: 'Läkemedelsavstämning: annan dosering hemma – Furix 40 mg tablett',
      description:
        'Annan dosering hemma: Dosetten delad med 1 tablett på morgonen.\nEnligt läkemedelslistan vid utskrivningen 2026-12-03, rad 1: Furix 40 mg tablett, 2 tabletter på morgonen, peroralt, ändrad.',
      dueDate: '2026-12-04',
      status: 'OPEN',
      assignedToMe: false,
      assignee: { role: null },
    });
    taskIds = r.discrepancies.map((d: any) => d.task.id);
    // The tasks are Erik’s: Esther’s fast läkarkontakt at Sjöbacken.
    const rows = await t.sql(
      `SELECT assignee_staff_id, assignee_organisation_id, assignee_role, created_by_organisation_id FROM task WHERE id = ANY($1) ORDER BY title`,
      [taskIds],
    );
    expect(rows).toEqual(
      Array(2).fill({
        assignee_staff_id: await t.staffId('erikGp'),
        assignee_organisation_id: await t.orgId('vcSjobacken'),
        assignee_role: null,
        created_by_organisation_id: await t.orgId('jonkoping'),
      }),
    );
    const audit = await auditSince(t, mark);
    expect(audit.filter((a) => a.operation === 'recordMedicationReconciliation')).toEqual([
      expect.objectContaining({ outcome: 'ALLOWED', patient_id: esther, emergency: false, details: { processId: id, matches: false, discrepancies: 2 } }),
    ]);
  });

  it('the GP finds the tasks in myTasks, linked back to the reconciliation; the process shows it to the other parties', async () => {
    const mine = await as(t, 'erikGp', undefined, MY_TASKS, {});
    const ours = mine.edges.map((e: any) => e.node).filter((n: any) => taskIds.includes(n.id));
    expect(
      ours.map((n: any) => [n.assignedToMe, n.dueDate, n.patient.givenName, n.medicationDiscrepancy.kind, n.medicationDiscrepancy.processId]).sort(),
    ).toEqual([
      [true, '2026-12-04', 'Esther', 'DOSE_DIFFERS', id],
      [true, '2026-12-04', 'Esther', 'NOT_ON_LIST', id],
    ]);
    const task = await as(t, 'erikGp', undefined, TASK, { id: taskIds[0] });
    expect(task.medicationDiscrepancy).toMatchObject({ kind: 'DOSE_DIFFERS' });
    // Another GP of the centre is not the assignee.
    expect((await as(t, 'fatimaGp', undefined, MY_TASKS, {})).edges.map((e: any) => e.node.id)).not.toContain(taskIds[0]);
    // The centre reads the process and the reconciliation (Esther’s consent covers the parties).
    const p = await as(t, 'johanCoordinator', undefined, GET, { id });
    expect(p.medicationReconciliation).toMatchObject({ matches: false, discrepancyCount: 2, contentWithheld: false });
    expect(reconciliationDeadline(p)).toMatchObject({ state: 'MET', mine: false });
  });

  it('once per discharge: a second reconciliation is CONFLICT naming the first, and writes nothing', async () => {
    setClock(t, '2026-12-03T13:00:00Z');
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM task`);
    const res = await attempt(t, 'karinNurse', undefined, RECORD, { input: { processId: id, matches: true, discrepancies: [] } });
    const e = expectError(res, 'CONFLICT');
    const [{ id: first }] = await t.sql(`SELECT id FROM medication_reconciliation WHERE process_id = $1`, [id]);
    expect(e.extensions).toMatchObject({ reconciliationId: first, recordedAt: '2026-12-03T12:00:00.000Z' });
    expect(await t.sql(`SELECT count(*)::int AS n FROM task`)).toEqual([{ n }]);
  });

  it('the patient’s log shows the reconciliation reads and writes', async () => {
    const rows = await t.sql(`SELECT DISTINCT outcome::text FROM audit_log WHERE operation = 'recordMedicationReconciliation' AND patient_id = $1 ORDER BY 1`, [
      esther,
    ]);
    expect(rows.map((r: any) => r.outcome)).toEqual(['ALLOWED', 'FAILED', 'REFUSED']);
  });
});

describe('the deadline: 24 elapsed hours from the discharge', () => {
  it('recorded exactly 24 hours after: MET; also after the process was closed', async () => {
    const id = await discharged('esther', '2026-12-05T08:00:00Z', '2026-12-07T09:00:00Z');
    await as(t, 'jonasDischarge', undefined, Q.close, { id });
    setClock(t, '2026-12-08T09:00:00.000Z');
    const p = await as(t, 'annaNurse', undefined, RECORD, { input: { processId: id, matches: true, discrepancies: [] } });
    expect(p.status).toBe('CLOSED');
    expect(reconciliationDeadline(p)).toMatchObject({ dueAt: '2026-12-08T09:00:00.000Z', doneAt: '2026-12-08T09:00:00.000Z', state: 'MET' });
    expect(p.medicationReconciliation).toMatchObject({ matches: true, discrepancyCount: 0, discrepancies: [] });
  });

  it('one second after: OVERDUE in the inbox (counted among the overdue that order it) until recorded, then MISSED', async () => {
    const id = await discharged('esther', '2026-12-09T08:00:00Z', '2026-12-10T09:00:00Z');
    // Acknowledge the hospital's messages, so that the reconciliation is all that awaits the municipality.
    for (const m of (await as(t, 'annaNurse', undefined, Q.get, { id })).messages) await as(t, 'annaNurse', undefined, Q.ack, { id: m.id });
    const item = async () => (await as(t, 'annaNurse', undefined, Q.inbox, { first: 50 })).edges.find((e: any) => e.node.process.id === id)?.node;
    setClock(t, '2026-12-11T09:00:00Z');
    expect(await item()).toMatchObject({
      overdueCount: 0,
      awaitingUs: [{ kind: 'MEDICATION_RECONCILIATION', state: 'OPEN', dueAt: '2026-12-11T09:00:00.000Z', messageId: null }],
    });
    setClock(t, '2026-12-11T09:00:01Z');
    expect(await item()).toMatchObject({
      overdueCount: 1,
      awaitingUs: [{ kind: 'MEDICATION_RECONCILIATION', state: 'OVERDUE', dueAt: '2026-12-11T09:00:00.000Z', messageId: null }],
    });
    const p = await as(t, 'annaNurse', undefined, RECORD, { input: { processId: id, matches: true, discrepancies: [] } });
    expect(reconciliationDeadline(p)).toMatchObject({ doneAt: '2026-12-11T09:00:01.000Z', state: 'MISSED' });
    expect(await item()).toMatchObject({ overdueCount: 0, awaitingUs: [] });
  });

  it('across the autumn DST change (2026-10-25): discharged Sat 14:00 CEST, due Sun 13:00 CET', async () => {
    const id = await discharged('esther', '2026-10-22T08:00:00Z', '2026-10-24T12:00:00Z');
    setClock(t, '2026-10-25T12:00:00Z');
    const p = await as(t, 'annaNurse', undefined, RECORD, { input: { processId: id, matches: true } }); // discrepancies default to none
    expect(reconciliationDeadline(p)).toMatchObject({ dueAt: '2026-10-25T12:00:00.000Z', state: 'MET' });
  });

  it('across the spring DST change (2027-03-28): discharged Sat 14:00 CET, due Sun 15:00 CEST; a second later is MISSED', async () => {
    const id = await discharged('esther', '2027-03-25T08:00:00Z', '2027-03-27T13:00:00Z');
    setClock(t, '2027-03-28T12:30:00Z'); // Sun 14:30 CEST: the same wall-clock time as the discharge is only 23.5 hours later
    expect(reconciliationDeadline(await as(t, 'annaNurse', undefined, GET, { id }))).toMatchObject({ dueAt: '2027-03-28T13:00:00.000Z', state: 'OPEN' });
    setClock(t, '2027-03-28T13:00:01Z');
    const p = await as(t, 'annaNurse', undefined, RECORD, { input: { processId: id, matches: true, discrepancies: [] } });
    expect(reconciliationDeadline(p)).toMatchObject({ dueAt: '2027-03-28T13:00:00.000Z', state: 'MISSED' });
  });
});

describe('who gets the discrepancies, and when the list cannot be reconciled', () => {
  it('without a named GP working at the centre, the task goes to the physicians of the receiving centre', async () => {
    const karl = await patientIdOf(t, 'karl');
    // Karl’s named GP is set to someone who does not work at his centre (Ekdalen).
    await t.sql(`UPDATE home_healthcare_enrollment SET named_physician_id = $2 WHERE patient_id = $1 AND status = 'ACTIVE'`, [karl, await t.staffId('erikGp')]);
    const id = await discharged('karl', '2026-12-12T08:00:00Z', '2026-12-14T09:00:00Z');
    setClock(t, '2026-12-14T15:00:00Z');
    const p = await as(t, 'karinNurse', undefined, RECORD, {
      input: { processId: id, matches: false, discrepancies: [{ kind: 'MISSING_AT_HOME', lineNumber: 3, description: 'Inga sprutor hemma.' }] },
    });
    const task = p.medicationReconciliation.discrepancies[0].task;
    expect(task).toMatchObject({ assignee: { role: 'PHYSICIAN' }, dueDate: '2026-12-15' });
    const [row] = await t.sql(`SELECT assignee_organisation_id, assignee_staff_id FROM task WHERE id = $1`, [task.id]);
    expect(row).toEqual({ assignee_organisation_id: await t.orgId('vcEkdalen'), assignee_staff_id: null });
    const nils = await as(t, 'nilsGp', undefined, MY_TASKS, {});
    expect(nils.edges.find((e: any) => e.node.id === task.id).node).toMatchObject({
      assignedToMe: true,
      medicationDiscrepancy: { kind: 'MISSING_AT_HOME', lineNumber: 3 },
    });
    expect(reconciliationDeadline(p).responsibleOrganisation).toEqual({ hsaId: JKPG });
  });

  it('a list withheld from the municipality (no consent) cannot be reconciled: PRECONDITION_FAILED, logged', async () => {
    const sven = await patientIdOf(t, 'sven');
    const [{ id }] = await t.sql(`SELECT id FROM discharge_process WHERE patient_id = $1 AND status = 'PLANNING'`, [sven]);
    setClock(t, '2026-11-24T08:00:00Z');
    await as(t, 'aliPhysician', undefined, Q.ready, { i: { processId: id } });
    setClock(t, '2026-11-25T09:00:00Z');
    await as(t, 'emmaNurse', undefined, DISCHARGE, { input: { processId: id, handover: handover(FULL_LINES) } });
    setClock(t, '2026-11-25T12:00:00Z');
    const mark = await auditMark(t);
    const res = await attempt(t, 'annaNurse', undefined, RECORD, { input: { processId: id, matches: true, discrepancies: [] } });
    expect(expectError(res, 'PRECONDITION_FAILED').extensions).toMatchObject({ withheldReason: 'NO_CONSENT' });
    expect(await auditSince(t, mark)).toEqual([expect.objectContaining({ operation: 'recordMedicationReconciliation', outcome: 'FAILED', patient_id: sven })]);
  });
});

describe('demo: Esther’s October discharge', () => {
  it('carries structured lines and a reconciliation with one discrepancy, a task Erik completed', async () => {
    setClock(t, '2026-11-22T10:00:00Z');
    const [{ id }] = await t.sql(`SELECT id FROM discharge_process WHERE patient_id = $1 AND admitted_at = '2026-10-05T14:00:00Z'`, [
      await patientIdOf(t, 'esther'),
    ]);
    const p = await as(t, 'erikGp', undefined, GET, { id });
    const lines = p.messages.find((m: any) => m.kind === 'DISCHARGE_NOTICE').handover.medications;
    expect(lines.map((l: any) => [l.lineNumber, l.substance, l.status])).toEqual([
      [1, 'furosemid', 'CHANGED'],
      [2, 'kaliumklorid', 'NEW'],
      [3, 'bisoprolol', 'UNCHANGED'],
      [4, 'enalapril', 'UNCHANGED'],
      [5, 'paracetamol', 'UNCHANGED'],
      [6, 'ibuprofen', 'STOPPED'],
    ]);
    expect(reconciliationDeadline(p)).toMatchObject({ dueAt: '2026-10-10T09:30:00.000Z', doneAt: '2026-10-09T15:30:00.000Z', state: 'MET' });
    expect(p.medicationReconciliation).toMatchObject({ matches: false, discrepancyCount: 1, recordedBy: { name: 'Anna Nilsson' } });
    expect(p.medicationReconciliation.discrepancies[0]).toMatchObject({
      kind: 'STOPPED_BUT_AT_HOME',
      lineNumber: 6,
      task: { status: 'COMPLETED', dueDate: '2026-10-10', assignedToMe: true },
    });
  });
});

describe('indicator: discharges with medication reconciliation within 24 hours', () => {
  const Q_IND = `query($p: FollowUpPeriodInput!) { r: followUpIndicators(period: $p) { indicators { code definition { nameSv definition numerator denominator }
    total { month value denominator ratePer100 suppressed distribution } months { month value denominator ratePer100 suppressed distribution } } } }`;
  const Q_CMP = `query($p: FollowUpPeriodInput!) { r: compareFollowUp(period: $p) {
    municipalities { organisation { name } values { code cell { value denominator ratePer100 suppressed distribution } } }
    primaryCareCentres { organisation { name } values { code cell { value denominator ratePer100 suppressed distribution } } } } }`;
  let f: Fixture;

  beforeAll(async () => {
    f = await buildFixture(t);
    for (const p of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']) await addPatient(t, f, p);
    for (const p of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) await enroll(t, f, p, 'TM', 'VCA', 'ga', '2025-06-01');
    await enroll(t, f, 'H', 'TM2', 'VCA', 'ga', '2025-06-01');
    const s = (p: string, dischargedAt: string, o: { reconciledAt?: string; reconciliationExpected?: boolean; mun?: 'TM' | 'TM2' } = {}) =>
      stay(t, f, p, {
        mun: o.mun ?? 'TM',
        pc: 'VCA',
        admittedAt: '2026-02-20T08:00:00Z',
        dischargedAt,
        reconciledAt: o.reconciledAt,
        reconciliationExpected: o.reconciliationExpected,
      });
    await s('A', '2026-03-02T10:00:00Z', { reconciledAt: '2026-03-02T12:00:00Z' }); // 2 h: on time
    await s('B', '2026-03-03T10:00:00Z', { reconciledAt: '2026-03-04T10:00:00Z' }); // exactly 24 h: on time
    await s('C', '2026-03-04T10:00:00Z', { reconciledAt: '2026-03-05T10:00:01Z' }); // 24 h + 1 s: late
    await s('D', '2026-03-05T10:00:00Z'); // never recorded, long past: missed
    await s('E', '2026-03-28T13:00:00Z', { reconciledAt: '2026-03-29T12:30:00Z' }); // Sat 14:00 CET → Sun 14:30 CEST, 23.5 h across the DST change: on time
    await s('F', '2026-03-10T10:00:00Z', { reconciliationExpected: false }); // discharged before reconciliations were recorded: left out
    await s('G', '2026-05-20T01:00:00Z'); // yesterday night, not yet due: left out until decided
    await s('H', '2026-03-12T10:00:00Z', { mun: 'TM2', reconciledAt: '2026-03-12T16:00:00Z' }); // Tranås with Åsen: on time
  });

  const cellOf = (r: any, code: string) => {
    const i = r.indicators.find((x: any) => x.code === code);
    return [i.total, ...i.months].map((c: FollowUpCell) => cellInShort(c));
  };

  it('share of decided discharges reconciled within 24 hours, per month, suppressing small cells', async () => {
    setClock(t, '2026-05-20T10:00:00Z');
    const r = (await t.gql(Q_IND, { p: { from: '2026-03-01', to: '2026-05-20' } }, await f.token('mgrTM'))).data.r;
    // A B E on time, C late, D missed (5 discharges, 5 patients); F expects none; G undecided.
    expect(cellOf(r, 'MEDICATION_RECONCILIATION_24H')).toEqual(['3/5 60', '3/5 60', '0/0', '0/0']);
    const def = r.indicators.find((x: any) => x.code === 'MEDICATION_RECONCILIATION_24H').definition;
    expect(def).toMatchObject({ nameSv: 'Läkemedelsavstämning inom 24 timmar efter utskrivning', numerator: 'discharges reconciled within 24 hours' });
    expect(def.definition).toMatch(/within 24 elapsed hours of the discharge/);
  });

  it('split per municipality and primary care centre like the other discharge indicators', async () => {
    setClock(t, '2026-05-20T10:00:00Z');
    const r = (await t.gql(Q_CMP, { p: { from: '2026-03-01', to: '2026-04-30' } }, await f.token('mgrTM'))).data.r;
    const cell = (rows: any[], name: string) =>
      rows.find((x) => x.organisation.name === name).values.find((v: any) => v.code === 'MEDICATION_RECONCILIATION_24H').cell;
    expect(cellInShort(cell(r.municipalities, 'Hemsjukvården Aneby (test)'))).toBe('3/5 60');
    expect(cellInShort(cell(r.municipalities, 'Hemsjukvården Tranås, "test"'))).toBe('S'); // one discharge, one patient
    expect(cellInShort(cell(r.primaryCareCentres, 'Vårdcentralen Åsen (test)'))).toBe('4/6 66.7');
  });
});
