import { Clock } from '../src/common/clock';
import { completeDraft, CREATE, gqlOk, patientId, PUBLISH, REVISE, sipActors, SipStaff, SipTokens, UPDATE } from './helpers/care-plans';
import { startTestApp, TestApp } from './helpers/test-app';
import { DemoOrgKey } from '../src/demo/region';

/**
 * The SIP summary in lists (Patient.currentCarePlan, read from the patient glance) shows the
 * follow-up date IN FORCE, like CarePlan.nextFollowUpDate: a revision's draft may propose another
 * date, but until it is published no version has it.
 */
let t: TestApp;
let org: Record<DemoOrgKey, string>;
let s: SipStaff;
let tok: SipTokens;

beforeAll(async () => {
  t = await startTestApp();
  t.app.get(Clock).set(new Date('2026-12-01T09:00:00Z'));
  ({ org, s, tok } = await sipActors(t));
});
afterAll(() => t.close());

const ok = <T = any>(query: string, vars: Record<string, unknown>, token: string) => gqlOk<T>(t, query, vars, token);
const SUMMARY = `currentCarePlan { id status publishedVersionNumber nextFollowUpDate followUpOverdue }`;

/** The summary as the caseload page shows it (the glance read with the page) and as one patient shows it (the glance loader). */
async function summaries(patient: string) {
  const caseload = await ok(`query { myPatients(first: 100) { edges { node { id ${SUMMARY} } } } }`, {}, tok.anna);
  const row = caseload.myPatients.edges.find((e: any) => e.node.id === patient);
  const one = await ok(`query($id: ID!) { patient(id: $id) { ${SUMMARY} } }`, { id: patient }, tok.anna);
  return { caseload: row?.node.currentCarePlan, patient: one.patient.currentCarePlan };
}

describe('the SIP date in the caseload', () => {
  it('is the date in force while a revision proposes another, and the new date once it is published', async () => {
    const karl = await patientId(t, 'karl');
    const o = { municipality: org.jonkoping, primaryCare: org.vcEkdalen, coordinator: s.maria, nurse: s.anna, gp: s.nils };
    const created = (await ok(CREATE, { input: { patientId: karl, reason: 'SIP' } }, tok.anna)).createCarePlan;
    await ok(UPDATE, { input: { carePlanId: created.id, expectedVersion: 1, ...completeDraft(o, { nextFollowUpDate: '2027-03-01' }) } }, tok.anna);
    await ok(PUBLISH, { input: { carePlanId: created.id, expectedVersion: 2 } }, tok.anna);

    const published = { id: created.id, status: 'ACTIVE', publishedVersionNumber: 1, nextFollowUpDate: '2027-03-01', followUpOverdue: false };
    expect(await summaries(karl)).toEqual({ caseload: published, patient: published });

    // A revision proposes a later follow-up: nothing published has it yet.
    await ok(REVISE, { input: { carePlanId: created.id, expectedVersion: 3 } }, tok.anna);
    const draft = (await ok(UPDATE, { input: { carePlanId: created.id, expectedVersion: 4, nextFollowUpDate: '2027-06-15' } }, tok.anna)).updateCarePlanDraft;
    expect(draft.draft.nextFollowUpDate).toBe('2027-06-15');
    const plan = (await ok(`query($id: ID!) { carePlan(id: $id) { nextFollowUpDate } }`, { id: created.id }, tok.anna)).carePlan;
    expect(plan.nextFollowUpDate).toBe('2027-03-01');
    expect(await summaries(karl)).toEqual({ caseload: published, patient: published });

    // Published: version 2 is in force, with its date.
    await ok(PUBLISH, { input: { carePlanId: created.id, expectedVersion: 5 } }, tok.anna);
    const v2 = { ...published, publishedVersionNumber: 2, nextFollowUpDate: '2027-06-15' };
    expect(await summaries(karl)).toEqual({ caseload: v2, patient: v2 });

    // The date in force passes: overdue in the summary as on the plan.
    t.app.get(Clock).set(new Date('2027-06-16T09:00:00Z'));
    const overdue = { ...v2, followUpOverdue: true };
    expect(await summaries(karl)).toEqual({ caseload: overdue, patient: overdue });
  });
});
