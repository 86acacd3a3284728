import type { Pool } from 'pg';
import { buildDeadlines } from '../../src/discharges/deadline-view';
import { DischargeMessageKind, DischargeStatus } from '../../src/discharges/discharge.enums';
import { DischargeAction, transition } from '../../src/discharges/state-machine';
import { RELATIONSHIP_DRIFT_SQL } from '../../test/helpers/care-relationships';

/** One rule checked on the whole database: what it says, and the rows (ids) that break it. */
export interface Check {
  name: string;
  rule: string;
  violations: string[];
}

const ids = async (db: Pool, sql: string): Promise<string[]> => (await db.query(sql)).rows.map((r: { id: unknown }) => String(r.id));

/** Every SIP version complete, numbered 1, 2, 3 … without a gap, and the plan pointing at its last. */
async function sipChecks(db: Pool): Promise<Check[]> {
  return [
    {
      name: 'SIP versions numbered without gaps',
      rule: 'the versions of every SIP are numbered 1…n, each number once',
      violations: await ids(
        db,
        `SELECT care_plan_id AS id FROM care_plan_version GROUP BY care_plan_id
          HAVING min(number) <> 1 OR max(number) <> count(*) OR count(DISTINCT number) <> count(*)`,
      ),
    },
    {
      name: 'SIP versions complete',
      rule: 'every version has its whole snapshot (reason, goals, needs, actions, participants as lists), its participants, who published it and when, and the patient of its plan',
      violations: await ids(
        db,
        `SELECT v.id FROM care_plan_version v JOIN care_plan cp ON cp.id = v.care_plan_id
          WHERE jsonb_typeof(v.snapshot) IS DISTINCT FROM 'object'
             OR NOT (v.snapshot ?& ARRAY['reason', 'goals', 'needs', 'actions', 'participants'])
             OR jsonb_typeof(v.snapshot->'goals') <> 'array' OR jsonb_typeof(v.snapshot->'needs') <> 'array'
             OR jsonb_typeof(v.snapshot->'actions') <> 'array' OR jsonb_typeof(v.snapshot->'participants') <> 'array'
             OR v.participant_organisation_ids IS NULL OR v.published_at IS NULL OR v.published_by_staff_id IS NULL
             OR v.published_by_organisation_id IS NULL OR v.patient_id <> cp.patient_id`,
      ),
    },
    {
      name: 'SIP points at its last version',
      rule: 'a SIP’s published version number is the highest of its versions (none before the first), and an ACTIVE SIP has one',
      violations: await ids(
        db,
        `SELECT cp.id FROM care_plan cp LEFT JOIN (SELECT care_plan_id, max(number) AS last FROM care_plan_version GROUP BY 1) v ON v.care_plan_id = cp.id
          WHERE cp.published_version_number IS DISTINCT FROM v.last OR (cp.status = 'ACTIVE' AND v.last IS NULL)`,
      ),
    },
  ];
}

interface ProcessRow {
  id: string;
  status: DischargeStatus;
  admitted_at: Date;
  hospital_id: string;
  municipality_id: string;
  primary_care_id: string;
  discharged_at: Date | null;
  closed_at: Date | null;
  cancelled_at: Date | null;
  medication_reconciliation_expected: boolean;
  reconciled_at: Date | null;
}
interface MessageRow {
  id: string;
  process_id: string;
  kind: DischargeMessageKind;
  sender_organisation_id: string;
  sent_at: Date;
  acknowledgement_due_at: Date;
  sip_id: string | null;
}
interface ReceiverRow {
  message_id: string;
  process_id: string;
  organisation_id: string;
  acknowledged_at: Date | null;
}
interface DeadlineRow {
  process_id: string;
  kind: string;
  message_id: string | null;
  responsible_organisation_id: string;
  due_at: Date;
  done_at: Date | null;
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

const ms = (d: Date | null) => (d ? d.getTime() : 'null');
const deadlineKey = (d: { kind: string; messageId: string | null; responsibleOrganisationId: string; dueAt: Date; doneAt: Date | null }) =>
  `${d.kind}|${d.messageId}|${d.responsibleOrganisationId}|${ms(d.dueAt)}|${ms(d.doneAt)}`;

/**
 * No half-written discharge process: every message has exactly its receivers (the two parties
 * other than the sender), the stored deadlines are what the service's own builder computes from
 * the messages and acknowledgements, and the status is where the messages lead.
 */
async function dischargeChecks(db: Pool): Promise<Check[]> {
  const [processes, messages, receivers, deadlines] = await Promise.all([
    db.query<ProcessRow>(
      `SELECT p.id, p.status, p.admitted_at, p.hospital_id, p.municipality_id, p.primary_care_id, p.discharged_at, p.closed_at, p.cancelled_at, p.medication_reconciliation_expected,
              r.recorded_at AS reconciled_at
         FROM discharge_process p LEFT JOIN medication_reconciliation r ON r.process_id = p.id`,
    ),
    db.query<MessageRow>(
      `SELECT id, process_id, kind, sender_organisation_id, sent_at, acknowledgement_due_at, sip_id FROM discharge_message ORDER BY sent_at, seq`,
    ),
    db.query<ReceiverRow>(`SELECT message_id, process_id, organisation_id, acknowledged_at FROM discharge_message_receiver`),
    db.query<DeadlineRow>(`SELECT process_id, kind, message_id, responsible_organisation_id, due_at, done_at FROM discharge_deadline`),
  ]);
  const messagesOf = groupBy(messages.rows, (m) => m.process_id);
  const receiversOf = groupBy(receivers.rows, (r) => r.message_id);
  const deadlinesOf = groupBy(deadlines.rows, (d) => d.process_id);
  const badReceivers: string[] = [];
  const badDeadlines: string[] = [];
  const badStatus: string[] = [];
  for (const p of processes.rows) {
    const msgs = messagesOf.get(p.id) ?? [];
    for (const m of msgs) {
      const expected = [p.hospital_id, p.municipality_id, p.primary_care_id].filter((o) => o !== m.sender_organisation_id).sort();
      const got = (receiversOf.get(m.id) ?? [])
        .filter((r) => r.process_id === p.id)
        .map((r) => r.organisation_id)
        .sort();
      if (expected.join() !== got.join() || (receiversOf.get(m.id)?.length ?? 0) !== got.length) badReceivers.push(m.id);
    }
    const built = buildDeadlines({
      admittedAt: p.admitted_at,
      hospitalId: p.hospital_id,
      municipalityId: p.municipality_id,
      primaryCareId: p.primary_care_id,
      dischargedAt: p.discharged_at,
      medicationReconciliation: { expected: p.medication_reconciliation_expected, recordedAt: p.reconciled_at },
      messages: msgs.map((m) => ({
        id: m.id,
        kind: m.kind,
        sentAt: m.sent_at,
        acknowledgementDueAt: m.acknowledgement_due_at,
        receivers: (receiversOf.get(m.id) ?? []).map((r) => ({ organisationId: r.organisation_id, acknowledgedAt: r.acknowledged_at })),
      })),
    })
      .map(deadlineKey)
      .sort();
    const stored = (deadlinesOf.get(p.id) ?? [])
      .map((d) =>
        deadlineKey({ kind: d.kind, messageId: d.message_id, responsibleOrganisationId: d.responsible_organisation_id, dueAt: d.due_at, doneAt: d.done_at }),
      )
      .sort();
    if (built.join('\n') !== stored.join('\n')) badDeadlines.push(p.id);
    // The status the messages lead to, replayed through the service's state machine.
    let status: DischargeStatus = DischargeStatus.ADMITTED;
    let legal = true;
    const actions: DischargeAction[] = [
      ...msgs.map((m) => m.kind),
      ...(p.closed_at ? (['CLOSE'] as const) : []),
      ...(p.cancelled_at ? (['CANCEL'] as const) : []),
    ];
    for (const a of actions) {
      const t = transition(status, a);
      if (t.allowed) status = t.next;
      else legal = false;
    }
    const discharged = status === DischargeStatus.DISCHARGED || status === DischargeStatus.CLOSED;
    if (!legal || status !== p.status || discharged !== (p.discharged_at !== null)) badStatus.push(p.id);
  }
  return [
    {
      name: 'discharge messages with their receivers',
      rule: 'every message has one receiver row for each of the two parties other than its sender',
      violations: badReceivers,
    },
    {
      name: 'SIP invitations name their SIP',
      rule: 'a SIP_INVITATION message names the SIP the invitation started or linked (set in the same transaction)',
      violations: messages.rows.filter((m) => m.kind === DischargeMessageKind.SIP_INVITATION && !m.sip_id).map((m) => m.id),
    },
    {
      name: 'discharge deadlines as the builder computes them',
      rule: 'the stored deadlines of every process equal buildDeadlines (src/discharges/deadline-view.ts) over its messages and acknowledgements',
      violations: badDeadlines,
    },
    {
      name: 'discharge status follows the messages',
      rule: 'replaying the messages (and closing, cancelling) through the state machine is legal and ends in the stored status; discharged_at is set exactly when discharged',
      violations: badStatus,
    },
  ];
}

/** The materialised care relationships equal their definition (the drift query of test/helpers/care-relationships.ts). */
async function relationshipCheck(db: Pool): Promise<Check> {
  const rows = (
    await db.query<{ expected: { organisation_id: string; patient_id: string } | null; stored: { organisation_id: string; patient_id: string } | null }>(
      RELATIONSHIP_DRIFT_SQL,
    )
  ).rows;
  return {
    name: 'care_relationship equals its sources',
    rule: 'every (organisation, patient) row of care_relationship equals the union of its sources (enrollment, care team, SIP, discharge), and none is missing',
    violations: rows.map((r) => {
      const x = r.expected ?? r.stored!;
      return `${x.organisation_id}/${x.patient_id}`;
    }),
  };
}

/** The integrity checks on a whole database (run before the load, for what the generated region already breaks, and after). */
export async function integrityChecks(db: Pool): Promise<Check[]> {
  return [...(await sipChecks(db)), ...(await dischargeChecks(db)), await relationshipCheck(db)];
}

/** What the clients were told succeeded, to be found in the database afterwards. */
export interface Answered {
  /** Request ids of answered patient-bound requests, with their label. */
  patientBound: Array<{ requestId: string; label: string }>;
  /** Versions the service said it published: (SIP id, version number). */
  published: Array<{ carePlanId: string; number: number }>;
  /** Decisions the service said it recorded. */
  decisions: string[];
}

export interface AnsweredCheck {
  label: string;
  answered: number;
  missing: number;
  samples: string[];
}

/**
 * Every answered patient-bound request has its audit rows (by request id), and every write the
 * service said it made is stored. One connection: the ids go through a temporary table.
 */
export async function answeredChecks(pool: Pool, a: Answered): Promise<AnsweredCheck[]> {
  const c = await pool.connect();
  try {
    await c.query(`CREATE TEMP TABLE soak_answered (request_id text PRIMARY KEY, label text NOT NULL) ON COMMIT PRESERVE ROWS`);
    for (let i = 0; i < a.patientBound.length; i += 20_000) {
      const chunk = a.patientBound.slice(i, i + 20_000);
      await c.query(`INSERT INTO soak_answered SELECT * FROM unnest($1::text[], $2::text[])`, [chunk.map((x) => x.requestId), chunk.map((x) => x.label)]);
    }
    const audit = (
      await c.query<{ label: string; answered: string; missing: string; samples: string[] | null }>(
        `SELECT s.label, count(*) AS answered, count(*) FILTER (WHERE l.request_id IS NULL) AS missing,
                (array_agg(s.request_id) FILTER (WHERE l.request_id IS NULL))[1:5] AS samples
           FROM soak_answered s LEFT JOIN (SELECT DISTINCT request_id FROM audit_log WHERE request_id IN (SELECT request_id FROM soak_answered)) l ON l.request_id = s.request_id
          GROUP BY s.label ORDER BY s.label`,
      )
    ).rows.map((r) => ({ label: `audit rows of ${r.label}`, answered: Number(r.answered), missing: Number(r.missing), samples: r.samples ?? [] }));
    await c.query(`DROP TABLE soak_answered`);
    const published = (
      await c.query<{ id: string }>(
        `SELECT x.plan || ' v' || x.n AS id FROM unnest($1::uuid[], $2::int[]) x(plan, n)
          WHERE NOT EXISTS (SELECT 1 FROM care_plan_version v WHERE v.care_plan_id = x.plan AND v.number = x.n)`,
        [a.published.map((p) => p.carePlanId), a.published.map((p) => p.number)],
      )
    ).rows.map((r) => r.id);
    const decisions = (
      await c.query<{ id: string }>(`SELECT x.id FROM unnest($1::uuid[]) x(id) WHERE NOT EXISTS (SELECT 1 FROM round_decision d WHERE d.id = x.id)`, [
        a.decisions,
      ])
    ).rows.map((r) => r.id);
    return [
      ...audit,
      { label: 'published SIP versions stored', answered: a.published.length, missing: published.length, samples: published.slice(0, 5) },
      { label: 'recorded round decisions stored', answered: a.decisions.length, missing: decisions.length, samples: decisions.slice(0, 5) },
    ];
  } finally {
    c.release();
  }
}

/** A write the service did not answer with success: an error, or no answer at all (the instance died, the connection was cut). */
export interface FailedWrite {
  label: string;
  outcome: string;
  variables: Record<string, unknown>;
  /** The organisation of the actor (whose acknowledgement). */
  organisationId: string | null;
}

export interface FailedWriteFate {
  label: string;
  outcome: string;
  failed: number;
  /** Stored anyway: the client was told it failed, or was told nothing, but the change is in the database. */
  committed: number;
}

/**
 * What became of the writes that failed: a SIP published (the plan left the revision or moved on
 * from the version the request expected), a message acknowledged by the actor's organisation, a
 * decision recorded on the agenda item, a round completed. (A message acknowledged and later made
 * unacknowledged again by the pool would read as not stored: rare, the pool picks at random.)
 */
/** Is the change a write asked for in the database (by whoever made it)? */
async function stored(db: Pool, w: Pick<FailedWrite, 'label' | 'variables' | 'organisationId'>): Promise<boolean> {
  const input = (w.variables.input ?? {}) as Record<string, string | number>;
  const sql: Record<string, [string, unknown[]]> = {
    'publish SIP': [`SELECT 1 FROM care_plan WHERE id = $1 AND (NOT draft_open OR version <> $2)`, [input.carePlanId, input.expectedVersion]],
    acknowledge: [
      `SELECT 1 FROM discharge_message_receiver WHERE message_id = $1 AND organisation_id = $2 AND acknowledged_at IS NOT NULL`,
      [w.variables.messageId, w.organisationId],
    ],
    'round decision': [`SELECT 1 FROM round_decision WHERE agenda_item_id = $1`, [input.itemId]],
    'complete round': [`SELECT 1 FROM round WHERE id = $1 AND status = 'COMPLETED'`, [input.roundId]],
  };
  const q = sql[w.label];
  return q ? ((await db.query(q[0], q[1])).rowCount ?? 0) > 0 : false;
}

export async function failedWriteFates(db: Pool, failed: FailedWrite[]): Promise<FailedWriteFate[]> {
  const committed = (w: FailedWrite) => stored(db, w);
  const fates = new Map<string, FailedWriteFate>();
  for (const w of failed) {
    const key = `${w.label}|${w.outcome}`;
    const f = fates.get(key) ?? { label: w.label, outcome: w.outcome, failed: 0, committed: 0 };
    f.failed++;
    if (await committed(w)) f.committed++;
    fates.set(key, f);
  }
  return [...fates.values()].sort((a, b) => a.label.localeCompare(b.label) || a.outcome.localeCompare(b.outcome));
}

/** A write the load sent (one per intended change, whatever its retries): its idempotency key and what it changes. */
export interface WriteIntent {
  label: string;
  key: string;
  /** The SIP, the agenda item, the message (with the acknowledging organisation) or the round. */
  target: string;
}

/** The target of a write, from its GraphQL variables (and, for an acknowledgement, the actor's organisation). */
export function writeTarget(label: string, variables: Record<string, unknown>, organisationId: string | null): string {
  const input = (variables.input ?? {}) as Record<string, unknown>;
  if (label === 'publish SIP') return String(input.carePlanId);
  if (label === 'round decision') return String(input.itemId);
  if (label === 'complete round') return String(input.roundId);
  return `${String(variables.messageId)}/${organisationId}`;
}

/**
 * Per kind of write, by SQL: the writes sent, their idempotency keys stored (one per committed
 * request), the changes stored, and changes stored twice (more than one per write sent).
 */
export interface WriteLedger {
  label: string;
  sent: number;
  /** Keys of these writes in idempotency_key: one per request that committed. */
  keys: number;
  /** Changes found: SIP versions published since the phase began (of the SIPs written), decisions on the agenda items written, rounds completed; null where the state does not keep a count (acknowledgements: the pool reopens them). */
  changes: number | null;
  /** Changes beyond one per write sent (SIP versions, decisions on an item); null where the schema allows only one (say so in `rule`). */
  twice: number | null;
  rule: string;
  samples: string[];
}

/** The writes' ledger (see WriteLedger); `since`: when the phase began, by the database's clock. */
export async function writeLedger(db: Pool, intents: WriteIntent[], since: Date): Promise<WriteLedger[]> {
  const byLabel = new Map<string, WriteIntent[]>();
  for (const w of intents) byLabel.set(w.label, [...(byLabel.get(w.label) ?? []), w]);
  const out: WriteLedger[] = [];
  for (const [label, ws] of [...byLabel].sort((a, b) => a[0].localeCompare(b[0]))) {
    const keys = Number((await db.query(`SELECT count(*) AS n FROM idempotency_key WHERE key = ANY ($1::text[])`, [ws.map((w) => w.key)])).rows[0].n);
    const perTarget = new Map<string, number>();
    for (const w of ws) perTarget.set(w.target, (perTarget.get(w.target) ?? 0) + 1);
    const targets = [...perTarget.keys()];
    const counted = async (sql: string): Promise<Map<string, number>> =>
      new Map((await db.query<{ id: string; n: string }>(sql, [targets, since])).rows.map((r) => [String(r.id), Number(r.n)]));
    let found: Map<string, number> | null;
    let rule: string;
    if (label === 'publish SIP') {
      found = await counted(
        `SELECT care_plan_id AS id, count(*) AS n FROM care_plan_version WHERE care_plan_id = ANY ($1::uuid[]) AND published_at >= $2 GROUP BY 1`,
      );
      rule =
        'SIP versions published since the phase began, at most one per publish sent for that SIP (a second publish of one revision is refused by its expected version)';
    } else if (label === 'round decision') {
      found = await counted(
        `SELECT agenda_item_id AS id, count(*) AS n FROM round_decision WHERE agenda_item_id = ANY ($1::uuid[]) AND decided_at >= $2 GROUP BY 1`,
      );
      rule = 'decisions on each agenda item the load decided, at most one per decision sent (nothing else stops a second decision on an item)';
    } else if (label === 'complete round') {
      const done = await counted(`SELECT id, 1 AS n FROM round WHERE id = ANY ($1::uuid[]) AND status = 'COMPLETED' AND completed_at >= $2`);
      out.push({ label, sent: ws.length, keys, changes: done.size, twice: null, rule: 'a round is completed once (its status)', samples: [] });
      continue;
    } else {
      const pairs = targets.map((t) => t.split('/'));
      const twice = (
        await db.query<{ id: string }>(
          `SELECT r.message_id || '/' || r.organisation_id AS id FROM discharge_message_receiver r JOIN unnest($1::uuid[], $2::uuid[]) x(m, o) ON r.message_id = x.m AND r.organisation_id = x.o
            GROUP BY 1 HAVING count(*) > 1`,
          [pairs.map((p) => p[0]), pairs.map((p) => (p[1] === 'null' ? null : p[1]))],
        )
      ).rows.map((r) => r.id);
      out.push({
        label,
        sent: ws.length,
        keys,
        changes: null,
        twice: twice.length,
        rule: 'one receiver row per message and organisation (uq_discharge_receiver) holds one acknowledgement; a second is refused CONFLICT',
        samples: twice.slice(0, 5),
      });
      continue;
    }
    const extra = [...found].filter(([id, n]) => n > (perTarget.get(id) ?? 0));
    out.push({
      label,
      sent: ws.length,
      keys,
      changes: [...found.values()].reduce((a, b) => a + b, 0),
      twice: extra.reduce((a, [id, n]) => a + n - (perTarget.get(id) ?? 0), 0),
      rule,
      samples: extra.slice(0, 5).map(([id, n]) => `${id} ×${n}`),
    });
  }
  return out;
}

/** A write cut off on the transport and retried with the same key (bench/lib/soak-driver.ts CutOffWrite), as the checks need it. */
export interface RetriedWrite {
  label: string;
  key: string;
  variables: Record<string, unknown>;
  organisationId: string | null;
  /** Request id of the first request (its audit rows are under it if it committed). */
  requestId: string;
  /** Wall-clock ms when the first retry was sent (a key claimed by a transaction that began before it is the first request's). */
  firstRetryWall: number | null;
  result: 'replayed' | 'applied-409' | 'fresh' | 'refused' | 'unreached';
  /** The last retry's answer. */
  last: string;
}

/**
 * What became of the writes cut off on the transport, per kind: whether the first request
 * committed (its idempotency key was claimed by a transaction that began before the first retry
 * was sent: SQL on idempotency_key), and if it did, whether the client learned so from its retry
 * (the first answer replayed, or CONFLICT 409 `applied`); if it did not, whether the retry applied
 * it. "Unanswered" is a committed write the client was never told about.
 */
export interface CutOffFate {
  label: string;
  cutOff: number;
  /** The first request committed (stored anyway). */
  committed: number;
  /** …and the retry answered with its stored answer (`Idempotent-Replayed: true`). */
  replayed: number;
  /** …and the retry answered CONFLICT 409 `applied: true`. */
  applied409: number;
  /** …and the retry did not say so: it applied the write again, was refused otherwise, or never got through. */
  unanswered: number;
  /** The first did not commit and the retry applied the write. */
  fresh: number;
  /** The first did not commit and the retry did not apply it (refused: the last answer; or unreached). */
  notApplied: number;
  /** The change is in the database afterwards (state, whoever made it). */
  storedAfter: number;
  /** First requests that committed without their audit row (by request id; completing a round has none). */
  auditMissing: number;
  /** Keys with a problem: unanswered, or inconsistent (the retry said applied but no key before it). */
  samples: string[];
  /** How the retries that did not settle ended. */
  other: Record<string, number>;
}

export async function cutOffFates(db: Pool, retried: RetriedWrite[]): Promise<CutOffFate[]> {
  if (!retried.length) return [];
  const claimed = new Map(
    (
      await db.query<{ key: string; at: string }>(
        `SELECT key, (extract(epoch FROM created_at) * 1000)::float8 AS at FROM idempotency_key WHERE key = ANY ($1::text[])`,
        [retried.map((w) => w.key)],
      )
    ).rows.map((r) => [r.key, Number(r.at)]),
  );
  const audited = new Set(
    (
      await db.query<{ request_id: string }>(`SELECT DISTINCT request_id FROM audit_log WHERE request_id = ANY ($1::text[])`, [retried.map((w) => w.requestId)])
    ).rows.map((r) => r.request_id),
  );
  const fates = new Map<string, CutOffFate>();
  for (const w of retried) {
    const f = fates.get(w.label) ?? {
      label: w.label,
      cutOff: 0,
      committed: 0,
      replayed: 0,
      applied409: 0,
      unanswered: 0,
      fresh: 0,
      notApplied: 0,
      storedAfter: 0,
      auditMissing: 0,
      samples: [],
      other: {},
    };
    fates.set(w.label, f);
    f.cutOff++;
    const at = claimed.get(w.key);
    const firstCommitted = at !== undefined && (w.firstRetryWall === null || at < w.firstRetryWall);
    if (await stored(db, w)) f.storedAfter++;
    if (firstCommitted) {
      f.committed++;
      if (w.result === 'replayed') f.replayed++;
      else if (w.result === 'applied-409') f.applied409++;
      else {
        f.unanswered++;
        if (f.samples.length < 5) f.samples.push(`${w.key} (${w.result}: ${w.last})`);
      }
      if (w.label !== 'complete round' && !audited.has(w.requestId)) f.auditMissing++;
    } else if (w.result === 'fresh') f.fresh++;
    else {
      f.notApplied++;
      if (w.result === 'replayed' || w.result === 'applied-409') {
        if (f.samples.length < 5) f.samples.push(`${w.key} (${w.result}, but no key claimed before the retry)`);
      } else f.other[`${w.result}: ${w.last}`] = (f.other[`${w.result}: ${w.last}`] ?? 0) + 1;
    }
  }
  return [...fates.values()].sort((a, b) => a.label.localeCompare(b.label));
}
