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
    db.query<ProcessRow>(`SELECT id, status, admitted_at, hospital_id, municipality_id, primary_care_id, discharged_at, closed_at, cancelled_at FROM discharge_process`),
    db.query<MessageRow>(`SELECT id, process_id, kind, sender_organisation_id, sent_at, acknowledgement_due_at, sip_id FROM discharge_message ORDER BY sent_at, seq`),
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
      const got = (receiversOf.get(m.id) ?? []).filter((r) => r.process_id === p.id).map((r) => r.organisation_id).sort();
      if (expected.join() !== got.join() || (receiversOf.get(m.id)?.length ?? 0) !== got.length) badReceivers.push(m.id);
    }
    const built = buildDeadlines({
      admittedAt: p.admitted_at,
      hospitalId: p.hospital_id,
      primaryCareId: p.primary_care_id,
      messages: msgs.map((m) => ({ id: m.id, kind: m.kind, sentAt: m.sent_at, acknowledgementDueAt: m.acknowledgement_due_at, receivers: (receiversOf.get(m.id) ?? []).map((r) => ({ organisationId: r.organisation_id, acknowledgedAt: r.acknowledged_at })) })),
    })
      .map(deadlineKey)
      .sort();
    const stored = (deadlinesOf.get(p.id) ?? [])
      .map((d) => deadlineKey({ kind: d.kind, messageId: d.message_id, responsibleOrganisationId: d.responsible_organisation_id, dueAt: d.due_at, doneAt: d.done_at }))
      .sort();
    if (built.join('\n') !== stored.join('\n')) badDeadlines.push(p.id);
    // The status the messages lead to, replayed through the service's state machine.
    let status: DischargeStatus = DischargeStatus.ADMITTED;
    let legal = true;
    const actions: DischargeAction[] = [...msgs.map((m) => m.kind), ...(p.closed_at ? (['CLOSE'] as const) : []), ...(p.cancelled_at ? (['CANCEL'] as const) : [])];
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
  const rows = (await db.query<{ expected: { organisation_id: string; patient_id: string } | null; stored: { organisation_id: string; patient_id: string } | null }>(RELATIONSHIP_DRIFT_SQL)).rows;
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
      await c.query<{ id: string }>(`SELECT x.id FROM unnest($1::uuid[]) x(id) WHERE NOT EXISTS (SELECT 1 FROM round_decision d WHERE d.id = x.id)`, [a.decisions])
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
export async function failedWriteFates(db: Pool, failed: FailedWrite[]): Promise<FailedWriteFate[]> {
  const committed = async (w: FailedWrite): Promise<boolean> => {
    const input = (w.variables.input ?? {}) as Record<string, string | number>;
    const sql: Record<string, [string, unknown[]]> = {
      'publish SIP': [`SELECT 1 FROM care_plan WHERE id = $1 AND (NOT draft_open OR version <> $2)`, [input.carePlanId, input.expectedVersion]],
      acknowledge: [`SELECT 1 FROM discharge_message_receiver WHERE message_id = $1 AND organisation_id = $2 AND acknowledged_at IS NOT NULL`, [w.variables.messageId, w.organisationId]],
      'round decision': [`SELECT 1 FROM round_decision WHERE agenda_item_id = $1`, [input.itemId]],
      'complete round': [`SELECT 1 FROM round WHERE id = $1 AND status = 'COMPLETED'`, [input.roundId]],
    };
    const q = sql[w.label];
    return q ? ((await db.query(q[0], q[1])).rowCount ?? 0) > 0 : false;
  };
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
