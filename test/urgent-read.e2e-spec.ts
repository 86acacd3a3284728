import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLObjectType } from 'graphql';
import { PatientGate } from '../src/access/patient-gate';
import { Actor } from '../src/common/actor';
import { Clock } from '../src/common/clock';
import { OrganisationKind } from '../src/common/organisation-kind';
import { Role } from '../src/common/roles';
import { withCheckDigit } from '../src/demo/patients';
import { DEMO_STAFF } from '../src/demo/region';
import { Task } from '../src/tasks/task.entity';
import { planContent, Q } from './helpers/deterioration';
import { auditMark, auditSince, patientId, pnr } from './helpers/patients';
import { expectError, GqlResult, startTestApp, TestApp } from './helpers/test-app';

/**
 * The urgent read (issue 20, "whoever comes at 3 a.m."): ambulance and out-of-hours staff read, by
 * personnummer and with a stated reason, the active signed deterioration plan's summary, its
 * treatment limitations, the contact ladder for the hour and the fast vårdkontakt; nothing else.
 * Through HTTP against the demo region: Sanna Holmberg (ambulance nurse), Amira Saleh
 * (out-of-hours physician), Patrik Lundin (the ambulance service's manager, who reviews).
 */
let t: TestApp;
let esther: string;
let gunnar: string;
let maj: string;

/** Monday 23 November 2026, 03:00 in Stockholm. */
const THREE_AM = new Date('2026-11-23T02:00:00Z');
/** The same day, 10:00. */
const TEN_AM = new Date('2026-11-23T09:00:00Z');
const REASON = 'Ambulansuppdrag: andnöd, patienten orkar inte svara';

const URGENT = `query($i: UrgentCarePlanInput!) { urgentCarePlan(input: $i) {
  readAt
  plan { conditions planVersion signedAt signedBy signedByUnit reviewDate dueForReview }
  treatmentLimitations { kind details decidedBy decidedOn patientTookPart nextOfKinTookPart }
  contactHours
  contactLadder { hours role name phone }
  careContact { name phone } } }`;
const REVIEW = `query { emergencyAccessesForReview(first: 20, unreviewedOnly: false) { edges { node {
  id kind patientId reason openedAt expiresAt reviewedAt staff { name } accessLogCount accessLog { operation purpose emergency outcome organisation { name } } } } } }`;

const read = async (personnummer: string, who: 'sannaParamedic' | 'amiraOnCall' = 'sannaParamedic', reason: unknown = REASON): Promise<GqlResult> =>
  t.gql(URGENT, { i: { personnummer, reason } }, await t.token(who));
const shape = (res: GqlResult) => ({ status: res.status, data: res.data, errors: res.errors?.map((e) => ({ message: e.message, code: e.extensions.code })) });

/** Esther's demo plan, as the urgent read gives it at 03:00. */
const ESTHER_AT_3AM = {
  readAt: THREE_AM.toISOString(),
  plan: {
    conditions: ['Hjärtsvikt (NYHA III)'],
    planVersion: 1,
    signedAt: '2026-09-15T13:30:00.000Z',
    signedBy: 'Erik Sjöberg, Distriktsläkare',
    signedByUnit: 'Vårdcentralen Sjöbacken (demo)',
    reviewDate: '2027-03-15',
    dueForReview: false,
  },
  treatmentLimitations: [
    {
      kind: 'CARE_AT_HOME_PREFERRED',
      details: 'Vård i hemmet i första hand vid försämring av hjärtsvikten. Sjukhus endast om andfåddheten inte går att lindra hemma.',
      decidedBy: 'Erik Sjöberg, distriktsläkare',
      decidedOn: '2026-09-15',
      patientTookPart: true,
      nextOfKinTookPart: true,
    },
  ],
  contactHours: 'OUT_OF_HOURS',
  contactLadder: [
    { hours: 'OUT_OF_HOURS', role: 'Sjuksköterska i tjänst, hemsjukvården', name: 'Hemsjukvården Jönköping, kväll och natt (demo)', phone: '036-10 50 99' },
    { hours: 'OUT_OF_HOURS', role: 'Jourläkare', name: 'Primärvårdens jourläkare (demo)', phone: '036-10 11 12' },
  ],
  careContact: { name: 'Anna Nilsson', phone: '036-10 50 00' },
};

beforeAll(async () => {
  t = await startTestApp();
  t.app.get(Clock).set(THREE_AM);
  esther = await patientId(t, 'esther');
  gunnar = await patientId(t, 'gunnar');
  maj = await patientId(t, 'protected');
  // Maj (skyddad identitet) gets a signed plan from her GP, so that what refuses her is her protection, not a missing plan.
  const draft = await t.gql(Q.draft, { i: { patientId: maj, ...planContent() } }, await t.token('erikGp'));
  const signed = await t.gql(Q.sign, { i: { planId: draft.data.draftDeteriorationPlan.id, expectedVersion: 1 } }, await t.token('erikGp'));
  expect(signed.data.signDeteriorationPlan.status).toBe('ACTIVE');
});
afterAll(() => t.close());

describe('the urgent read', () => {
  it('gives the ambulance nurse at 3 a.m. the plan’s summary, treatment limitations, the out-of-hours ladder and the fast vårdkontakt, and nothing else', async () => {
    const res = await read(pnr('esther'));
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ urgentCarePlan: ESTHER_AT_3AM });
    // Nothing else can be asked: the answer's types hold exactly these fields, none reaching further.
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const fields = (type: string) => Object.keys((schema.getType(type) as GraphQLObjectType).getFields()).sort();
    expect(fields('UrgentCarePlan')).toEqual(['careContact', 'contactHours', 'contactLadder', 'plan', 'readAt', 'treatmentLimitations']);
    expect(fields('UrgentPlanSummary')).toEqual(['conditions', 'dueForReview', 'planVersion', 'reviewDate', 'signedAt', 'signedBy', 'signedByUnit']);
    expect(fields('UrgentCareContact')).toEqual(['name', 'phone']);
  });

  it('gives the office-hours ladder in office hours, and the out-of-hours physician the same read', async () => {
    t.app.get(Clock).set(TEN_AM);
    try {
      const res = await read(pnr('esther'), 'amiraOnCall');
      expect(res.data.urgentCarePlan).toEqual({
        ...ESTHER_AT_3AM,
        readAt: TEN_AM.toISOString(),
        contactHours: 'OFFICE_HOURS',
        contactLadder: [
          {
            hours: 'OFFICE_HOURS',
            role: 'Fast vårdkontakt, sjuksköterska hemsjukvården',
            name: 'Anna Nilsson, Hemsjukvården Jönköping (demo)',
            phone: '036-10 50 00',
          },
          { hours: 'OFFICE_HOURS', role: 'Fast läkarkontakt, distriktsläkare', name: 'Erik Sjöberg, Vårdcentralen Sjöbacken (demo)', phone: '036-10 20 30' },
        ],
      });
    } finally {
      t.app.get(Clock).set(THREE_AM);
    }
  });

  it('logs the read with its patient, flagged emergency, and records it for the review with the reason, who and when', async () => {
    const mark = await auditMark(t);
    expect((await read(pnr('esther'))).errors).toBeUndefined();
    const rows = await auditSince(t, mark);
    const [record] = await t.sql(`SELECT id, kind::text, reason, staff_id, organisation_id, opened_at, expires_at FROM emergency_access WHERE id = $1`, [
      rows[0]?.details?.emergencyAccessId,
    ]);
    expect(rows).toEqual([
      {
        operation: 'urgentCarePlan',
        outcome: 'ALLOWED',
        patient_id: esther,
        emergency: true,
        organisation_id: await t.orgId('ambulance'),
        details: { emergencyAccessId: record.id },
      },
    ]);
    const [{ purpose }] = await t.sql(`SELECT purpose FROM audit_log WHERE id > $1`, [mark]);
    expect(purpose).toBe('urgent read');
    expect(record).toMatchObject({
      kind: 'URGENT_READ',
      reason: REASON,
      staff_id: await t.staffId('sannaParamedic'),
      organisation_id: await t.orgId('ambulance'),
    });
    // It has no period: it grants nothing after the answer (the database holds it to that).
    expect(record.expires_at).toEqual(record.opened_at);
    await expect(t.sql(`UPDATE emergency_access SET expires_at = opened_at + interval '4 hours' WHERE id = $1`, [record.id])).rejects.toThrow(
      /ck_emergency_access_urgent_read/,
    );

    const review = await t.gql(REVIEW, {}, await t.token('patrikAmbulanceManager'));
    expect(review.errors).toBeUndefined();
    const listed = review.data.emergencyAccessesForReview.edges.map((e: any) => e.node).find((n: any) => n.id === record.id);
    expect(listed).toEqual({
      id: record.id,
      kind: 'URGENT_READ',
      patientId: esther,
      reason: REASON,
      openedAt: THREE_AM.toISOString(),
      expiresAt: THREE_AM.toISOString(),
      reviewedAt: null,
      staff: { name: 'Sanna Holmberg' },
      accessLogCount: 1,
      accessLog: [
        {
          operation: 'urgentCarePlan',
          purpose: 'urgent read',
          emergency: true,
          outcome: 'ALLOWED',
          organisation: { name: 'Ambulanssjukvården Jönköping (demo)' },
        },
      ],
    });
    // Every urgent read of the unit is listed (the two above as well), none of another unit.
    const all = review.data.emergencyAccessesForReview.edges.map((e: any) => e.node);
    expect(all.every((n: any) => n.kind === 'URGENT_READ' && n.staff.name === 'Sanna Holmberg')).toBe(true);
    expect(all).toHaveLength(2);
    const reviewed = await t.gql(
      `mutation($i: ReviewEmergencyAccessInput!) { reviewEmergencyAccess(input: $i) { id kind reviewedAt reviewNote } }`,
      { i: { emergencyAccessId: record.id, note: 'Befogad: ambulansuppdrag, andnöd' } },
      await t.token('patrikAmbulanceManager'),
    );
    expect(reviewed.data.reviewEmergencyAccess).toEqual({
      id: record.id,
      kind: 'URGENT_READ',
      reviewedAt: THREE_AM.toISOString(),
      reviewNote: 'Befogad: ambulansuppdrag, andnöd',
    });
    // Another unit's MAS does not see it; the patient's log extract shows the ambulance service's read.
    const jkpg = await t.gql(REVIEW, {}, await t.token('birgittaMas'));
    expect(jkpg.data.emergencyAccessesForReview.edges.map((e: any) => e.node.id)).not.toContain(record.id);
    const extract = await t.gql(
      `query($p: ID!) { patientLogExtract(patientId: $p, first: 50) { edges { node { operation emergency outcome organisation { name } } } } }`,
      { p: esther },
      await t.token('birgittaMas'),
    );
    expect(extract.data.patientLogExtract.edges.map((e: any) => e.node)).toContainEqual({
      operation: 'urgentCarePlan',
      emergency: true,
      outcome: 'ALLOWED',
      organisation: { name: 'Ambulanssjukvården Jönköping (demo)' },
    });
  });
});

describe('what the urgent read refuses', () => {
  it('answers no active plan, an unknown personnummer and a protected identity exactly alike, and logs each attempt flagged emergency', async () => {
    const random = withCheckDigit('19310101', '987');
    const mark = await auditMark(t);
    const [before] = await t.sql(`SELECT count(*)::int AS n FROM emergency_access`);
    const answers = [await read(pnr('gunnar')), await read(random), await read(pnr('protected')), await read(pnr('gunnar'), 'amiraOnCall')];
    for (const a of answers) expect(shape(a)).toEqual({ status: 200, data: null, errors: [{ message: 'Patient not found', code: 'NOT_FOUND' }] });
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.emergency, r.details?.reason])).toEqual([
      ['urgentCarePlan', 'REFUSED', gunnar, true, 'no-active-plan'],
      ['urgentCarePlan', 'REFUSED', null, true, 'no-such-patient'],
      ['urgentCarePlan', 'REFUSED', maj, true, 'protected-identity'],
      ['urgentCarePlan', 'REFUSED', gunnar, true, 'no-active-plan'],
    ]);
    expect((await t.sql(`SELECT DISTINCT purpose FROM audit_log WHERE id > $1`, [mark])).map((r) => r.purpose)).toEqual(['urgent read']);
    // A refusal records nothing for the review (nothing was shown), and never a protected person's name.
    expect((await t.sql(`SELECT count(*)::int AS n FROM emergency_access`))[0].n).toBe(before.n);
    expect((await t.sql(`SELECT count(*)::int AS n FROM audit_log WHERE id > $1 AND row_to_json(audit_log)::text ~ '(Maj|Skyddad)'`, [mark]))[0].n).toBe(0);
    // The unit's manager finds the refused attempts in the log, flagged emergency.
    const log = await t.gql(
      `query { auditLog(emergencyOnly: true, first: 50) { edges { node { operation outcome patientId } } } }`,
      {},
      await t.token('patrikAmbulanceManager'),
    );
    expect(log.data.auditLog.edges.map((e: any) => e.node)).toContainEqual({ operation: 'urgentCarePlan', outcome: 'REFUSED', patientId: maj });
  });

  it('does not open a block: a plan recorded by a unit the patient blocked answers as absence', async () => {
    const block = await t.gql(`mutation($p: ID!) { blockInformation(patientId: $p) { id } }`, { p: esther }, await t.token('erikGp'));
    expect(block.errors).toBeUndefined();
    try {
      const mark = await auditMark(t);
      expect(shape(await read(pnr('esther')))).toEqual(shape(await read(withCheckDigit('19310101', '987'))));
      expect((await auditSince(t, mark))[0]).toMatchObject({ outcome: 'REFUSED', patient_id: esther, emergency: true, details: { reason: 'blocked' } });
    } finally {
      await t.gql(`mutation($id: ID!) { liftBlock(blockId: $id) { id } }`, { id: block.data.blockInformation.id }, await t.token('erikGp'));
    }
    expect((await read(pnr('esther'))).data.urgentCarePlan.plan.signedByUnit).toBe('Vårdcentralen Sjöbacken (demo)');
  });

  it('is refused to every other kind of unit (FORBIDDEN, the same for any person) and to other roles there (as absence)', async () => {
    const refusal =
      'Only an ambulance service or an out-of-hours primary care unit uses the urgent read; your unit reads the plan with activeDeteriorationPlan';
    for (const who of ['annaNurse', 'erikGp', 'hannaMobileNurse', 'emmaNurse'] as const) {
      for (const p of [pnr('esther'), withCheckDigit('19310101', '987')]) {
        const res = await t.gql(URGENT, { i: { personnummer: p, reason: REASON } }, await t.token(who));
        expect([who, shape(res)]).toEqual([who, { status: 200, data: null, errors: [{ message: refusal, code: 'FORBIDDEN' }] }]);
      }
    }
    const absent = shape(await read(withCheckDigit('19310101', '987')));
    const mark = await auditMark(t);
    const manager = await t.gql(URGENT, { i: { personnummer: pnr('esther'), reason: REASON } }, await t.token('patrikAmbulanceManager'));
    expect(shape(manager)).toEqual(absent);
    expect(await auditSince(t, mark)).toEqual([
      expect.objectContaining({ operation: 'urgentCarePlan', outcome: 'REFUSED', patient_id: esther, details: { reason: 'role', stage: 'policy' } }),
    ]);
  });

  it('refuses a missing or blank reason and a bad personnummer, naming the field, and logs nothing about a patient', async () => {
    const mark = await auditMark(t);
    const blank = await read(pnr('esther'), 'sannaParamedic', '   ');
    expect(expectError(blank, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'input.reason', message: 'must not be empty' }]);
    const long = await read(pnr('esther'), 'sannaParamedic', 'x'.repeat(501));
    expect(expectError(long, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'input.reason', message: 'must be at most 500 characters' }]);
    const missing = await t.gql(URGENT, { i: { personnummer: pnr('esther') } }, await t.token('sannaParamedic'));
    expect(missing.status).toBe(400);
    expect(expectError(missing, 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'i.reason', message: 'Field "reason" of required type "String!" was not provided.' },
    ]);
    const bad = await read('19380412-2245');
    expect(expectError(bad, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'i.personnummer', message: expect.stringMatching(/personnummer/) }]);
    expect((await auditSince(t, mark)).filter((r) => r.patient_id !== null)).toEqual([]);
  });

  it('is read-only by construction: a write inside its scope fails in the database and leaves nothing', async () => {
    const [a] = await t.sql(
      `SELECT s.id AS staff_id, a.id AS assignment_id, o.id AS organisation_id FROM staff s JOIN assignment a ON a.staff_id = s.id JOIN organisation o ON o.id = a.organisation_id WHERE s.hsa_id = $1`,
      [DEMO_STAFF.sannaParamedic.hsaId],
    );
    const actor: Actor = {
      staffId: a.staff_id,
      staffHsaId: DEMO_STAFF.sannaParamedic.hsaId,
      assignmentId: a.assignment_id,
      organisationId: a.organisation_id,
      organisationHsaId: 'SE2321000057-4001',
      organisationKind: OrganisationKind.AMBULANCE,
      role: Role.NURSE,
      requestId: 'urgent-read-only',
    };
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM task`);
    const [{ e }] = await t.sql(`SELECT count(*)::int AS e FROM emergency_access`);
    const write = t.app.get(PatientGate).personnummer(actor, pnr('esther'), { operation: 'urgentCarePlan', statedReason: REASON }, ({ tx }) =>
      tx.repo(Task).insert({
        title: 'Ska inte skrivas',
        assigneeOrganisationId: a.organisation_id,
        dueDate: '2026-11-24',
        createdByStaffId: a.staff_id,
        createdByOrganisationId: a.organisation_id,
      } as never),
    );
    await expect(write).rejects.toThrow(/read-only transaction/);
    expect((await t.sql(`SELECT count(*)::int AS n FROM task`))[0].n).toBe(n);
    expect((await t.sql(`SELECT count(*)::int AS e FROM emergency_access`))[0].e).toBe(e);
    const [row] = await t.sql(`SELECT outcome::text, patient_id, emergency, details FROM audit_log WHERE request_id = 'urgent-read-only'`);
    expect(row).toEqual({ outcome: 'FAILED', patient_id: esther, emergency: true, details: { reason: 'internal', stage: 'rule' } });
  });
});
