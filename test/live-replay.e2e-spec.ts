import { createClient, Client } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { EventBus } from '../src/events/event-bus';
import { LiveEventsScheduler } from '../src/events/deadline-watch';
import { InboxEventKind, InboxEventMessage } from '../src/events/inbox-event';
import { DemoStaffKey } from '../src/demo/region';
import { withDatabase } from '../src/database/embedded-postgres';
import { patientId } from './helpers/patients';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * The live inbox without gaps (docs/LIVE-EVENTS.md): events numbered per organisation, replay after
 * a reconnect within the window, the same access rule on replay as live, and deadline events raised
 * once by the leader of several instances. Two instances share one database throughout.
 */

const SUB = `subscription($after: Int) { inboxEvents(after: $after) { number id kind patientId entityId at } }`;
const MAX = 20;

let a: TestApp;
let b: TestApp;
const clients: Client[] = [];

interface Sub {
  client: Client;
  events: any[];
  errors: unknown[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (cond: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(25);
  return cond();
};

/** A graphql-ws subscriber on `app`, acting as `staff`, optionally resuming after a number. */
async function subscribe(app: TestApp, staff: DemoStaffKey, after?: number, settle = 400): Promise<Sub> {
  let ready!: () => void;
  const opened = new Promise<void>((r) => (ready = r));
  const token = await app.token(staff);
  const client = createClient({
    url: app.url.replace('http', 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { connected: () => ready(), closed: () => ready() },
  });
  clients.push(client);
  const s: Sub = { client, events: [], errors: [] };
  client.subscribe(
    { query: SUB, variables: after === undefined ? {} : { after } },
    { next: (v) => (v.errors ? s.errors.push(...v.errors) : s.events.push(v.data?.inboxEvents)), error: (e) => s.errors.push(e), complete: () => undefined },
  );
  await opened;
  await sleep(settle); // the subscription registers on the server
  return s;
}

async function disconnect(s: Sub): Promise<void> {
  await s.client.dispose();
}

/** Publishes an event (as a capability does, after its commit) and returns its entity id. */
async function publish(app: TestApp, event: Partial<Omit<InboxEventMessage, 'id' | 'at'>> & { organisationIds?: string[] }): Promise<string> {
  const entityId = event.entityId ?? randomUUID();
  await app.app.get(EventBus).publish({ kind: InboxEventKind.TASK_ASSIGNED, patientId: null, ...event, entityId });
  return entityId;
}

/** A statement on the server's `postgres` database (a database cannot refuse connections to itself). */
async function admin(sql: string, params?: unknown[]): Promise<any[]> {
  const c = new PgClient({ connectionString: withDatabase(a.dbUrl, 'postgres') });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

const last = async (org: string) => Number((await a.sql(`SELECT last_number FROM inbox_event_counter WHERE organisation_id = $1`, [org]))[0]?.last_number ?? 0);
const numbersOf = (s: Sub) => s.events.map((e) => e.number);
const contiguous = (ns: number[]) => ns.every((n, i) => i === 0 || n === ns[i - 1] + 1);

let esther: string;
let sven: string;
let jkpg: string;
let habo: string;
let sjobacken: string;

beforeAll(async () => {
  const env = { INBOX_REPLAY_MAX_EVENTS: String(MAX) };
  a = await startTestApp(env);
  b = await startTestApp(env, { databaseOf: a });
  [esther, sven, jkpg, habo, sjobacken] = await Promise.all([
    patientId(a, 'esther'),
    patientId(a, 'sven'),
    a.orgId('jonkoping'),
    a.orgId('habo'),
    a.orgId('vcSjobacken'),
  ]);
});

afterAll(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.dispose()));
  await b.close();
  await a.close();
});

describe('events numbered per organisation, replayed after a reconnect', () => {
  it('a subscriber that reconnects with its last number gets exactly the events it missed, in order, then new ones, without duplicates', async () => {
    const first = await subscribe(b, 'annaNurse');
    const e1 = await publish(a, { patientId: esther, organisationIds: [jkpg] });
    expect(await until(() => first.events.length === 1)).toBe(true);
    expect(first.events[0]).toMatchObject({ kind: 'TASK_ASSIGNED', entityId: e1, patientId: esther, number: await last(jkpg) });
    const seen = first.events[0].number as number;
    await disconnect(first);

    // Missed while away: three events (published on either instance).
    const missed = [
      await publish(a, { patientId: esther, organisationIds: [jkpg] }),
      await publish(b, { patientId: esther, organisationIds: [jkpg] }),
      await publish(a, { patientId: esther, organisationIds: [jkpg] }),
    ];
    const again = await subscribe(b, 'annaNurse', seen);
    expect(await until(() => again.events.length === 3)).toBe(true);
    expect(again.events.map((e) => e.entityId)).toEqual(missed);
    expect(numbersOf(again)).toEqual([seen + 1, seen + 2, seen + 3]);
    // Then new ones, continuing the sequence.
    const next = await publish(a, { patientId: esther, organisationIds: [jkpg] });
    expect(await until(() => again.events.length === 4)).toBe(true);
    await sleep(300);
    expect(again.events.map((e) => e.entityId)).toEqual([...missed, next]);
    expect(numbersOf(again)).toEqual([seen + 1, seen + 2, seen + 3, seen + 4]);
    expect(again.errors).toEqual([]);
    // Replayed deliveries are logged like live ones, marked as replayed.
    const logged = await a.sql(
      `SELECT details->>'entityId' AS entity, details->>'replayed' AS replayed FROM audit_log WHERE operation = 'inboxEvents' AND staff_id = $1 AND details->>'entityId' = ANY($2)`,
      [await a.staffId('annaNurse'), [...missed, next]],
    );
    expect(
      logged
        .filter((r) => r.replayed === 'true')
        .map((r) => r.entity)
        .sort(),
    ).toEqual([...missed].sort());
  });

  it('events published while the subscriber reconnects are neither lost nor doubled at the switch-over', async () => {
    const start = await last(jkpg);
    const published: string[] = [];
    // Publishing goes on, on both instances, before, during and after the subscription starts.
    let stop = false;
    const publisher = (async () => {
      for (let i = 0; !stop && i < 60; i++) published.push(await publish(i % 2 ? a : b, { patientId: esther, organisationIds: [jkpg] }));
    })();
    await sleep(30);
    const s = await subscribe(a, 'karinNurse', start, 0);
    await sleep(300);
    stop = true;
    await publisher;
    expect(await until(() => s.events.length === published.length)).toBe(true);
    await sleep(300);
    expect(s.events.map((e) => e.entityId)).toEqual(published);
    expect(numbersOf(s)).toEqual(published.map((_, i) => start + i + 1));
  });

  it('numbers are gap-free per organisation when many events are published at once on both instances, also for several organisations at a time', async () => {
    const [j0, s0] = [await last(jkpg), await last(sjobacken)];
    const jn = await subscribe(b, 'annaNurse', j0);
    const jo = await subscribe(a, 'johanCoordinator', s0);
    // Half for Jönköping alone, half for Jönköping and Sjöbacken: counters are locked in one order.
    const sent = await Promise.all(
      Array.from({ length: 40 }, (_, i) => publish(i % 2 ? a : b, { patientId: esther, organisationIds: i % 4 < 2 ? [jkpg] : [sjobacken, jkpg] })),
    );
    const stored = await a.sql<{ organisation_id: string; number: string }>(
      `SELECT organisation_id, number FROM inbox_event WHERE entity_id = ANY($1) ORDER BY organisation_id, number`,
      [sent],
    );
    const jNumbers = stored.filter((r) => r.organisation_id === jkpg).map((r) => Number(r.number));
    const sNumbers = stored.filter((r) => r.organisation_id === sjobacken).map((r) => Number(r.number));
    expect(jNumbers).toEqual(Array.from({ length: 40 }, (_, i) => j0 + i + 1));
    expect(sNumbers).toEqual(Array.from({ length: 20 }, (_, i) => s0 + i + 1));
    expect(await last(jkpg)).toBe(j0 + 40);
    // Each subscriber gets its organisation's events once each, in order, whatever order the notifications came in.
    expect(await until(() => jn.events.length === 40 && jo.events.length === 20)).toBe(true);
    await sleep(300);
    expect(numbersOf(jn)).toEqual(jNumbers);
    expect(numbersOf(jo)).toEqual(sNumbers);
    expect(new Set(jn.events.map((e) => e.entityId)).size).toBe(40);
  });

  it('a notification that never arrived is read from the table when the next number shows the gap', async () => {
    const s = await subscribe(b, 'annaNurse');
    // Stored and numbered, but never announced (as if the notification was lost).
    const lost = randomUUID();
    const ds = a.ds;
    await ds.transaction((m) =>
      a.app.get(EventBus).record(m, { kind: InboxEventKind.TASK_ASSIGNED, patientId: esther, entityId: lost, organisationIds: [jkpg] }),
    );
    const next = await publish(a, { patientId: esther, organisationIds: [jkpg] });
    expect(await until(() => s.events.length === 2)).toBe(true);
    expect(s.events.map((e) => e.entityId)).toEqual([lost, next]);
    expect(contiguous(numbersOf(s))).toBe(true);
  });
});

describe('when the event bus was away', () => {
  it('a subscriber is sent what was published meanwhile as soon as the bus is back, without waiting for the next event', async () => {
    const s = await subscribe(b, 'annaNurse');
    const db = new URL(a.dbUrl).pathname.slice(1);
    const busB = b.app.get(EventBus);
    await a.sql('SELECT 1'); // a warm pool connection on A for the publish below
    await admin(`ALTER DATABASE ${db} ALLOW_CONNECTIONS false`);
    let missed: string;
    try {
      // B's listener is dropped and cannot come back; A still publishes through its open connections.
      const before = busB.connectionState().outages;
      const dropped = await admin(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND application_name = 'esther-events' AND query LIKE 'LISTEN%'`,
        [db],
      );
      expect(dropped.length).toBeGreaterThan(0); // A's and B's listeners
      expect(await until(() => busB.connectionState().outages > before && busB.connectionState().status === 'reconnecting', 5000)).toBe(true);
      missed = await publish(a, { patientId: esther, organisationIds: [jkpg] });
      expect((await a.sql(`SELECT 1 FROM inbox_event WHERE entity_id = $1`, [missed])).length).toBe(1);
      await sleep(300);
      expect(s.events).toEqual([]);
    } finally {
      await admin(`ALTER DATABASE ${db} ALLOW_CONNECTIONS true`);
    }
    expect(await until(() => busB.connectionState().status === 'connected', 15_000)).toBe(true);
    expect(await until(() => s.events.length === 1, 5000)).toBe(true);
    expect(s.events[0]).toMatchObject({ entityId: missed!, number: await last(jkpg) });
  });
});

describe('the replay window', () => {
  it('an `after` whose next events are older than the window gets RELOAD_INBOX first, then new events', async () => {
    const before = await last(jkpg);
    await publish(a, { patientId: esther, organisationIds: [jkpg] });
    await publish(a, { patientId: esther, organisationIds: [jkpg] });
    // Those two are now eight days old: beyond the 7-day window.
    await a.sql(`UPDATE inbox_event SET created_at = now() - interval '8 days' WHERE organisation_id = $1 AND number > $2`, [jkpg, before]);
    const s = await subscribe(b, 'annaNurse', before);
    expect(await until(() => s.events.length === 1)).toBe(true);
    expect(s.events[0]).toMatchObject({ kind: 'RELOAD_INBOX', patientId: null, entityId: jkpg, number: before + 2 });
    const next = await publish(a, { patientId: esther, organisationIds: [jkpg] });
    expect(await until(() => s.events.length === 2)).toBe(true);
    expect(s.events[1]).toMatchObject({ entityId: next, number: before + 3 });

    // Pruning (the leader's job) deletes them; the counter stays, so numbers continue.
    const pruned = await a.app.get(LiveEventsScheduler).pruneOnce();
    expect(pruned).toMatchObject({ outcome: 'ran' });
    expect(await a.sql(`SELECT 1 FROM inbox_event WHERE organisation_id = $1 AND number IN ($2, $3)`, [jkpg, before + 1, before + 2])).toEqual([]);
    expect(await last(jkpg)).toBe(before + 3);
    const old = await subscribe(a, 'karinNurse', before);
    expect(await until(() => old.events.length === 1)).toBe(true);
    expect(old.events[0]).toMatchObject({ kind: 'RELOAD_INBOX', number: before + 3 });
  });

  it('more missed events than the maximum, or a number the organisation never had, get RELOAD_INBOX', async () => {
    const before = await last(jkpg);
    for (let i = 0; i <= MAX; i++) await publish(a, { patientId: esther, organisationIds: [jkpg] });
    const tooMany = await subscribe(b, 'annaNurse', before);
    expect(await until(() => tooMany.events.length === 1)).toBe(true);
    await sleep(300);
    expect(tooMany.events).toEqual([expect.objectContaining({ kind: 'RELOAD_INBOX', number: before + MAX + 1 })]);

    const exactly = await subscribe(b, 'annaNurse', before + 1);
    expect(await until(() => exactly.events.length === MAX)).toBe(true);
    expect(numbersOf(exactly)).toEqual(Array.from({ length: MAX }, (_, i) => before + 2 + i));

    const future = await subscribe(b, 'annaNurse', before + 1000);
    expect(await until(() => future.events.length === 1)).toBe(true);
    expect(future.events[0]).toMatchObject({ kind: 'RELOAD_INBOX', number: before + MAX + 1 });
  });

  it('a negative `after` is refused', async () => {
    const s = await subscribe(b, 'annaNurse', -1);
    expect(await until(() => s.errors.length > 0, 5000)).toBe(true);
    expect(JSON.stringify(s.errors)).toMatch(/BAD_USER_INPUT|after/);
    expect(s.events).toEqual([]);
  });
});

describe('replay applies the live access rule', () => {
  it('another organisation’s events are never replayed; an event about a patient the subscriber may not read is not replayed either', async () => {
    const h0 = await last(habo);
    const forJkpg = await publish(a, { patientId: esther, organisationIds: [jkpg] });
    // Addressed to Habo, about Esther, whom Habo does not care for: stored for Habo, never sent.
    const unreadable = await publish(a, { patientId: esther, organisationIds: [habo] });
    const noPatient = await publish(a, { patientId: null, organisationIds: [habo] });
    const s = await subscribe(b, 'linneaNurse', h0);
    expect(await until(() => s.events.length === 1)).toBe(true);
    await sleep(400);
    expect(s.events.map((e) => e.entityId)).toEqual([noPatient]);
    expect(s.events[0].number).toBe(h0 + 2);
    expect(s.events.some((e) => e.entityId === forJkpg || e.entityId === unreadable)).toBe(false);
  });

  it('an event for another role of the organisation is skipped, and the sequence goes on', async () => {
    const before = await last(jkpg);
    const forRehab = await publish(a, { patientId: esther, organisationRole: { organisationId: jkpg, role: 'REHAB' } });
    const forAll = await publish(a, { patientId: esther, organisationIds: [jkpg] });
    const nurse = await subscribe(b, 'annaNurse', before);
    const rehab = await subscribe(b, 'omarRehab', before);
    expect(await until(() => nurse.events.length === 1 && rehab.events.length === 2)).toBe(true);
    expect(nurse.events).toEqual([expect.objectContaining({ entityId: forAll, number: before + 2 })]);
    expect(rehab.events.map((e) => e.entityId)).toEqual([forRehab, forAll]);
  });

  it('an event from a care relationship that has since ended is not replayed', async () => {
    const tove = await a.token('toveDischarge');
    const h0 = await last(habo);
    const added = await a.gql(
      `mutation($i: AddCareTeamMemberInput!) { addCareTeamMember(input: $i) { id } }`,
      { i: { patientId: sven, organisationId: habo, reason: 'Korttidsplats i Habo' } },
      tove,
    );
    expect(added.errors).toBeUndefined();
    const member = added.data.addCareTeamMember.id;
    // While Habo cares for Sven it is sent the event live.
    const live = await subscribe(b, 'linneaNurse', h0);
    expect(await until(() => live.events.some((e) => e.entityId === member))).toBe(true);
    expect(live.events).toEqual([expect.objectContaining({ kind: 'CARE_TEAM_CHANGED', entityId: member, number: h0 + 1, patientId: sven })]);
    await disconnect(live);

    const removed = await a.gql(
      `mutation($i: RemoveCareTeamMemberInput!) { removeCareTeamMember(input: $i) { id } }`,
      { i: { memberId: member, reason: 'Hemgång' } },
      tove,
    );
    expect(removed.errors).toBeUndefined();
    // Reconnecting from before it: the relationship has ended, so nothing about Sven is replayed.
    const later = await subscribe(b, 'linneaNurse', h0);
    await sleep(600);
    expect(later.events).toEqual([]);
    expect(later.errors).toEqual([]);
  });
});

describe('deadline events, with the watcher running on two instances', () => {
  let c: TestApp;
  let d: TestApp;
  beforeAll(async () => {
    const env = { DEADLINE_WATCH_INTERVAL_SECONDS: '1' };
    c = await startTestApp(env, { databaseOf: a });
    d = await startTestApp(env, { databaseOf: a });
  });
  afterAll(async () => {
    await Promise.allSettled([c?.close(), d?.close()]);
  });

  const SBAR = { situation: 'Ökad andfåddhet.', background: 'Hjärtsvikt.', assessment: 'Möjlig vätskeansamling.', recommendation: 'Läkarbedömning i dag.' };
  async function handover(): Promise<string> {
    const res = await a.gql(
      `mutation($i: SendHandoverInput!) { sendHandover(input: $i) { id } }`,
      { i: { patientId: esther, receiverOrganisationId: sjobacken, occasion: 'CHANGE_IN_CONDITION', ...SBAR } },
      await a.token('annaNurse'),
    );
    expect(res.errors).toBeUndefined();
    return res.data.sendHandover.id;
  }
  const overdue = (s: Sub, id: string) => s.events.filter((e) => e.kind === 'HANDOVER_ACKNOWLEDGEMENT_OVERDUE' && e.entityId === id);

  it('a handover not acknowledged in time raises one event to the receiver, however many instances watch', async () => {
    const johan = await subscribe(c, 'johanCoordinator');
    const other = await subscribe(d, 'sofiaNurse');
    const id = await handover();
    // Not yet due: nothing.
    await sleep(1500);
    expect(overdue(johan, id)).toEqual([]);
    await a.sql(`UPDATE handover SET acknowledgement_due_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    expect(await until(() => overdue(johan, id).length > 0, 10_000)).toBe(true);
    await sleep(3000); // several more ticks on both instances
    expect(overdue(johan, id)).toEqual([expect.objectContaining({ patientId: esther, number: expect.any(Number) })]);
    expect(await until(() => overdue(other, id).length > 0, 3000)).toBe(true);
    expect(overdue(other, id)).toHaveLength(1);
    expect(await a.sql(`SELECT organisation_id FROM inbox_deadline_raised WHERE kind = 'handoverAcknowledgement' AND record_id = $1`, [id])).toEqual([
      { organisation_id: sjobacken },
    ]);
    expect(await a.sql(`SELECT organisation_id FROM inbox_event WHERE entity_id = $1 AND kind = 'HANDOVER_ACKNOWLEDGEMENT_OVERDUE'`, [id])).toEqual([
      { organisation_id: sjobacken },
    ]);
    // Exactly one instance leads.
    expect([c, d].map((x) => x.app.get(LiveEventsScheduler).watching).filter(Boolean)).toHaveLength(1);
    // An acknowledged handover raises nothing.
    const acked = await handover();
    await a.sql(`UPDATE handover SET acknowledgement_due_at = now() - interval '1 minute', acknowledged_at = now() WHERE id = $1`, [acked]);
    await sleep(2500);
    expect(overdue(johan, acked)).toEqual([]);
  });

  it('two sweeps at the same moment (two leaders by accident) still raise one event; an overdue task and its organisation too', async () => {
    const id = await handover();
    const [task] = await a.sql(`SELECT id, assignee_organisation_id AS org FROM task WHERE status = 'OPEN' ORDER BY id LIMIT 1`);
    // Stop the schedule on both; drive the sweeps by hand, both at once, without the lock.
    for (const x of [c, d]) await x.app.get(LiveEventsScheduler).onApplicationShutdown();
    await a.sql(`UPDATE handover SET acknowledgement_due_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    await a.sql(`UPDATE task SET due_date = (now() AT TIME ZONE 'Europe/Stockholm')::date - 1 WHERE id = $1`, [task.id]);
    const counts = await Promise.all([c, d, c, d].map((x) => x.app.get(LiveEventsScheduler).sweep()));
    expect(counts.reduce((s, n) => s + n, 0)).toBeGreaterThanOrEqual(2);
    const events = await a.sql(`SELECT entity_id, kind, organisation_id FROM inbox_event WHERE entity_id = ANY($1) AND kind LIKE '%OVERDUE' ORDER BY kind`, [
      [id, task.id],
    ]);
    expect(events).toEqual([
      { entity_id: id, kind: 'HANDOVER_ACKNOWLEDGEMENT_OVERDUE', organisation_id: sjobacken },
      { entity_id: task.id, kind: 'TASK_OVERDUE', organisation_id: task.org },
    ]);
    // A SIP invitation not sent in time: to the primary care centre responsible, while the process is open.
    const [proc] = await a.sql(`SELECT id, patient_id, primary_care_id FROM discharge_process WHERE status NOT IN ('CLOSED', 'CANCELLED') ORDER BY id LIMIT 1`);
    await a.sql(`DELETE FROM discharge_deadline WHERE process_id = $1 AND kind = 'SIP_INVITATION'`, [proc.id]);
    await a.sql(
      `INSERT INTO discharge_deadline (process_id, kind, responsible_organisation_id, due_at) VALUES ($1, 'SIP_INVITATION', $2, now() - interval '5 minutes')`,
      [proc.id, proc.primary_care_id],
    );
    await Promise.all([c, d].map((x) => x.app.get(LiveEventsScheduler).sweep()));
    expect(await a.sql(`SELECT kind, organisation_id, patient_id FROM inbox_event WHERE entity_id = $1 AND kind LIKE '%OVERDUE'`, [proc.id])).toEqual([
      { kind: 'SIP_INVITATION_OVERDUE', organisation_id: proc.primary_care_id, patient_id: proc.patient_id },
    ]);
    // A later sweep finds nothing new for them.
    await c.app.get(LiveEventsScheduler).sweep();
    expect(await a.sql(`SELECT 1 FROM inbox_event WHERE entity_id = ANY($1) AND kind LIKE '%OVERDUE'`, [[id, task.id, proc.id]])).toHaveLength(3);
  });
});
