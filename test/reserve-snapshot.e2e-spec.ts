import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { PDFParse } from 'pdf-parse';
import { parseReserveArgs, runReserveCommand, UsageError } from '../src/cli/reserve-command';
import { Clock } from '../src/common/clock';
import { LEADER_JOBS, LEADER_LOCK_SPACE } from '../src/database/leader-lock';
import { DEMO_ORGS, DEMO_STAFF } from '../src/demo/region';
import { ensureWritableDirectory } from '../src/reserve/reserve-files';
import { RESERVE_PDF_BANNER } from '../src/reserve/reserve-pdf';
import { ReservePatient, ReserveSnapshot } from '../src/reserve/reserve-snapshot';
import { ReserveScheduler } from '../src/reserve/reserve.scheduler';
import { SYSTEM_ACTOR_ID } from '../src/reserve/reserve.service';
import { auditMark, auditSince, patientId, pnr } from './helpers/patients';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/**
 * The reserve routine (reservrutin): a home healthcare unit's reserve snapshot (reservutskrift) as
 * PDF and JSON, through the API, the command and the schedule, read back (the PDF with pdf-parse)
 * and compared with what the unit's caseload shows.
 */

const SNAPSHOT = `query($format: ReserveSnapshotFormat!, $first: Int, $after: String) {
  reserveSnapshot(format: $format, first: $first, after: $after) {
    format mediaType fileName contentBase64 byteSize sha256 producedAt patientCount part nextPart formatVersion unit { hsaId name }
  } }`;
const CASELOAD = `{ myPatients(first: 100) { edges { node { id personnummer givenName familyName protectedIdentity address nextOfKin { name } } } pageInfo { hasNextPage } } }`;
/** 03:00 in Stockholm (CET) on the day of the demo round. */
const AT = new Date('2026-11-16T02:00:00Z');

let t: TestApp;
/**
 * What the process logs. nestjs-pino keeps one root logger per process (the first application's),
 * which logs everything said outside a request: the schedule's lines of the other applications
 * below land here too.
 */
const logLines: string[] = [];
const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'esther-reserve-'));
  tmpDirs.push(d);
  return d;
}

beforeAll(async () => {
  t = await startTestApp({ LOG_LEVEL: 'info' }, { logLines });
  t.app.get(Clock).set(AT);
});
afterAll(async () => {
  await t.close();
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

interface FileAnswer {
  format: string;
  mediaType: string;
  fileName: string;
  contentBase64: string;
  byteSize: number;
  sha256: string;
  producedAt: string;
  patientCount: number;
  part: number;
  nextPart: string | null;
  formatVersion: number;
  unit: { hsaId: string; name: string };
}

async function snapshot(token: string, format: 'PDF' | 'JSON', extra: Record<string, unknown> = {}): Promise<FileAnswer> {
  const res = await t.gql(SNAPSHOT, { format, ...extra }, token);
  expect(res.errors).toBeUndefined();
  return res.data.reserveSnapshot;
}

function bytesOf(f: FileAnswer): Buffer {
  const b = Buffer.from(f.contentBase64, 'base64');
  expect(b.length).toBe(f.byteSize);
  expect(createHash('sha256').update(b).digest('hex')).toBe(f.sha256);
  return b;
}

async function pdfText(b: Buffer): Promise<{ text: string; pages: number; info: any; sizes: Array<[number, number]> }> {
  expect(b.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const parser = new PDFParse({ data: new Uint8Array(b) });
  try {
    const r = await parser.getText();
    const info = await parser.getInfo({ parsePageInfo: true });
    // Lines wrap where the page ends them: compare text with its white space run together.
    return {
      text: r.text.replace(/\s+/g, ' '),
      pages: r.total,
      info: info.info,
      sizes: (info.pages ?? []).map((p) => [Math.round(p.width), Math.round(p.height)]),
    };
  } finally {
    await parser.destroy();
  }
}

async function caseload(token: string) {
  const res = await t.gql(CASELOAD, {}, token);
  expect(res.errors).toBeUndefined();
  expect(res.data.myPatients.pageInfo.hasNextPage).toBe(false);
  return res.data.myPatients.edges.map((e: any) => e.node) as Array<{
    id: string;
    personnummer: string;
    givenName: string | null;
    familyName: string | null;
    protectedIdentity: boolean;
    address: string | null;
    nextOfKin: unknown[] | null;
  }>;
}

const dashed = (p: string) => `${p.slice(0, 8)}-${p.slice(8)}`;

describe('the reserve snapshot of a home healthcare unit, through the API', () => {
  let anna: string;
  let json: ReserveSnapshot;
  beforeAll(async () => {
    anna = await t.token('annaNurse');
  });

  it('holds every patient of the unit’s caseload and no other, in its order, as JSON with a version', async () => {
    const f = await snapshot(anna, 'JSON');
    expect(f).toMatchObject({
      format: 'JSON',
      mediaType: 'application/json',
      part: 1,
      nextPart: null,
      formatVersion: 1,
      unit: { hsaId: DEMO_ORGS.jonkoping.hsaId },
    });
    expect(f.fileName).toBe(`reservutskrift-${DEMO_ORGS.jonkoping.hsaId}-20261116-0300.json`);
    expect(new Date(f.producedAt).toISOString()).toBe(AT.toISOString());
    json = JSON.parse(bytesOf(f).toString('utf8'));
    expect(json).toMatchObject({
      format: 'esther-reserve-snapshot',
      formatVersion: 1,
      producedAt: AT.toISOString(),
      producedAtStockholm: '2026-11-16 03:00',
      producedBy: { kind: 'STAFF', staffHsaId: DEMO_STAFF.annaNurse.hsaId, role: 'NURSE' },
      unit: { hsaId: DEMO_ORGS.jonkoping.hsaId, name: DEMO_ORGS.jonkoping.name, kind: 'MUNICIPALITY', municipalityCode: '0680' },
      part: 1,
      complete: true,
    });
    const shown = await caseload(anna);
    expect(json.patients.map((p) => p.patientId)).toEqual(shown.map((p) => p.id));
    expect(json.patientCount).toBe(shown.length);
    expect(f.patientCount).toBe(shown.length);
    expect(shown.length).toBeGreaterThanOrEqual(5);
    // Habo's patient is not Jönköping's.
    expect(json.patients.map((p) => p.personnummer)).not.toContain(pnr('margit'));
  });

  it('shows each patient’s identity exactly as the caseload does', async () => {
    const shown = await caseload(anna);
    for (const p of shown) {
      const s = json.patients.find((x) => x.patientId === p.id)!;
      expect({
        personnummer: s.personnummer,
        givenName: s.givenName,
        familyName: s.familyName,
        protectedIdentity: s.protectedIdentity,
        address: s.address,
      }).toEqual({
        personnummer: p.personnummer,
        givenName: p.givenName,
        familyName: p.familyName,
        protectedIdentity: p.protectedIdentity,
        address: p.address,
      });
      expect(s.nextOfKin?.map((k) => k.name) ?? null).toEqual(p.nextOfKin?.map((k: any) => k.name) ?? null);
    }
    // Maj has skyddad identitet and is enrolled by Jönköping: a direct relationship, so the unit sees her name.
    const maj = json.patients.find((p) => p.personnummer === pnr('protected'))!;
    expect(maj).toMatchObject({ protectedIdentity: true, identityWithheld: false, givenName: 'Maj' });
  });

  it('gives Esther’s contacts, signed deterioration plan with its limitations and whole ladder, and the SIP’s actions in force', async () => {
    const esther = json.patients.find((p) => p.personnummer === pnr('esther')) as ReservePatient;
    expect(esther).toMatchObject({
      givenName: 'Esther',
      familyName: 'Johansson',
      address: 'Lärkgatan 4, 553 16 Jönköping',
      nextOfKin: [{ name: 'Karin Johansson', relation: 'dotter', phone: '070-123 45 67', isRepresentative: false }],
      careRelationships: ['ENROLLMENT', 'SIP_PARTICIPANT'],
      enrollment: {
        startDate: '2026-02-03',
        namedNurse: { hsaId: DEMO_STAFF.annaNurse.hsaId, name: 'Anna Nilsson', professionTitle: 'Sjuksköterska' },
        namedPhysician: { hsaId: DEMO_STAFF.erikGp.hsaId, name: 'Erik Sjöberg' },
        municipality: { hsaId: DEMO_ORGS.jonkoping.hsaId },
        primaryCareCentre: { hsaId: DEMO_ORGS.vcSjobacken.hsaId, name: DEMO_ORGS.vcSjobacken.name },
      },
    });
    const plan = esther.deteriorationPlan!;
    expect(plan).toMatchObject({
      planVersion: 1,
      reviewDate: '2027-03-15',
      dueForReview: false,
      conditions: ['Hjärtsvikt (NYHA III)'],
      signedBy: { name: 'Erik Sjöberg' },
      signedByUnit: { hsaId: DEMO_ORGS.vcSjobacken.hsaId },
    });
    expect(plan.treatmentLimitations).toEqual([
      expect.objectContaining({ kind: 'CARE_AT_HOME_PREFERRED', label: 'Vård i hemmet i första hand', patientTookPart: true, nextOfKinTookPart: true }),
    ]);
    expect(plan.steps.map((s) => s.trigger.text)).toEqual(['Viktförändring minst 2 kg på 3 dagar', 'Andfåddhet i vila']);
    expect(plan.steps[0].actions[0]).toMatchObject({ performer: 'NURSE', asNeededMedication: 'Furosemid 40 mg, 1 tablett extra' });
    // The whole ladder, every period.
    expect(plan.contactLadder.map((c) => [c.hours, c.phone])).toEqual([
      ['OFFICE_HOURS', '036-10 50 00'],
      ['OFFICE_HOURS', '036-10 20 30'],
      ['OUT_OF_HOURS', '036-10 50 99'],
      ['OUT_OF_HOURS', '036-10 11 12'],
    ]);
    const sip = esther.carePlan!;
    expect(sip).toMatchObject({
      versionNumber: 2,
      nextFollowUpDate: '2027-01-19',
      overallResponsibleUnit: { hsaId: DEMO_ORGS.jonkoping.hsaId },
      coordinator: { name: 'Maria Lind' },
    });
    expect(sip.actions).toHaveLength(5);
    expect(sip.actions.find((a) => a.kind === 'REHABILITATION')).toMatchObject({
      status: 'PLANNED',
      responsibleStaff: { name: 'Omar Haddad' },
      responsibleUnit: { hsaId: DEMO_ORGS.jonkoping.hsaId },
    });
    expect(sip.actions.find((a) => a.kind === 'NEXT_OF_KIN')).toMatchObject({ performedBy: 'Karin Johansson (dotter)', responsibleUnit: null });
  });

  it('prints the same as a PDF: A4, Swedish characters intact, headed on every page with the unit, the time and the page number', async () => {
    const f = await snapshot(anna, 'PDF');
    expect(f).toMatchObject({ format: 'PDF', mediaType: 'application/pdf', fileName: `reservutskrift-${DEMO_ORGS.jonkoping.hsaId}-20261116-0300.pdf` });
    const { text, pages, info, sizes } = await pdfText(bytesOf(f));
    expect(pages).toBeGreaterThan(json.patientCount);
    // A4 portrait (595 × 842 points), every page.
    expect(sizes).toEqual(Array.from({ length: pages }, () => [595, 842]));
    expect(info).toMatchObject({ Title: `Reservutskrift ${DEMO_ORGS.jonkoping.name}` });
    // Every page: the banner, the unit, the time in Swedish time, "Sida n av N".
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Sida ${n} av ${pages}`);
    expect(text.split(RESERVE_PDF_BANNER).length - 1).toBe(pages);
    expect(text.split(`${DEMO_ORGS.jonkoping.name} (${DEMO_ORGS.jonkoping.hsaId}) · framtagen 2026-11-16 03:00 svensk tid`).length - 1).toBe(pages);
    // A heading per patient, with personnummer; nobody else's.
    for (const p of json.patients) expect(text).toContain(`${p.familyName}, ${p.givenName} — ${dashed(p.personnummer)}`);
    expect(text).not.toContain(dashed(pnr('margit')));
    // å ä ö Å Ä Ö as written.
    for (const s of [
      'Lärkgatan 4, 553 16 Jönköping',
      'Hjärtsvikt (NYHA III)',
      'Vård i hemmet i första hand',
      'Fast läkarkontakt',
      'Erik Sjöberg',
      'Andfåddhet i vila',
      'Behandlingsbegränsningar',
      'Kontaktstege',
      'Hemsjukvården Jönköping (demo)',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toContain('Viktförändring minst 2 kg på 3 dagar');
    expect(text).toContain('Furosemid 40 mg, 1 tablett extra');
    for (const phone of ['036-10 50 00', '036-10 20 30', '036-10 50 99', '036-10 11 12']) expect(text).toContain(phone);
    expect(text).toContain('Arbetsterapeut: gångträning med rollator och översyn av hjälpmedel i hemmet.');
    expect(text).toContain('Handlar tillsammans med Esther på lördagar.');
  });
});

describe('what a snapshot leaves out, and whom it refuses', () => {
  it('writes one access-log row per patient included, with its purpose, and none for anyone else', async () => {
    const anna = await t.token('annaNurse');
    const shown = await caseload(anna);
    const mark = await auditMark(t);
    const f = await snapshot(anna, 'PDF');
    const rows = await t.sql<{
      patient_id: string;
      operation: string;
      purpose: string;
      outcome: string;
      emergency: boolean;
      organisation_id: string;
      role: string;
      staff_hsa_id: string;
      details: any;
    }>(
      `SELECT patient_id, operation, purpose, outcome::text, emergency, organisation_id, role, staff_hsa_id, details FROM audit_log WHERE id > $1 ORDER BY id`,
      [mark],
    );
    expect(rows.map((r) => r.patient_id).sort()).toEqual(shown.map((p) => p.id).sort());
    expect(f.patientCount).toBe(shown.length);
    for (const r of rows) {
      expect(r).toMatchObject({
        operation: 'reserveSnapshot',
        purpose: 'reserve snapshot',
        outcome: 'ALLOWED',
        emergency: false,
        role: 'NURSE',
        staff_hsa_id: DEMO_STAFF.annaNurse.hsaId,
        details: { format: 'PDF', part: 1 },
      });
      expect(r.organisation_id).toBe(await t.orgId('jonkoping'));
    }
  });

  it('shows the SIP version in force, never a draft: a revision under way does not reach the printout', async () => {
    const maria = await t.token('mariaCoordinator', 'jonkoping', 'CARE_COORDINATOR');
    const esther = await patientId(t, 'esther');
    const [{ id: plan, version }] = await t.sql<{ id: string; version: number }>(
      `SELECT id, version FROM care_plan WHERE patient_id = $1 AND status = 'ACTIVE'`,
      [esther],
    );
    const revised = await t.gql(
      `mutation($i: CarePlanLifecycleInput!) { reviseCarePlan(input: $i) { version } }`,
      { i: { carePlanId: plan, expectedVersion: version } },
      maria,
    );
    expect(revised.errors).toBeUndefined();
    const draft = await t.gql(
      `mutation($i: UpdateCarePlanDraftInput!) { updateCarePlanDraft(input: $i) { version } }`,
      {
        i: {
          carePlanId: plan,
          expectedVersion: revised.data.reviseCarePlan.version,
          actions: [
            {
              description: 'UTKAST: nattillsyn varje natt klockan tre.',
              kind: 'HEALTH_CARE',
              responsibleOrganisationId: await t.orgId('jonkoping'),
              startDate: '2026-12-01',
            },
          ],
        },
      },
      maria,
    );
    expect(draft.errors).toBeUndefined();
    const anna = await t.token('annaNurse');
    const json: ReserveSnapshot = JSON.parse(bytesOf(await snapshot(anna, 'JSON')).toString('utf8'));
    const sip = json.patients.find((p) => p.personnummer === pnr('esther'))!.carePlan!;
    expect(sip.versionNumber).toBe(2);
    expect(sip.actions).toHaveLength(5);
    expect(JSON.stringify(json)).not.toContain('UTKAST');
    const { text } = await pdfText(bytesOf(await snapshot(anna, 'PDF')));
    expect(text).not.toContain('UTKAST');
    expect(text).toContain('Version: 2, publicerad 2026-09-15');
  });

  it('shows a protected identity as the caseload shows it to a unit without a direct relationship: personnummer, no name', async () => {
    // Jönköping starts a SIP for Maj (skyddad identitet) with Habo: Habo takes part in a draft SIP, an indirect relationship.
    const anna = await t.token('annaNurse');
    const maj = await patientId(t, 'protected');
    const created = await t.gql(
      `mutation($i: CreateCarePlanInput!) { createCarePlan(input: $i) { id version } }`,
      { i: { patientId: maj, reason: 'Insatser från två kommuner under en period.' } },
      anna,
    );
    expect(created.errors).toBeUndefined();
    const plan = created.data.createCarePlan;
    const updated = await t.gql(
      `mutation($i: UpdateCarePlanDraftInput!) { updateCarePlanDraft(input: $i) { version } }`,
      {
        i: {
          carePlanId: plan.id,
          expectedVersion: plan.version,
          participants: [
            { kind: 'ORGANISATION', organisationId: await t.orgId('jonkoping') },
            { kind: 'ORGANISATION', organisationId: await t.orgId('habo') },
          ],
          actions: [
            {
              description: 'UTKAST: tillsyn från Habo under sommaren.',
              kind: 'HEALTH_CARE',
              responsibleOrganisationId: await t.orgId('habo'),
              startDate: '2026-12-01',
            },
          ],
        },
      },
      anna,
    );
    expect(updated.errors).toBeUndefined();
    const linnea = await t.token('linneaNurse');
    const shown = (await caseload(linnea)).find((p) => p.personnummer === pnr('protected'))!;
    expect(shown).toMatchObject({ protectedIdentity: true, givenName: null, familyName: null, address: null, nextOfKin: null });
    const json: ReserveSnapshot = JSON.parse(bytesOf(await snapshot(linnea, 'JSON')).toString('utf8'));
    expect(json.patients.map((p) => p.patientId)).toEqual((await caseload(linnea)).map((p) => p.id));
    const s = json.patients.find((p) => p.personnummer === pnr('protected'))!;
    expect(s).toMatchObject({
      protectedIdentity: true,
      identityWithheld: true,
      givenName: null,
      familyName: null,
      address: null,
      phone: null,
      nextOfKin: null,
      careRelationships: ['SIP_PARTICIPANT'],
      carePlan: null,
    });
    const { text } = await pdfText(bytesOf(await snapshot(linnea, 'PDF')));
    expect(text).toContain(`Skyddad identitet — ${dashed(pnr('protected'))}`);
    expect(text).not.toContain('Maj');
    expect(text).not.toContain('Adress skyddad');
    expect(text).not.toContain('UTKAST');
    // Jönköping (enrolled her: direct) still sees her name, and no draft either.
    const jonkoping = await pdfText(bytesOf(await snapshot(anna, 'PDF')));
    expect(jonkoping.text).toContain(`Skyddad, Maj — ${dashed(pnr('protected'))}`);
    expect(jonkoping.text).not.toContain('UTKAST');
  });

  it('prints upper-case Å, Ä and Ö as written', async () => {
    const karin = await t.token('karinNurse');
    const gunnar = await patientId(t, 'gunnar');
    const [{ version }] = await t.sql<{ version: number }>(`SELECT version FROM patient WHERE id = $1`, [gunnar]);
    const res = await t.gql(
      `mutation($i: UpdatePatientInput!) { updatePatient(input: $i) { version } }`,
      {
        i: {
          patientId: gunnar,
          expectedVersion: version,
          nextOfKin: [{ name: 'Åsa Ängström-Öberg', relation: 'dotter', phone: '070-111 22 33', isRepresentative: false }],
        },
      },
      karin,
    );
    expect(res.errors).toBeUndefined();
    const { text } = await pdfText(bytesOf(await snapshot(karin, 'PDF')));
    expect(text).toContain('Åsa Ängström-Öberg (dotter), tel 070-111 22 33');
  });

  it('never includes a patient reached only by emergency access (nödåtkomst), nor logs one', async () => {
    const linnea = await t.token('linneaNurse');
    const opened = await t.gql(
      `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { id } }`,
      { i: { personnummer: pnr('esther'), reason: 'Medvetslös i hemmet, ingen vårdrelation registrerad' } },
      linnea,
    );
    expect(opened.errors).toBeUndefined();
    const esther = opened.data.openEmergencyAccess.id;
    const mark = await auditMark(t);
    const json: ReserveSnapshot = JSON.parse(bytesOf(await snapshot(linnea, 'JSON')).toString('utf8'));
    expect(json.patients.map((p) => p.patientId)).not.toContain(esther);
    const rows = await auditSince(t, mark);
    expect(rows.length).toBe(json.patientCount);
    expect(rows.some((r) => r.patient_id === esther || r.emergency)).toBe(false);
  });

  it('is not widened by emergency access to a patient of the unit: another unit’s plan stays hidden without consent, and nothing is flagged', async () => {
    // Maj (Jönköping's, no consent to information sharing) gets a plan signed at Vårdcentralen Sjöbacken.
    const maj = await patientId(t, 'protected');
    const [gp, centre] = [await t.staffId('erikGp'), await t.orgId('vcSjobacken')];
    await t.sql(
      `INSERT INTO deterioration_plan (version, patient_id, plan_version, status, conditions, treatment_limitations, steps, contacts, review_date, recorded_by_organisation_id, drafted_by_staff_id, last_edited_by_staff_id, signed_at, signed_by_staff_id, signed_by_organisation_id)
       VALUES (1, $1, 1, 'ACTIVE', '{KOL}', '[{"kind":"NO_CPR","details":null,"decidedBy":"Erik Sjöberg","decidedOn":"2026-10-01","patientTookPart":true,"nextOfKinTookPart":false}]', '[]', '[]', '2027-06-01', $2, $3, $3, now(), $3, $2)`,
      [maj, centre, gp],
    );
    const anna = await t.token('annaNurse');
    const opened = await t.gql(
      `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { id } }`,
      { i: { personnummer: pnr('protected'), reason: 'Medvetslös, samtycke kan inte inhämtas' } },
      anna,
    );
    expect(opened.errors).toBeUndefined();
    // Read on its own, emergency access shows the plan (and flags it) …
    const read = await t.gql(`query($p: ID!) { activeDeteriorationPlan(patientId: $p) { planVersion } }`, { p: maj }, anna);
    expect(read.data.activeDeteriorationPlan).toEqual({ planVersion: 1 });
    // … the snapshot does not: it shows what the unit's care relationship shows.
    const mark = await auditMark(t);
    const json: ReserveSnapshot = JSON.parse(bytesOf(await snapshot(anna, 'JSON')).toString('utf8'));
    expect(json.patients.find((p) => p.patientId === maj)).toMatchObject({ deteriorationPlan: null, givenName: 'Maj' });
    expect(JSON.stringify(json)).not.toContain('NO_CPR');
    const rows = await t.sql<{ patient_id: string; emergency: boolean; purpose: string }>(
      `SELECT patient_id, emergency, purpose FROM audit_log WHERE id > $1`,
      [mark],
    );
    expect(rows.find((r) => r.patient_id === maj)).toEqual({ patient_id: maj, emergency: false, purpose: 'reserve snapshot' });
    expect(rows.every((r) => !r.emergency && r.purpose === 'reserve snapshot')).toBe(true);
  });

  it('comes in parts of at most `first` patients, whose union is the caseload', async () => {
    const anna = await t.token('annaNurse');
    const ids: string[] = [];
    let after: string | null = null;
    for (let part = 1; ; part++) {
      const f: FileAnswer = await snapshot(anna, 'JSON', { first: 3, ...(after ? { after } : {}) });
      expect(f.part).toBe(part);
      if (part > 1) expect(f.fileName).toBe(`reservutskrift-${DEMO_ORGS.jonkoping.hsaId}-20261116-0300-del-${part}.json`);
      const json: ReserveSnapshot = JSON.parse(bytesOf(f).toString('utf8'));
      expect(json.patients.length).toBeLessThanOrEqual(3);
      expect(json).toMatchObject({ part, complete: f.nextPart === null });
      ids.push(...json.patients.map((p) => p.patientId));
      after = f.nextPart;
      if (!after) break;
      expect(part).toBeLessThan(5);
    }
    expect(ids).toEqual((await caseload(anna)).map((p) => p.id));
    const second = await snapshot(anna, 'PDF', { first: 3, after: (await snapshot(anna, 'JSON', { first: 3 })).nextPart });
    expect((await pdfText(bytesOf(second))).text).toContain('· del 2');
  });

  it('is kept by a mobile team too, for the patients in its own care: its caseload and no other', async () => {
    const hanna = await t.token('hannaMobileNurse');
    const f = await snapshot(hanna, 'JSON');
    const own: ReserveSnapshot = JSON.parse(bytesOf(f).toString('utf8'));
    expect(own).toMatchObject({ unit: { hsaId: DEMO_ORGS.mobileTeam.hsaId, kind: 'MOBILE_TEAM' }, complete: true });
    const shown = await caseload(hanna);
    expect(own.patients.map((p) => p.patientId)).toEqual(shown.map((p) => p.id));
    expect(own.patients.map((p) => p.personnummer)).toContain(pnr('esther'));
    expect(own.patients.map((p) => p.personnummer)).not.toContain(pnr('margit'));
  });

  it('refuses roles that do not act on the plans and units that are not home healthcare, and logs the refusal', async () => {
    for (const [staff, why] of [
      ['evaManager', 'role'],
      ['birgittaMas', 'role'],
      ['omarRehab', 'role'],
      ['saraSocial', 'role'],
    ] as const) {
      const mark = await auditMark(t);
      const res = await t.gql(SNAPSHOT, { format: 'PDF' }, await t.token(staff));
      expectError(res, 'FORBIDDEN');
      expect(res.data?.reserveSnapshot ?? null).toBeNull();
      const rows = await auditSince(t, mark);
      expect(rows).toEqual([
        expect.objectContaining({ operation: 'reserveSnapshot', outcome: 'REFUSED', patient_id: null, details: expect.objectContaining({ reason: why }) }),
      ]);
    }
    for (const staff of ['sofiaNurse', 'emmaNurse', 'johanCoordinator'] as const) {
      const res = await t.gql(SNAPSHOT, { format: 'JSON' }, await t.token(staff));
      expect(expectError(res, 'FORBIDDEN').message).toBe(
        'Only a unit that visits patients at home (home healthcare, a mobile team, SSIH) produces a reserve snapshot (reservutskrift)',
      );
    }
    expectError(await t.gql(SNAPSHOT, { format: 'PDF' }), 'UNAUTHENTICATED');
  });

  it('refuses bad input, naming the field', async () => {
    const anna = await t.token('annaNurse');
    const badFormat = await t.gql(SNAPSHOT, { format: 'DOCX' }, anna);
    expect(badFormat.status).toBe(400);
    expect(expectError(badFormat, 'BAD_USER_INPUT').extensions.fields?.map((f) => f.field)).toEqual(['format']);
    expect((await t.gql(`{ reserveSnapshot(format: WORD) { fileName } }`, {}, anna)).status).toBe(400);
    for (const [args, field] of [
      [{ first: 0 }, 'first'],
      [{ first: 201 }, 'first'],
      [{ after: 'not-a-part' }, 'after'],
      [{ after: Buffer.from(JSON.stringify(['Ek', 'Margit', 'x', 2])).toString('base64url') }, 'after'],
    ] as const) {
      const res = await t.gql(SNAPSHOT, { format: 'PDF', ...args }, anna);
      expect(expectError(res, 'BAD_USER_INPUT').extensions.fields?.map((f) => f.field)).toEqual([field]);
    }
  });
});

describe('the command: npm run reserve -- --unit <HSA-id> [--out <dir>]', () => {
  it('reads its arguments, naming the one that is wrong', () => {
    expect(parseReserveArgs(['--unit', 'SE2120000530-1001', '--out', '/tmp/x'])).toEqual({ unit: 'SE2120000530-1001', out: '/tmp/x' });
    expect(parseReserveArgs(['--unit=SE2120000530-1001'])).toEqual({ unit: 'SE2120000530-1001', out: process.cwd() });
    expect(parseReserveArgs(['--help'])).toBe('help');
    expect(() => parseReserveArgs([])).toThrow(/^--unit: is required/);
    expect(() => parseReserveArgs(['--unit', 'Jönköping'])).toThrow(/^--unit: Jönköping is not an HSA-id/);
    expect(() => parseReserveArgs(['--unit'])).toThrow(/^--unit: needs a value/);
    expect(() => parseReserveArgs(['--unit', 'SE2120000530-1001', '--format', 'pdf'])).toThrow(/^--format: not an argument/);
    expect(() => parseReserveArgs(['--unit', 'SE2120000530-1001', '--unit', 'SE2120000506-1001'])).toThrow(/^--unit: given twice/);
  });

  it('writes the unit’s PDF and JSON, audited per patient as the service itself', async () => {
    const out = path.join(tmpDir(), 'ut');
    const mark = await auditMark(t);
    const { files, patients } = await runReserveCommand(t.app, { unit: DEMO_ORGS.jonkoping.hsaId, out });
    expect(files.map((f) => path.basename(f))).toEqual([
      `reservutskrift-${DEMO_ORGS.jonkoping.hsaId}-20261116-0300.pdf`,
      `reservutskrift-${DEMO_ORGS.jonkoping.hsaId}-20261116-0300.json`,
    ]);
    expect(fs.statSync(files[0]).mode & 0o777).toBe(0o600);
    expect(fs.statSync(out).mode & 0o777).toBe(0o700);
    const json: ReserveSnapshot = JSON.parse(fs.readFileSync(files[1], 'utf8'));
    expect(json.producedBy).toEqual({ kind: 'SYSTEM', trigger: 'command' });
    const shown = await caseload(await t.token('annaNurse'));
    expect(json.patients.map((p) => p.patientId)).toEqual(shown.map((p) => p.id));
    expect(patients).toBe(shown.length);
    const { text } = await pdfText(fs.readFileSync(files[0]));
    expect(text).toContain(`Johansson, Esther — ${dashed(pnr('esther'))}`);
    expect(text).toContain('Vård i hemmet i första hand');
    const rows = await t.sql<{
      patient_id: string;
      staff_id: string;
      staff_hsa_id: string;
      assignment_id: string;
      role: string;
      purpose: string;
      request_id: string;
      details: any;
      organisation_id: string;
    }>(
      `SELECT patient_id, staff_id, staff_hsa_id, assignment_id, role, purpose, request_id, details, organisation_id FROM audit_log WHERE id > $1 AND operation = 'reserveSnapshot' ORDER BY id`,
      [mark],
    );
    expect(rows.map((r) => r.patient_id).sort()).toEqual(shown.map((p) => p.id).sort());
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(1);
    for (const r of rows) {
      expect(r).toMatchObject({
        staff_id: SYSTEM_ACTOR_ID,
        assignment_id: SYSTEM_ACTOR_ID,
        staff_hsa_id: 'SYSTEM',
        role: 'SYSTEM',
        purpose: 'reserve snapshot',
        details: { trigger: 'command', actor: 'system' },
      });
      expect(r.request_id).toMatch(/^reserve-command:[0-9a-f-]{36}$/);
      expect(r.organisation_id).toBe(await t.orgId('jonkoping'));
    }
  });

  it('shows the service’s rows in the unit’s log review as the service’s, with no staff member', async () => {
    const res = await t.gql(
      `{ auditLog(first: 100) { edges { node { role operation purpose staff { name } organisation { hsaId } } } } }`,
      {},
      await t.token('birgittaMas'),
    );
    expect(res.errors).toBeUndefined();
    const system = res.data.auditLog.edges.map((e: any) => e.node).filter((n: any) => n.role === 'SYSTEM');
    expect(system.length).toBeGreaterThan(0);
    for (const n of system)
      expect(n).toEqual({
        role: 'SYSTEM',
        operation: 'reserveSnapshot',
        purpose: 'reserve snapshot',
        staff: null,
        organisation: { hsaId: DEMO_ORGS.jonkoping.hsaId },
      });
  });

  it('refuses a unit that does not exist or is not home healthcare', async () => {
    const out = tmpDir();
    await expect(runReserveCommand(t.app, { unit: 'SE2999999999-9999', out })).rejects.toThrow(UsageError);
    await expect(runReserveCommand(t.app, { unit: DEMO_ORGS.vcSjobacken.hsaId, out })).rejects.toThrow(/--unit: SE2321000057-2001 is a PRIMARY_CARE unit/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

describe('the schedule: RESERVE_SNAPSHOT_DIR, every RESERVE_SNAPSHOT_INTERVAL_MINUTES, one instance at a time', () => {
  // Every unit that visits at home: the two municipalities and the mobile team.
  const UNITS = [DEMO_ORGS.habo.hsaId, DEMO_ORGS.jonkoping.hsaId, DEMO_ORGS.mobileTeam.hsaId];
  const expectedFiles = UNITS.flatMap((u) => [`reservutskrift-${u}.json`, `reservutskrift-${u}.pdf`]).sort();
  let dir: string;
  let a: TestApp;
  let b: TestApp | undefined;

  beforeAll(async () => {
    dir = path.join(tmpDir(), 'reserv');
    a = await startTestApp({ RESERVE_SNAPSHOT_DIR: dir, RESERVE_SNAPSHOT_INTERVAL_MINUTES: '60' });
  });
  afterAll(async () => {
    await b?.close();
    await a.close();
  });

  const scheduleRuns = async (app: TestApp) =>
    Number((await app.sql<{ n: string }>(`SELECT count(DISTINCT request_id)::text AS n FROM audit_log WHERE request_id LIKE 'reserve-schedule:%'`))[0].n);

  it('is off unless configured', async () => {
    expect(await t.app.get(ReserveScheduler).runOnce()).toEqual({ outcome: 'skipped', reason: 'off' });
  });

  it('writes every home healthcare unit’s latest PDF and JSON soon after start, owner-only, and logs the run without patient data', async () => {
    const deadline = Date.now() + 20_000;
    // The schedule's log lines; the run logs once every file is written, so wait for its line as well as the files (seen missing on a busy machine).
    const scheduleLines = () => logLines.flatMap((l) => l.split('\n').filter(Boolean)).filter((l) => JSON.parse(l).context === 'ReserveSchedule');
    const runLogged = () => scheduleLines().some((l) => JSON.parse(l).msg === 'reserve snapshot run');
    while (Date.now() < deadline && (fs.readdirSync(dir).filter((f) => !f.startsWith('.')).length < expectedFiles.length || !runLogged()))
      await new Promise((r) => setTimeout(r, 200));
    expect(fs.readdirSync(dir).sort()).toEqual(expectedFiles);
    for (const f of expectedFiles) expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    const json: ReserveSnapshot = JSON.parse(fs.readFileSync(path.join(dir, `reservutskrift-${DEMO_ORGS.jonkoping.hsaId}.json`), 'utf8'));
    expect(json).toMatchObject({
      formatVersion: 1,
      producedBy: { kind: 'SYSTEM', trigger: 'schedule' },
      unit: { hsaId: DEMO_ORGS.jonkoping.hsaId },
      complete: true,
    });
    expect(json.patients.map((p) => p.personnummer)).toContain(pnr('esther'));
    const { text } = await pdfText(fs.readFileSync(path.join(dir, `reservutskrift-${DEMO_ORGS.habo.hsaId}.pdf`)));
    expect(text).toContain(`Ek, Margit — ${dashed(pnr('margit'))}`);
    const schedule = scheduleLines();
    const runs = schedule.map((l) => JSON.parse(l)).filter((l) => l.msg === 'reserve snapshot run');
    expect(runs).toEqual([expect.objectContaining({ outcome: 'written', units: 3, failedUnits: 0, files: 6, patients: expect.any(Number) })]);
    for (const secret of [pnr('esther'), pnr('protected'), 'Esther', 'Johansson', 'Lärkgatan', 'Skyddad']) expect(schedule.join('\n')).not.toContain(secret);
    expect(await scheduleRuns(a)).toBe(1);
    expect(a.app.get(ReserveScheduler).status()).toMatchObject({ enabled: true, leader: true, runs: { written: 1 } });
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toContain('esther_reserve_snapshot_runs_total{outcome="written"} 1');
    expect(metrics).toContain('esther_reserve_snapshot_leader 1');
  });

  it('lets only one instance write: two runs at once make one write, each file replaced whole', async () => {
    b = await startTestApp({ RESERVE_SNAPSHOT_DIR: dir, RESERVE_SNAPSHOT_INTERVAL_MINUTES: '60' }, { databaseOf: a });
    const target = path.join(dir, `reservutskrift-${DEMO_ORGS.jonkoping.hsaId}.pdf`);
    const before = fs.statSync(target).ino;
    expect(await b.app.get(ReserveScheduler).runOnce()).toEqual({ outcome: 'skipped', reason: 'another-instance' });
    const runsBefore = await scheduleRuns(a);
    const outcomes = await Promise.all([a.app.get(ReserveScheduler).runOnce(), b.app.get(ReserveScheduler).runOnce(), a.app.get(ReserveScheduler).runOnce()]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['skipped', 'skipped', 'written']);
    expect(
      outcomes
        .filter((o) => o.outcome === 'skipped')
        .map((o) => (o as { reason: string }).reason)
        .sort(),
    ).toEqual(['another-instance', 'running']);
    expect(await scheduleRuns(a)).toBe(runsBefore + 1);
    // Replaced by a rename (a new file), never written in place; no temporary file left behind.
    expect(fs.statSync(target).ino).not.toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(expectedFiles);
    expect((await pdfText(fs.readFileSync(target))).text).toContain(RESERVE_PDF_BANNER);
  });

  it('is taken over by another instance when the one writing lets go, and waits while the lock is held elsewhere', async () => {
    await a.app.get(ReserveScheduler).onApplicationShutdown();
    expect(a.app.get(ReserveScheduler).status().leader).toBe(false);
    const holder = new Client({ connectionString: a.dbUrl });
    await holder.connect();
    try {
      expect((await holder.query(`SELECT pg_try_advisory_lock($1::int, $2::int) AS held`, [LEADER_LOCK_SPACE, LEADER_JOBS.reserveSnapshot])).rows[0].held).toBe(
        true,
      );
      expect(await b!.app.get(ReserveScheduler).runOnce()).toEqual({ outcome: 'skipped', reason: 'another-instance' });
      await holder.query(`SELECT pg_advisory_unlock($1::int, $2::int)`, [LEADER_LOCK_SPACE, LEADER_JOBS.reserveSnapshot]);
    } finally {
      await holder.end();
    }
    const runsBefore = await scheduleRuns(a);
    expect(await b!.app.get(ReserveScheduler).runOnce()).toMatchObject({ outcome: 'written', units: 3, failedUnits: 0 });
    expect(await scheduleRuns(a)).toBe(runsBefore + 1);
    expect(b!.app.get(ReserveScheduler).status().leader).toBe(true);
  });

  it('refuses to start on a directory it cannot write', async () => {
    const file = path.join(tmpDir(), 'a-file');
    fs.writeFileSync(file, 'x');
    await expect(ensureWritableDirectory(file, 'RESERVE_SNAPSHOT_DIR')).rejects.toThrow(
      /^RESERVE_SNAPSHOT_DIR: .* cannot be used as the directory for the reserve snapshot files \((EEXIST|ENOTDIR)\)$/,
    );
  });
});
