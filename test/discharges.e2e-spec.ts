import { DEMO_ORGS } from '../src/demo/region';
import { as, attempt, HANDOVER_CONTENT, patientIdOf, personnummerOf, Q, setClock } from './helpers/discharges';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const M1 = DEMO_ORGS.wardMedicine.hsaId;
const JKPG = DEMO_ORGS.jonkoping.hsaId;
const SJOBACKEN = DEMO_ORGS.vcSjobacken.hsaId;

const deadline = (p: any, kind: string, org?: string) => p.deadlines.find((d: any) => d.kind === kind && (!org || d.responsibleOrganisation.hsaId === org));
const lastMessage = (p: any) => p.messages[p.messages.length - 1];

describe('the whole discharge process', () => {
  let id: string;

  it('a hospital ward opens the process by personnummer; receivers come from the enrollment; the ward gets a care relationship', async () => {
    setClock(t, '2026-12-07T08:00:00Z'); // Mon 09:00 local
    const esther = await patientIdOf(t, 'esther');
    // Esther's last stay on M1 is closed: the ward has no care relationship with her now.
    expectError(await attempt(t, 'toveDischarge', 'wardMedicine', `query($id: ID!) { patient(id: $id) { id } }`, { id: esther }), 'NOT_FOUND');

    const p = await as(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: personnummerOf('esther'), admittedAt: '2026-12-07T07:00:00Z' } });
    id = p.id;
    expect(p).toMatchObject({
      status: 'ADMITTED',
      myParty: 'HOSPITAL',
      hospitalWard: { hsaId: M1 },
      municipality: { hsaId: JKPG },
      primaryCareCentre: { hsaId: SJOBACKEN },
      patient: { givenName: 'Esther' },
    });
    expect(p.deadlines).toEqual([
      {
        kind: 'ADMISSION_NOTICE',
        dueAt: '2026-12-08T07:00:00.000Z',
        doneAt: null,
        state: 'OPEN',
        mine: true,
        messageId: null,
        responsibleOrganisation: { hsaId: M1 },
      },
    ]);
    expect(p.paymentResponsibility).toEqual({
      agreedDays: 3,
      dailyAmountSek: 8940,
      days: 0,
      amountSek: 0,
      firstPayableDate: null,
      payableDates: [],
      running: false,
    });
    const [audit] = await t.sql(`SELECT outcome, patient_id, details FROM audit_log WHERE operation = 'openDischargeProcess' AND details->>'processId' = $1`, [
      id,
    ]);
    expect(audit).toEqual({ outcome: 'ALLOWED', patient_id: esther, details: { processId: id, establishedCareRelationship: true } });
    // Now the ward may read her record, through the process.
    const rel = await as(t, 'toveDischarge', 'wardMedicine', `query($id: ID!) { r: patient(id: $id) { myAccess { relationships } } }`, { id: esther });
    expect(rel.myAccess.relationships).toEqual(['DISCHARGE_PROCESS']);
  });

  it('the municipality sends its status message; the status stays ADMITTED', async () => {
    const p = await as(t, 'annaNurse', undefined, Q.status, { i: { processId: id, note: 'Hemsjukvård, dosett varje vecka.' } });
    expect(p.status).toBe('ADMITTED');
    const m = lastMessage(p);
    expect(m).toMatchObject({
      kind: 'STATUS_MESSAGE',
      note: 'Hemsjukvård, dosett varje vecka.',
      senderOrganisation: { hsaId: JKPG },
      senderStaff: { name: 'Anna Nilsson' },
    });
    expect(m.receivers.map((r: any) => r.organisation.hsaId).sort()).toEqual([M1, SJOBACKEN].sort());
    expect(m.acknowledgementDueAt).toBe('2026-12-08T08:00:00.000Z'); // 24 configured hours
  });

  it('the admission notice within 24 hours meets its deadline and starts planning', async () => {
    setClock(t, '2026-12-07T10:00:00Z');
    const p = await as(t, 'toveDischarge', 'wardMedicine', Q.admission, { i: { processId: id, note: 'Pneumoni; behov av hemsjukvård efter utskrivning.' } });
    expect(p.status).toBe('PLANNING');
    expect(deadline(p, 'ADMISSION_NOTICE')).toMatchObject({ state: 'MET', doneAt: '2026-12-07T10:00:00.000Z' });
  });

  it('the primary care centre names the fast vårdkontakt; the hospital shares the planned date', async () => {
    const johan = await t.staffId('johanCoordinator');
    let p = await as(t, 'johanCoordinator', undefined, Q.appoint, { i: { processId: id, staffId: johan } });
    expect(p.careContact).toEqual({ name: 'Johan Berglund' });
    expect(lastMessage(p).appointedCareContact).toEqual({ name: 'Johan Berglund' });
    p = await as(t, 'toveDischarge', 'wardMedicine', Q.planned, { i: { processId: id, plannedDate: '2026-12-10' } });
    expect(p.plannedDischargeDate).toBe('2026-12-10');
  });

  it('the treating physician issues ready-for-discharge: the SIP deadline and the payment clock start', async () => {
    setClock(t, '2026-12-08T10:00:00Z'); // Tue 11:00
    const p = await as(t, 'aliPhysician', undefined, Q.ready, { i: { processId: id } });
    expect(p.status).toBe('READY_FOR_DISCHARGE');
    expect(deadline(p, 'SIP_INVITATION')).toMatchObject({
      dueAt: '2026-12-11T22:59:59.999Z',
      state: 'OPEN',
      mine: false,
      responsibleOrganisation: { hsaId: SJOBACKEN },
    });
    expect(p.paymentResponsibility).toMatchObject({ days: 0, running: true });
  });

  it('a withdrawal (the patient got worse) stops the clock and suspends the SIP deadline; a re-issue starts both again', async () => {
    setClock(t, '2026-12-09T08:00:00Z');
    let p = await as(t, 'aliPhysician', undefined, Q.withdraw, { i: { processId: id, note: 'Ny feber, CRP stigande.' } });
    expect(p.status).toBe('PLANNING');
    expect(deadline(p, 'SIP_INVITATION')).toBeUndefined();
    expect(p.paymentResponsibility.running).toBe(false);
    setClock(t, '2026-12-10T09:00:00Z'); // Thu 10:00
    p = await as(t, 'aliPhysician', undefined, Q.ready, { i: { processId: id, note: 'Feberfri.' } });
    expect(p.status).toBe('READY_FOR_DISCHARGE');
    expect(deadline(p, 'SIP_INVITATION')).toMatchObject({ dueAt: '2026-12-13T22:59:59.999Z', state: 'OPEN' });
  });

  it('the SIP invitation within 3 days meets its deadline and links Esther’s open SIP, unchanged', async () => {
    setClock(t, '2026-12-11T09:00:00Z');
    const [sip] = await t.sql(`SELECT id, version FROM care_plan WHERE patient_id = $1 AND status <> 'CLOSED'`, [await patientIdOf(t, 'esther')]);
    const p = await as(t, 'johanCoordinator', undefined, Q.sip, { i: { processId: id, proposedMeetingAt: '2026-12-17T13:00:00Z', note: 'SIP i hemmet.' } });
    expect(deadline(p, 'SIP_INVITATION')).toMatchObject({ state: 'MET', doneAt: '2026-12-11T09:00:00.000Z' });
    expect(lastMessage(p)).toMatchObject({
      kind: 'SIP_INVITATION',
      sipId: sip.id,
      carePlan: { id: sip.id, status: 'ACTIVE', version: sip.version, myOrganisationParticipates: true },
      proposedMeetingAt: '2026-12-17T13:00:00.000Z',
    });
    expect(await t.sql(`SELECT count(*)::int AS n FROM care_plan WHERE patient_id = $1`, [await patientIdOf(t, 'esther')])).toEqual([{ n: 1 }]);
  });

  it('payment days run after the agreed 3 days from the re-issued notice', async () => {
    setClock(t, '2026-12-15T10:00:00Z'); // Tue 15: notice Thu 10 = day 0, Mon 14 = day 4
    const p = await as(t, 'annaNurse', undefined, Q.get, { id });
    expect(p.paymentResponsibility).toEqual({
      agreedDays: 3,
      dailyAmountSek: 8940,
      days: 2,
      amountSek: 17880,
      firstPayableDate: '2026-12-14',
      payableDates: ['2026-12-14', '2026-12-15'],
      running: true,
    });
  });

  it('the discharge notice carries the handover; the discharge date is not payable', async () => {
    const p = await as(t, 'emmaNurse', undefined, Q.discharge, { i: { processId: id, handover: HANDOVER_CONTENT } });
    expect(p).toMatchObject({ status: 'DISCHARGED', dischargedAt: '2026-12-15T10:00:00.000Z' });
    expect(p.paymentResponsibility).toMatchObject({ days: 1, amountSek: 8940, payableDates: ['2026-12-14'], running: false });
    expect(lastMessage(p).handover).toMatchObject({
      reasonForAdmission: 'Pneumoni',
      riskAssessments: [
        { area: 'FALLS', level: 'RISK', note: 'Downton 3' },
        { area: 'PRESSURE_ULCERS', level: 'NO_RISK', note: null },
        { area: 'NUTRITION', level: 'NOT_ASSESSED', note: null },
      ],
      medications: HANDOVER_CONTENT.medications.map((l, i) => ({
        lineNumber: i + 1,
        substance: null,
        product: null,
        strength: null,
        reason: null,
        followUpDate: null,
        nllReference: null,
        ...l,
      })),
      // The deprecated free-text view: the lines still to be taken, named as before.
      currentMedications: [
        { lineNumber: 1, name: 'Amoxicillin 500 mg kapsel', dosage: '1 kapsel 3 gånger dagligen i 5 dagar' },
        { lineNumber: 2, name: 'furosemid 40 mg', dosage: '1 tablett på morgonen' },
      ],
    });
    // The municipality (consent on file) reads the handover.
    const seen = await as(t, 'annaNurse', undefined, Q.get, { id });
    expect(lastMessage(seen)).toMatchObject({ contentWithheld: false, handover: { followUp: HANDOVER_CONTENT.followUp } });
  });

  it('receivers acknowledge; a party closes; the ward’s care relationship through the process ends', async () => {
    const p0 = await as(t, 'annaNurse', undefined, Q.get, { id });
    const notice = lastMessage(p0);
    const acked = await as(t, 'annaNurse', undefined, Q.ack, { id: notice.id });
    expect(acked.receivers.find((r: any) => r.organisation.hsaId === JKPG)).toMatchObject({
      acknowledgedAt: '2026-12-15T10:00:00.000Z',
      acknowledgementState: 'MET',
      acknowledgedBy: { name: 'Anna Nilsson' },
    });
    const p = await as(t, 'jonasDischarge', undefined, Q.close, { id });
    expect(p).toMatchObject({ status: 'CLOSED', closedAt: '2026-12-15T10:00:00.000Z' });
    expectError(await attempt(t, 'toveDischarge', 'wardMedicine', Q.get, { id }), 'NOT_FOUND');
    // The municipality (enrollment) still sees the history.
    const list = await as(t, 'annaNurse', undefined, Q.list, { patientId: await patientIdOf(t, 'esther') });
    expect(list.edges.map((e: any) => e.node.status)).toEqual(['CLOSED', 'CLOSED']);
  });

  it('logged every step, read and refusal with actor, role, patient and purpose', async () => {
    const esther = await patientIdOf(t, 'esther');
    const rows = await t.sql(
      `SELECT operation, outcome, role, patient_id, purpose, emergency, details->>'kind' AS kind FROM audit_log
        WHERE details->>'processId' = $1::text OR details->>'messageId' IN (SELECT id::text FROM discharge_message WHERE process_id = $1::uuid) ORDER BY id`,
      [id],
    );
    expect(rows.map((r: any) => `${r.operation}${r.kind ? `(${r.kind})` : ''}:${r.role}:${r.outcome}`)).toEqual([
      'openDischargeProcess:DISCHARGE_COORDINATOR:ALLOWED',
      'sendStatusMessage(STATUS_MESSAGE):NURSE:ALLOWED',
      'sendAdmissionNotice(ADMISSION_NOTICE):DISCHARGE_COORDINATOR:ALLOWED',
      'appointCareContact(CARE_CONTACT_APPOINTED):CARE_COORDINATOR:ALLOWED',
      'sharePlannedDischargeDate(PLANNED_DISCHARGE_DATE):DISCHARGE_COORDINATOR:ALLOWED',
      'issueReadyForDischarge(READY_FOR_DISCHARGE):PHYSICIAN:ALLOWED',
      'withdrawReadyForDischarge(READY_FOR_DISCHARGE_WITHDRAWN):PHYSICIAN:ALLOWED',
      'issueReadyForDischarge(READY_FOR_DISCHARGE):PHYSICIAN:ALLOWED',
      'sendSipInvitation(SIP_INVITATION):CARE_COORDINATOR:ALLOWED',
      'dischargeProcess:NURSE:ALLOWED',
      'sendDischargeNotice(DISCHARGE_NOTICE):NURSE:ALLOWED',
      'dischargeProcess:NURSE:ALLOWED',
      'dischargeProcess:NURSE:ALLOWED',
      'acknowledgeDischargeMessage:NURSE:ALLOWED',
      'closeDischargeProcess:DISCHARGE_COORDINATOR:ALLOWED',
      'dischargeProcess:DISCHARGE_COORDINATOR:REFUSED',
    ]);
    expect(rows.every((r: any) => r.patient_id === esther && r.purpose === 'care' && r.emergency === false)).toBe(true);
  });
});

describe('illegal transitions are refused naming the current status: CONFLICT once the process has moved past the step, PRECONDITION_FAILED when a step comes first', () => {
  let id: string;
  const LIFE = ['ADMITTED', 'PLANNING', 'READY_FOR_DISCHARGE', 'DISCHARGED', ['CLOSED', 'CANCELLED']];
  const stage = (s: string) => LIFE.findIndex((x) => x === s || (Array.isArray(x) && x.includes(s)));
  const expectRefused = async (who: any, org: any, query: string, i: Record<string, unknown>, status: string) => {
    const res = await attempt(t, who, org, query, i);
    const err = res.errors?.[0];
    expect(err?.extensions.currentStatus).toBe(status);
    const movedOn = stage(status) > Math.max(...(err!.extensions.allowedFrom as string[]).map(stage));
    expectError(res, movedOn ? 'CONFLICT' : 'PRECONDITION_FAILED');
    expect(err!.message).toContain(status);
  };

  it('in ADMITTED', async () => {
    setClock(t, '2026-12-20T08:00:00Z');
    id = (await as(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: personnummerOf('ingrid'), admittedAt: '2026-12-20T06:00:00Z' } })).id;
    await expectRefused('aliPhysician', undefined, Q.ready, { i: { processId: id } }, 'ADMITTED');
    await expectRefused('aliPhysician', undefined, Q.withdraw, { i: { processId: id, note: 'x' } }, 'ADMITTED');
    await expectRefused('emmaNurse', undefined, Q.discharge, { i: { processId: id, handover: HANDOVER_CONTENT } }, 'ADMITTED');
    await expectRefused('emmaNurse', undefined, Q.planned, { i: { processId: id, plannedDate: '2026-12-22' } }, 'ADMITTED');
    await expectRefused('johanCoordinator', undefined, Q.sip, { i: { processId: id } }, 'ADMITTED');
    await expectRefused('johanCoordinator', undefined, Q.appoint, { i: { processId: id, staffId: await t.staffId('johanCoordinator') } }, 'ADMITTED');
    await expectRefused('jonasDischarge', undefined, Q.close, { id }, 'ADMITTED');
  });

  it('in PLANNING', async () => {
    await as(t, 'toveDischarge', 'wardMedicine', Q.admission, { i: { processId: id, note: 'Behov av hemsjukvård.' } });
    await expectRefused('toveDischarge', 'wardMedicine', Q.admission, { i: { processId: id, note: 'igen' } }, 'PLANNING');
    await expectRefused('aliPhysician', undefined, Q.withdraw, { i: { processId: id, note: 'x' } }, 'PLANNING');
    await expectRefused('emmaNurse', undefined, Q.discharge, { i: { processId: id, handover: HANDOVER_CONTENT } }, 'PLANNING');
    await expectRefused('johanCoordinator', undefined, Q.sip, { i: { processId: id } }, 'PLANNING');
    await expectRefused('jonasDischarge', undefined, Q.close, { id }, 'PLANNING');
  });

  it('in READY_FOR_DISCHARGE', async () => {
    await as(t, 'aliPhysician', undefined, Q.ready, { i: { processId: id } });
    await expectRefused('aliPhysician', undefined, Q.ready, { i: { processId: id } }, 'READY_FOR_DISCHARGE');
    await expectRefused('toveDischarge', 'wardMedicine', Q.admission, { i: { processId: id, note: 'x' } }, 'READY_FOR_DISCHARGE');
    await expectRefused('jonasDischarge', undefined, Q.close, { id }, 'READY_FOR_DISCHARGE');
  });

  it('in DISCHARGED', async () => {
    setClock(t, '2026-12-21T08:00:00Z');
    await as(t, 'emmaNurse', undefined, Q.discharge, { i: { processId: id, handover: HANDOVER_CONTENT } });
    await expectRefused('aliPhysician', undefined, Q.cancel, { i: { processId: id, reason: 'DIED' } }, 'DISCHARGED');
    await expectRefused('aliPhysician', undefined, Q.ready, { i: { processId: id } }, 'DISCHARGED');
    await expectRefused('aliPhysician', undefined, Q.withdraw, { i: { processId: id, note: 'x' } }, 'DISCHARGED');
    await expectRefused('emmaNurse', undefined, Q.discharge, { i: { processId: id, handover: HANDOVER_CONTENT } }, 'DISCHARGED');
    await expectRefused('emmaNurse', undefined, Q.planned, { i: { processId: id, plannedDate: '2026-12-22' } }, 'DISCHARGED');
    await expectRefused('annaNurse', undefined, Q.status, { i: { processId: id, note: 'x' } }, 'DISCHARGED');
  });

  it('in CLOSED and CANCELLED', async () => {
    await as(t, 'jonasDischarge', undefined, Q.close, { id });
    await expectRefused('jonasDischarge', undefined, Q.close, { id }, 'CLOSED');
    await expectRefused('johanCoordinator', undefined, Q.sip, { i: { processId: id } }, 'CLOSED');
    await expectRefused('annaNurse', undefined, Q.status, { i: { processId: id, note: 'x' } }, 'CLOSED');

    const other = (await as(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: personnummerOf('ingrid'), admittedAt: '2026-12-21T07:00:00Z' } }))
      .id;
    const cancelled = await as(t, 'aliPhysician', undefined, Q.cancel, {
      i: { processId: other, reason: 'REMAINS_IN_HOSPITAL', note: 'Kvarstannar för rehabilitering.' },
    });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancellationReason: 'REMAINS_IN_HOSPITAL', cancelledAt: '2026-12-21T08:00:00.000Z' });
    await expectRefused('annaNurse', undefined, Q.status, { i: { processId: other, note: 'x' } }, 'CANCELLED');
    await expectRefused('jonasDischarge', undefined, Q.close, { id: other }, 'CANCELLED');
    // The ward's relationship ended with the cancellation: it cannot even see it now.
    expectError(await attempt(t, 'aliPhysician', undefined, Q.ready, { i: { processId: other } }), 'NOT_FOUND');
  });

  it('logs each refused transition as a failed attempt, naming the reason', async () => {
    const rows = await t.sql(
      `SELECT operation, outcome, details->>'reason' AS reason FROM audit_log WHERE details->>'processId' = $1 AND outcome = 'FAILED' ORDER BY id`,
      [id],
    );
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.every((r: any) => r.reason === 'precondition_failed' || r.reason === 'conflict')).toBe(true);
    expect(rows.filter((r: any) => r.reason === 'conflict').map((r: any) => r.operation)).toContain('closeDischargeProcess');
    expect(rows.filter((r: any) => r.reason === 'precondition_failed').map((r: any) => r.operation)).toContain('issueReadyForDischarge');
    expect(rows.map((r: any) => r.operation)).toContain('issueReadyForDischarge');
  });
});

describe('who may do what', () => {
  let id: string;
  beforeAll(async () => {
    setClock(t, '2026-12-22T08:00:00Z');
    id = (await as(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: personnummerOf('karl'), admittedAt: '2026-12-22T07:00:00Z' } })).id;
    await as(t, 'emmaNurse', undefined, Q.admission, { i: { processId: id, note: 'KOL-exacerbation.' } });
  });

  it('only a physician issues ready-for-discharge: a discharge coordinator and a nurse of the hospital are refused, and logged', async () => {
    for (const who of ['toveDischarge', 'emmaNurse'] as const) {
      // A role refusal answers as for a missing process, for a real id as for a random one.
      const err = expectError(await attempt(t, who, 'wardMedicine', Q.ready, { i: { processId: id } }), 'NOT_FOUND');
      expect(err.message).toBe('Discharge process not found');
    }
    const rows = await t.sql(
      `SELECT role, details->>'reason' AS reason FROM audit_log WHERE operation = 'issueReadyForDischarge' AND outcome = 'REFUSED' AND staff_id IN ($1, $2)`,
      [await t.staffId('toveDischarge'), await t.staffId('emmaNurse')],
    );
    expect(rows.map((r: any) => r.role).sort()).toEqual(['DISCHARGE_COORDINATOR', 'NURSE']);
    expect(rows.every((r: any) => r.reason === 'role')).toBe(true);
    expect((await as(t, 'aliPhysician', undefined, Q.get, { id })).status).toBe('PLANNING');
  });

  it('a physician of another party (the primary care centre) may not issue it either', async () => {
    const err = expectError(await attempt(t, 'nilsGp', undefined, Q.ready, { i: { processId: id } }), 'FORBIDDEN');
    expect(err.message).toMatch(/hospital ward/);
    const [row] = await t.sql(`SELECT outcome, details->>'reason' AS reason FROM audit_log WHERE operation = 'issueReadyForDischarge' AND staff_id = $1`, [
      await t.staffId('nilsGp'),
    ]);
    expect(row).toEqual({ outcome: 'REFUSED', reason: 'forbidden' });
  });

  it('each party sends only its own messages', async () => {
    expectError(await attempt(t, 'emmaNurse', undefined, Q.status, { i: { processId: id, note: 'x' } }), 'FORBIDDEN');
    expectError(await attempt(t, 'karinNurse', undefined, Q.planned, { i: { processId: id, plannedDate: '2026-12-24' } }), 'FORBIDDEN');
    expectError(await attempt(t, 'emmaNurse', undefined, Q.appoint, { i: { processId: id, staffId: await t.staffId('nilsGp') } }), 'FORBIDDEN');
    expectError(await attempt(t, 'karinNurse', undefined, Q.cancel, { i: { processId: id, reason: 'DIED' } }), 'NOT_FOUND'); // a role that never cancels
    expectError(await attempt(t, 'jonasDischarge', undefined, Q.cancel, { i: { processId: id, reason: 'DIED' } }), 'FORBIDDEN'); // the municipality's coordinator: not the ward
    // A primary care centre that has nothing to do with this patient.
    expectError(await attempt(t, 'erikGp', undefined, Q.get, { id }), 'NOT_FOUND');
  });

  it('an unrelated organisation gets NOT_FOUND for everything, exactly as for a missing process, and it is logged', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [q, v] of [
      [Q.get, { id }],
      [Q.status, { i: { processId: id, note: 'x' } }],
      [Q.close, { id }],
    ] as const) {
      const refused = expectError(await attempt(t, 'linneaNurse', undefined, q, v), 'NOT_FOUND');
      const absent = expectError(await attempt(t, 'linneaNurse', undefined, q, JSON.parse(JSON.stringify(v).replace(id, missing))), 'NOT_FOUND');
      expect(refused.message).toBe(absent.message);
    }
    const [{ n }] = await t.sql(
      `SELECT count(*)::int AS n FROM audit_log WHERE staff_id = $1 AND outcome = 'REFUSED' AND details->>'reason' = 'no-care-relationship'`,
      [await t.staffId('linneaNurse')],
    );
    expect(n).toBe(3);
    const inbox = await as(t, 'linneaNurse', undefined, Q.inbox, {});
    expect(inbox.edges.map((e: any) => e.node.process.id)).not.toContain(id);
  });

  it('only a hospital ward opens a process', async () => {
    const err = expectError(
      await attempt(t, 'annaNurse', undefined, Q.open, { i: { personnummer: personnummerOf('gunnar'), admittedAt: '2026-12-22T07:00:00Z' } }),
      'FORBIDDEN',
    );
    expect(err.message).toMatch(/hospital ward/);
  });

  it('a receiving organisation that is not a receiver of a message may not acknowledge it; double acknowledgement is refused', async () => {
    const p = await as(t, 'karinNurse', undefined, Q.get, { id });
    const notice = p.messages[0];
    expectError(await attempt(t, 'emmaNurse', undefined, Q.ack, { id: notice.id }), 'FORBIDDEN'); // the sender
    await as(t, 'karinNurse', undefined, Q.ack, { id: notice.id });
    const again = expectError(await attempt(t, 'annaNurse', undefined, Q.ack, { id: notice.id }), 'CONFLICT');
    expect(again.message).toMatch(/already acknowledged/);
    expectError(await attempt(t, 'linneaNurse', undefined, Q.ack, { id: notice.id }), 'NOT_FOUND');
  });
});

describe('bad input', () => {
  it('refuses admission times in the future or too old, naming the field', async () => {
    setClock(t, '2026-12-23T08:00:00Z');
    for (const admittedAt of ['2026-12-23T09:00:00Z', '2026-11-20T08:00:00Z']) {
      const err = expectError(
        await attempt(t, 'toveDischarge', 'wardGeriatrics', Q.open, { i: { personnummer: personnummerOf('astrid'), admittedAt } }),
        'BAD_USER_INPUT',
      );
      expect(err.extensions.fields).toEqual([expect.objectContaining({ field: 'input.admittedAt' })]);
    }
  });

  it('requires the receivers when there is no active enrollment, and checks their kind', async () => {
    const err = expectError(
      await attempt(t, 'toveDischarge', 'wardGeriatrics', Q.open, { i: { personnummer: personnummerOf('astrid'), admittedAt: '2026-12-23T07:00:00Z' } }),
      'BAD_USER_INPUT',
    );
    expect(err.extensions.fields!.map((f) => f.field).sort()).toEqual(['input.municipalityId', 'input.openCareReceiverId']);
    const wrong = expectError(
      await attempt(t, 'toveDischarge', 'wardGeriatrics', Q.open, {
        i: {
          personnummer: personnummerOf('astrid'),
          admittedAt: '2026-12-23T07:00:00Z',
          municipalityId: await t.orgId('vcEkdalen'),
          primaryCareCentreId: await t.orgId('vcEkdalen'),
        },
      }),
      'BAD_USER_INPUT',
    );
    expect(wrong.extensions.fields).toEqual([{ field: 'input.municipalityId', message: 'must be a municipality (home healthcare unit)' }]);
    expect(await t.sql(`SELECT 1 FROM discharge_process WHERE patient_id = $1`, [await patientIdOf(t, 'astrid')])).toHaveLength(0);
  });

  it('NOT_FOUND for an unknown personnummer, CONFLICT for a patient already in hospital, both logged', async () => {
    expectError(
      await attempt(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: '19121212-1212', admittedAt: '2026-12-23T07:00:00Z' } }),
      'NOT_FOUND',
    );
    const sven = personnummerOf('sven'); // admitted to M1 in the demo data
    const c = expectError(
      await attempt(t, 'toveDischarge', 'wardGeriatrics', Q.open, { i: { personnummer: sven, admittedAt: '2026-12-23T07:00:00Z' } }),
      'CONFLICT',
    );
    expect(c.extensions.processId).toBeUndefined(); // another ward's stay is not disclosed
    const own = expectError(
      await attempt(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: sven, admittedAt: '2026-12-23T07:00:00Z' } }),
      'CONFLICT',
    );
    expect(own.extensions.processId).toEqual(expect.any(String));
    const rows = await t.sql(
      `SELECT outcome, details->>'reason' AS reason FROM audit_log WHERE operation = 'openDischargeProcess' AND outcome <> 'ALLOWED' ORDER BY id DESC LIMIT 3`,
    );
    expect(rows.map((r: any) => [r.outcome, r.reason])).toEqual([
      ['FAILED', 'conflict'],
      ['FAILED', 'conflict'],
      ['REFUSED', 'no-such-patient'],
    ]);
  });

  it('checks the handover’s risk assessments, a withdrawal’s reason and a care contact from the centre', async () => {
    const svenProcess = (await t.sql(`SELECT id FROM discharge_process WHERE patient_id = $1 AND status = 'PLANNING'`, [await patientIdOf(t, 'sven')]))[0].id;
    const bad = {
      ...HANDOVER_CONTENT,
      riskAssessments: [HANDOVER_CONTENT.riskAssessments[0], HANDOVER_CONTENT.riskAssessments[0], HANDOVER_CONTENT.riskAssessments[1]],
    };
    const e1 = expectError(await attempt(t, 'emmaNurse', undefined, Q.discharge, { i: { processId: svenProcess, handover: bad } }), 'BAD_USER_INPUT');
    expect(e1.extensions.fields).toEqual([expect.objectContaining({ field: 'input.handover.riskAssessments' })]);
    const e2 = expectError(await attempt(t, 'aliPhysician', undefined, Q.withdraw, { i: { processId: svenProcess } }), 'BAD_USER_INPUT');
    expect(e2.extensions.fields).toEqual([expect.objectContaining({ field: 'input.note' })]);
    const e3 = expectError(
      await attempt(t, 'johanCoordinator', undefined, Q.appoint, { i: { processId: svenProcess, staffId: await t.staffId('annaNurse') } }),
      'BAD_USER_INPUT',
    );
    expect(e3.extensions.fields).toEqual([expect.objectContaining({ field: 'input.staffId' })]);
    const e4 = expectError(await attempt(t, 'emmaNurse', undefined, Q.planned, { i: { processId: svenProcess, plannedDate: '2026-11-01' } }), 'BAD_USER_INPUT');
    expect(e4.extensions.fields).toEqual([expect.objectContaining({ field: 'input.plannedDate' })]);
  });
});
