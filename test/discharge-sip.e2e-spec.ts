import { DEMO_ORGS } from '../src/demo/region';
import { EventBus } from '../src/events/event-bus';
import { CLOSE, GET, gqlOk, UPDATE } from './helpers/care-plans';
import { as, attempt, HANDOVER_CONTENT, patientIdOf, personnummerOf, Q, setClock } from './helpers/discharges';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/**
 * The SIP invitation of a discharge starts a SIP draft with the receivers taking part, or links
 * the patient's open SIP. Elsa is enrolled by Habo with Vårdcentralen Sjöbacken and has given no
 * information-sharing consent: the ward that discharges her takes no part in the SIP and so may
 * not read it.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const HABO = DEMO_ORGS.habo.hsaId;
const SJOBACKEN = DEMO_ORGS.vcSjobacken.hsaId;
const REASON = 'Utskrivning från Medicinavdelning M1 (demo): insatser behövs från både region och kommun.';

const invitations = (p: any) => p.messages.filter((m: any) => m.kind === 'SIP_INVITATION');
/** What the next request announces on the event bus (kinds and addressing; no payload beyond ids). */
function watchEvents() {
  const spy = vi.spyOn(t.app.get(EventBus), 'publish');
  return () => {
    const calls = spy.mock.calls.map(([e]) => e);
    spy.mockRestore();
    return calls;
  };
}
const plansOf = (patientId: string) => t.sql(`SELECT id, status, version FROM care_plan WHERE patient_id = $1 ORDER BY created_at`, [patientId]);

describe('a discharge’s SIP invitation', () => {
  let elsa: string;
  let processId: string;
  let sipId: string;

  beforeAll(async () => {
    elsa = await patientIdOf(t, 'elsa');
    setClock(t, '2026-12-07T08:00:00Z');
    processId = (await as(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: personnummerOf('elsa'), admittedAt: '2026-12-07T07:00:00Z' } })).id;
    await as(t, 'toveDischarge', 'wardMedicine', Q.admission, { i: { processId, note: 'Fall i hemmet, höftkontusion.' } });
    setClock(t, '2026-12-09T10:00:00Z');
    await as(t, 'aliPhysician', undefined, Q.ready, { i: { processId } });
  });

  it('is sent only by the primary care centre; a refused invitation starts no SIP', async () => {
    expectError(await attempt(t, 'linneaNurse', undefined, Q.sip, { i: { processId } }), 'FORBIDDEN');
    expect(await plansOf(elsa)).toEqual([]);
  });

  it('starts no SIP when the invitation cannot be stored: one transaction', async () => {
    // Make storing the invitation's receivers fail, after the draft has been started.
    await t.sql(`CREATE FUNCTION test_refuse_receiver() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$`);
    await t.sql(`CREATE TRIGGER test_refuse_receiver BEFORE INSERT ON discharge_message_receiver FOR EACH ROW EXECUTE FUNCTION test_refuse_receiver()`);
    try {
      expectError(await attempt(t, 'johanCoordinator', undefined, Q.sip, { i: { processId } }), 'INTERNAL');
    } finally {
      await t.sql(`DROP TRIGGER test_refuse_receiver ON discharge_message_receiver`);
      await t.sql(`DROP FUNCTION test_refuse_receiver()`);
    }
    expect(await plansOf(elsa)).toEqual([]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM discharge_message WHERE process_id = $1 AND kind = 'SIP_INVITATION'`, [processId])).toEqual([{ n: 0 }]);
  });

  it('starts a SIP draft with the receiving primary care centre and municipality taking part, in the same transaction', async () => {
    const events = watchEvents();
    const p = await as(t, 'johanCoordinator', undefined, Q.sip, { i: { processId, proposedMeetingAt: '2026-12-14T13:00:00Z', note: 'SIP-möte i hemmet.' } });
    const [msg] = invitations(p);
    const plans = await plansOf(elsa);
    expect(plans).toEqual([{ id: expect.any(String), status: 'DRAFT', version: 1 }]);
    sipId = plans[0].id;
    expect(msg).toMatchObject({ sipId, carePlan: { id: sipId, status: 'DRAFT', version: 1, myOrganisationParticipates: true } });
    // After the commit: the message to its receivers, then the new plan to everyone caring for Elsa.
    expect(events()).toEqual([
      { kind: 'DISCHARGE_MESSAGE', patientId: elsa, entityId: msg.id, organisationIds: [await t.orgId('wardMedicine'), await t.orgId('habo')] },
      { kind: 'CARE_PLAN_CHANGED', patientId: elsa, entityId: sipId, careRelationships: true },
    ]);

    const plan = await as(
      t,
      'johanCoordinator',
      undefined,
      `query($id: ID!) { r: carePlan(id: $id) { status createdByOrganisation { hsaId } participatingOrganisations { hsaId } draft { reason participants { kind organisation { hsaId } staff { name } name } goals { text } } } }`,
      { id: sipId },
    );
    expect(plan).toEqual({
      status: 'DRAFT',
      createdByOrganisation: { hsaId: SJOBACKEN },
      participatingOrganisations: expect.arrayContaining([{ hsaId: SJOBACKEN }, { hsaId: HABO }]),
      draft: {
        // The ward's name, never the invitation's free text.
        reason: REASON,
        participants: [
          { kind: 'ORGANISATION', organisation: { hsaId: SJOBACKEN }, staff: null, name: null },
          { kind: 'ORGANISATION', organisation: { hsaId: HABO }, staff: null, name: null },
        ],
        goals: [],
      },
    });
    expect(plan.participatingOrganisations).toHaveLength(2);
    const [row] = await t.sql(`SELECT sip_id FROM discharge_message WHERE process_id = $1 AND kind = 'SIP_INVITATION'`, [processId]);
    expect(row.sip_id).toBe(sipId);
  });

  it('lets the receiving municipality open the draft, from the message and by id', async () => {
    const p = await as(t, 'linneaNurse', undefined, Q.get, { id: processId });
    expect(invitations(p)[0].carePlan).toEqual({ id: sipId, status: 'DRAFT', version: 1, myOrganisationParticipates: true });
    const plan = (await gqlOk(t, GET, { id: sipId }, await t.token('linneaNurse'))).carePlan;
    expect(plan).toMatchObject({ id: sipId, myOrganisationParticipates: true, hasOpenDraft: true });
  });

  it('hides the plan from the ward, which takes no part and has no consent: the message keeps its id, carePlan is null', async () => {
    const p = await as(t, 'toveDischarge', 'wardMedicine', Q.get, { id: processId });
    expect(invitations(p)[0]).toMatchObject({ sipId, carePlan: null });
    const hidden = expectError(await attempt(t, 'toveDischarge', 'wardMedicine', GET, { id: sipId }), 'NOT_FOUND');
    const missing = expectError(await attempt(t, 'toveDischarge', 'wardMedicine', GET, { id: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND');
    expect(hidden.message).toBe(missing.message);
  });

  it('refuses an organisation without a care relationship exactly like a missing plan, and logs it', async () => {
    for (const who of ['annaNurse', 'ullaNurse'] as const) {
      const refused = expectError(await attempt(t, who, undefined, GET, { id: sipId }), 'NOT_FOUND');
      expect(refused.message).toBe('Care plan not found');
    }
    const rows = await t.sql(
      `SELECT outcome, details->>'reason' AS reason FROM audit_log WHERE operation = 'carePlan' AND patient_id = $1 AND organisation_id IN ($2, $3) ORDER BY id`,
      [elsa, await t.orgId('jonkoping'), await t.orgId('vcEkdalen')],
    );
    expect(rows).toEqual([
      { outcome: 'REFUSED', reason: 'no-care-relationship' },
      { outcome: 'REFUSED', reason: 'no-care-relationship' },
    ]);
  });

  it('links the same open SIP, unchanged, on a second invitation', async () => {
    // The municipality has worked on the draft in between.
    const edited = (
      await gqlOk(
        t,
        UPDATE,
        { input: { carePlanId: sipId, expectedVersion: 1, goals: [{ text: 'Jag vill kunna gå ut med rollatorn.' }] } },
        await t.token('linneaNurse'),
      )
    ).updateCarePlanDraft;
    expect(edited.version).toBe(2);
    setClock(t, '2026-12-10T09:00:00Z');
    await as(t, 'emmaNurse', undefined, Q.discharge, { i: { processId, handover: HANDOVER_CONTENT } });
    const events = watchEvents();
    const p = await as(t, 'johanCoordinator', undefined, Q.sip, { i: { processId, proposedMeetingAt: '2026-12-15T13:00:00Z' } });
    expect(invitations(p).map((m: any) => m.sipId)).toEqual([sipId, sipId]);
    // Linking changes no plan: only the message is announced.
    expect(events().map((e) => e.kind)).toEqual(['DISCHARGE_MESSAGE']);
    expect(invitations(p)[1].carePlan).toEqual({ id: sipId, status: 'DRAFT', version: 2, myOrganisationParticipates: true });
    expect(await plansOf(elsa)).toEqual([{ id: sipId, status: 'DRAFT', version: 2 }]);
  });

  it('starts a new draft when the SIP has been closed since', async () => {
    await gqlOk(t, CLOSE, { input: { carePlanId: sipId, expectedVersion: 2, reason: 'NO_LONGER_NEEDED' } }, await t.token('linneaNurse'));
    const p = await as(t, 'johanCoordinator', undefined, Q.sip, { i: { processId } });
    const [closed, started] = await plansOf(elsa);
    expect(closed).toEqual({ id: sipId, status: 'CLOSED', version: 3 });
    expect(started).toMatchObject({ status: 'DRAFT', version: 1 });
    expect(invitations(p).map((m: any) => m.sipId)).toEqual([sipId, sipId, started.id]);
    // The closed plan stays readable to its participants through the earlier invitations.
    expect(invitations(p)[0].carePlan).toMatchObject({ id: sipId, status: 'CLOSED' });
  });

  it('logs each invitation as one allowed access to the patient', async () => {
    const rows = await t.sql(`SELECT outcome, role FROM audit_log WHERE operation = 'sendSipInvitation' AND patient_id = $1 ORDER BY id`, [elsa]);
    expect(rows).toEqual([
      { outcome: 'REFUSED', role: 'NURSE' },
      { outcome: 'FAILED', role: 'CARE_COORDINATOR' }, // the attempt that failed inside (INTERNAL) is in the log too
      { outcome: 'ALLOWED', role: 'CARE_COORDINATOR' },
      { outcome: 'ALLOWED', role: 'CARE_COORDINATOR' },
      { outcome: 'ALLOWED', role: 'CARE_COORDINATOR' },
    ]);
  });
});
