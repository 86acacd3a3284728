import { createClient, Client } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { EventBus } from '../src/events/event-bus';
import { InboxEventKind } from '../src/events/inbox-event';
import { personnummerOf } from './helpers/discharges';
import { patientId } from './helpers/patients';
import { startTestApp, TestApp } from './helpers/test-app';

const SUB = `subscription { inboxEvents { id kind patientId entityId at } }`;
const ADD = `mutation($i: AddCareTeamMemberInput!) { addCareTeamMember(input: $i) { id } }`;

/** Redis runs on the project's machines and CI, not on a fresh laptop: global setup probes it. */
const REDIS_URL = process.env.ESTHER_TEST_REDIS_URL;

let a: TestApp;
let b: TestApp;
const clients: Client[] = [];

const connected = new WeakMap<Client, Promise<void>>();

function connect(app: TestApp, token: string | null): Client {
  let ready!: () => void;
  const opened = new Promise<void>((r) => (ready = r));
  const c = createClient({
    url: app.url.replace('http', 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { connected: () => ready(), closed: () => ready() },
  });
  connected.set(c, opened);
  clients.push(c);
  return c;
}

/** Waits until every client is connected (or refused) and its subscription has had time to register. */
async function settled(...cs: Client[]): Promise<void> {
  await Promise.all(cs.map((c) => connected.get(c)));
  await new Promise((r) => setTimeout(r, 400));
}

/** Collects what a subscription delivers; resolves `ready` once the server has accepted it. */
function collect(client: Client) {
  const events: any[] = [];
  const errors: unknown[] = [];
  client.subscribe({ query: SUB }, { next: (v) => events.push(v.data?.inboxEvents ?? v), error: (e) => errors.push(e), complete: () => undefined });
  return { events, errors };
}

const until = async (cond: () => boolean, ms = 15000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
};

for (const transport of ['PostgreSQL LISTEN/NOTIFY', 'Redis pub/sub'] as const) {
  const env: Record<string, string> = transport === 'Redis pub/sub' && REDIS_URL ? { REDIS_URL } : {};
  describe.runIf(transport !== 'Redis pub/sub' || REDIS_URL)(`over ${transport}`, () => {
    beforeAll(async () => {
      a = await startTestApp(env);
      b = await startTestApp(env, { databaseOf: a });
    });
    afterAll(async () => {
      await Promise.all(clients.splice(0).map((c) => c.dispose()));
      await b.close();
      await a.close();
    });

    describe('inbox events across instances', () => {
      it('a change made on one instance reaches a subscriber on the other; a subscriber who may not read the patient gets nothing', async () => {
        const sven = await patientId(a, 'sven');
        const jkpg = await a.orgId('jonkoping');
        // Subscribers on instance B: a Jönköping nurse (addressed, will have a care relationship),
        // a Habo nurse (not addressed, no relationship) and a Jönköping admin (role may not subscribe).
        const [cn, ch, ca] = [connect(b, await b.token('annaNurse')), connect(b, await b.token('linneaNurse')), connect(b, await b.token('perAdmin'))];
        const nurse = collect(cn);
        const habo = collect(ch);
        const admin = collect(ca);
        await settled(cn, ch, ca);

        const res = await a.gql(ADD, { i: { patientId: sven, organisationId: jkpg, reason: 'Hemsjukvård efter utskrivning' } }, await a.token('toveDischarge'));
        expect(res.errors).toBeUndefined();
        await until(() => nurse.events.length > 0);
        expect(nurse.events).toEqual([
          { id: expect.any(String), kind: 'CARE_TEAM_CHANGED', patientId: sven, entityId: res.data.addCareTeamMember.id, at: expect.any(String) },
        ]);
        await new Promise((r) => setTimeout(r, 300));
        expect(habo.events).toEqual([]);
        expect(admin.events.filter((e) => e.kind)).toEqual([]);
        expect(JSON.stringify(admin)).toMatch(/FORBIDDEN|may not/);
        // The delivery was logged, on the receiving side, for the receiving staff member.
        const [row] = await b.sql(`SELECT operation, patient_id, staff_id FROM audit_log WHERE operation = 'inboxEvents' ORDER BY id DESC LIMIT 1`);
        expect(row).toEqual({ operation: 'inboxEvents', patient_id: sven, staff_id: await b.staffId('annaNurse') });
      });

      it('a signed deterioration plan reaches every organisation caring for the patient, and no one else', async () => {
        const esther = await patientId(a, 'esther');
        const [cn, ch] = [connect(b, await b.token('annaNurse')), connect(b, await b.token('linneaNurse'))];
        const nurse = collect(cn);
        const habo = collect(ch);
        await settled(cn, ch);
        const gp = await a.token('erikGp');
        const draft = await a.gql(`mutation($p: ID!) { reviseDeteriorationPlan(patientId: $p) { id version } }`, { p: esther }, gp);
        expect(draft.errors).toBeUndefined();
        const signed = await a.gql(
          `mutation($i: SignDeteriorationPlanInput!) { signDeteriorationPlan(input: $i) { id status } }`,
          { i: { planId: draft.data.reviseDeteriorationPlan.id, expectedVersion: draft.data.reviseDeteriorationPlan.version } },
          gp,
        );
        expect(signed.errors).toBeUndefined();
        await until(() => nurse.events.some((e) => e.kind === 'DETERIORATION_PLAN_CHANGED'));
        expect(nurse.events.filter((e) => e.kind === 'DETERIORATION_PLAN_CHANGED')).toEqual([
          expect.objectContaining({ patientId: esther, entityId: signed.data.signDeteriorationPlan.id }),
        ]);
        await new Promise((r) => setTimeout(r, 300));
        expect(habo.events).toEqual([]);
      });

      it('a discharge message reaches its receiving organisations, not the sender or an unrelated organisation', async () => {
        const ward = await a.token('toveDischarge', 'wardMedicine');
        const opened = await a.gql(
          `mutation($i: OpenDischargeProcessInput!) { openDischargeProcess(input: $i) { id } }`,
          {
            i: { personnummer: personnummerOf('ingrid'), admittedAt: new Date(Date.now() - 3_600_000).toISOString() },
          },
          ward,
        );
        expect(opened.errors).toBeUndefined();
        const ingrid = await patientId(a, 'ingrid');
        // Jönköping and Sjöbacken receive (from Ingrid's enrollment); M1 sends; Habo has nothing to do with her.
        const [cj, cs, cw, ch] = [
          connect(b, await b.token('annaNurse')),
          connect(b, await b.token('johanCoordinator')),
          connect(b, await b.token('emmaNurse')),
          connect(b, await b.token('linneaNurse')),
        ];
        const [jkpg, sjobacken, sender, habo] = [collect(cj), collect(cs), collect(cw), collect(ch)];
        await settled(cj, cs, cw, ch);

        const sent = await a.gql(
          `mutation($i: DischargeNoteInput!) { sendAdmissionNotice(input: $i) { messages { id kind } } }`,
          { i: { processId: opened.data.openDischargeProcess.id, note: 'Pneumoni.' } },
          ward,
        );
        expect(sent.errors).toBeUndefined();
        const messageId = sent.data.sendAdmissionNotice.messages.find((m: any) => m.kind === 'ADMISSION_NOTICE').id;
        const mine = (c: { events: any[] }) => c.events.filter((e) => e.kind === 'DISCHARGE_MESSAGE');
        await until(() => mine(jkpg).length > 0 && mine(sjobacken).length > 0);
        for (const receiver of [jkpg, sjobacken])
          expect(mine(receiver)).toEqual([
            { id: expect.any(String), kind: 'DISCHARGE_MESSAGE', patientId: ingrid, entityId: messageId, at: expect.any(String) },
          ]);
        await new Promise((r) => setTimeout(r, 300));
        expect(mine(sender)).toEqual([]);
        expect(habo.events).toEqual([]);
      });

      it('a handover reaches its receiving organisation and no one else', async () => {
        const esther = await patientId(a, 'esther');
        const [cs, cj, ch] = [connect(b, await b.token('johanCoordinator')), connect(b, await b.token('karinNurse')), connect(b, await b.token('linneaNurse'))];
        const [receiver, sender, habo] = [collect(cs), collect(cj), collect(ch)];
        await settled(cs, cj, ch);

        const sbar = {
          situation: 'Ökad andfåddhet.',
          background: 'Hjärtsvikt.',
          assessment: 'Möjlig vätskeansamling.',
          recommendation: 'Läkarbedömning i dag.',
        };
        const sent = await a.gql(
          `mutation($i: SendHandoverInput!) { sendHandover(input: $i) { id } }`,
          { i: { patientId: esther, receiverOrganisationId: await a.orgId('vcSjobacken'), occasion: 'CHANGE_IN_CONDITION', ...sbar } },
          await a.token('annaNurse'),
        );
        expect(sent.errors).toBeUndefined();
        const handovers = (c: { events: any[] }) => c.events.filter((e) => e.kind === 'HANDOVER');
        await until(() => handovers(receiver).length > 0);
        expect(handovers(receiver)).toEqual([
          { id: expect.any(String), kind: 'HANDOVER', patientId: esther, entityId: sent.data.sendHandover.id, at: expect.any(String) },
        ]);
        await new Promise((r) => setTimeout(r, 300));
        expect(handovers(sender)).toEqual([]);
        expect(habo.events).toEqual([]);
      });

      it('a changed SIP reaches every organisation caring for the patient, and no one else', async () => {
        const esther = await patientId(a, 'esther');
        const [plan] = await a.sql(`SELECT id, version FROM care_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
        const [cg, ch] = [connect(b, await b.token('erikGp')), connect(b, await b.token('linneaNurse'))];
        const [gp, habo] = [collect(cg), collect(ch)];
        await settled(cg, ch);

        const revised = await a.gql(
          `mutation($i: CarePlanLifecycleInput!) { reviseCarePlan(input: $i) { id hasOpenDraft } }`,
          { i: { carePlanId: plan.id, expectedVersion: plan.version } },
          await a.token('annaNurse'),
        );
        expect(revised.errors).toBeUndefined();
        const changed = (c: { events: any[] }) => c.events.filter((e) => e.kind === 'CARE_PLAN_CHANGED');
        await until(() => changed(gp).length > 0);
        expect(changed(gp)).toEqual([{ id: expect.any(String), kind: 'CARE_PLAN_CHANGED', patientId: esther, entityId: plan.id, at: expect.any(String) }]);
        await new Promise((r) => setTimeout(r, 300));
        expect(habo.events).toEqual([]);
      });

      it('refuses a connection without a valid token', async () => {
        const closed = await new Promise<number>((resolve) => {
          const c = createClient({
            url: b.url.replace('http', 'ws') + '/graphql',
            webSocketImpl: WebSocket,
            connectionParams: { authorization: 'Bearer forged' },
            retryAttempts: 0,
            lazy: false,
            onNonLazyError: () => undefined,
            on: { closed: (e) => resolve((e as { code: number }).code) },
          });
          clients.push(c);
        });
        expect(closed).toBe(4401);
      });

      it.runIf(transport === 'PostgreSQL LISTEN/NOTIFY')(
        'events published at the same moment all arrive, and a sender connection the server dropped is replaced',
        async () => {
          const esther = await patientId(a, 'esther');
          const jkpg = await a.orgId('jonkoping');
          const cn = connect(b, await b.token('annaNurse'));
          const nurse = collect(cn);
          await settled(cn);
          const warnings: string[] = [];
          const onWarning = (w: Error) => warnings.push(w.message);
          process.on('warning', onWarning);
          try {
            const bus = a.app.get(EventBus);
            const send = (entityId: string) => bus.publish({ kind: InboxEventKind.TASK_ASSIGNED, patientId: esther, entityId, organisationIds: [jkpg] });
            const burst = Array.from({ length: 12 }, () => randomUUID());
            await Promise.all(burst.map(send));
            await until(() => burst.every((id) => nurse.events.some((e) => e.entityId === id)));
            expect(nurse.events.map((e) => e.entityId).sort()).toEqual([...burst].sort());
            // Twelve concurrent notifications never asked one connection to run two queries at once.
            expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);

            // The server drops the senders' connections (a restart, a failover, an idle timeout).
            const dropped = await a.sql(
              `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
              WHERE application_name = 'esther-events' AND datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_notify%'`,
            );
            expect(dropped.length).toBeGreaterThan(0);
            await new Promise((r) => setTimeout(r, 300));
            const after = randomUUID();
            await send(after);
            await until(() => nurse.events.some((e) => e.entityId === after));
            expect(nurse.events.filter((e) => e.entityId === after)).toHaveLength(1);
            // Both instances are still serving.
            const read = `query($p: ID!) { patient(id: $p) { id } }`;
            expect((await a.gql(read, { p: esther }, await a.token('annaNurse'))).data).toEqual({ patient: { id: esther } });
            expect((await b.gql(read, { p: esther }, await b.token('annaNurse'))).data).toEqual({ patient: { id: esther } });
          } finally {
            process.off('warning', onWarning);
          }
        },
      );
    });
  });
}
