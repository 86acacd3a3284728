import { ClientBase, Pool } from 'pg';
import { signDevToken } from '../src/auth/token.service';
import { AppConfig } from '../src/config/config';

/** What the fixtures and pools query through: a client, or a pool (which outlives a restart of the database). */
export type Queryable = Pick<ClientBase, 'query'>;

/** Runs `fn` in one transaction: on a connection lent by `db` when it is a pool, else on the client itself. */
async function inTransaction<T>(db: Queryable, fn: (c: Queryable) => Promise<T>): Promise<T> {
  const lent = db instanceof Pool ? await db.connect() : null;
  const c = lent ?? db;
  try {
    await c.query('BEGIN');
    const result = await fn(c);
    await c.query('COMMIT');
    lent?.release();
    return result;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    lent?.release(true);
    throw e;
  }
}

export interface BenchActor {
  staffHsaId: string;
  organisationHsaId: string;
  role: string;
}

/** The k-th generated nurse of the n-th municipality (1 is the largest). */
export function municipalityNurse(n: number, k = 1): BenchActor {
  return { staffHsaId: `SE2321000057-MNURSE${n}K${k}`, organisationHsaId: `SE21200009${String(n).padStart(2, '0')}-HS${n}`, role: 'NURSE' };
}

/** A nurse of the largest municipality: the bench actor. */
export const BENCH_ACTOR = municipalityNurse(1);

/**
 * What the scenarios act on, looked up once per region in the run's copy of the database: the bench
 * actor (a nurse of the largest municipality), patients of its caseload, next week's round it takes
 * part in, and a token per municipality (writes spread over the region, as staff would).
 */
export interface Fixtures {
  token: string;
  organisationId: string;
  staffId: string;
  /** Patients of the actor's caseload, in a fixed pseudo-random order (overview reads rotate over them). */
  caseloadPatients: string[];
  /** Caseload patients with an active deterioration plan. */
  planPatients: string[];
  /** A centre organising rounds with the actor's municipality, its GP, and next week's planned round. */
  centreId: string;
  centreGpId: string;
  participating: string[];
  plannedRoundId: string;
  /** Patients enrolled with both the actor's municipality and that centre (eligible for its agenda). */
  roundPatients: string[];
  /** A token for a nurse of each municipality, by municipality id. */
  municipalityTokens: Map<string, string>;
  /** Who follows up results (the joint follow-up scenarios): the largest municipality's UNIT_MANAGER and MAS, and a centre's manager. */
  followUp: { municipalityManager: string; municipalityMas: string; centreManager: string };
}

/** The fixtures of an actor: BENCH_ACTOR by default, or another municipality's nurse (its municipality must take part in a planned round). */
export async function loadFixtures(db: Queryable, config: AppConfig, actor: BenchActor = BENCH_ACTOR): Promise<Fixtures> {
  const token = await signDevToken(config, actor, '4h');
  const found = (
    await db.query(
      `SELECT s.id AS staff_id, o.id AS organisation_id FROM staff s JOIN assignment a ON a.staff_id = s.id JOIN organisation o ON o.id = a.organisation_id
        WHERE s.hsa_id = $1 AND o.hsa_id = $2`,
      [actor.staffHsaId, actor.organisationHsaId],
    )
  ).rows[0] as { staff_id: string; organisation_id: string } | undefined;
  if (!found) throw new Error(`no staff ${actor.staffHsaId} at ${actor.organisationHsaId} in the region`);
  const org = found.organisation_id;
  const caseloadPatients = (
    await db.query(
      `SELECT patient_id FROM home_healthcare_enrollment WHERE municipality_id = $1 AND status = 'ACTIVE' ORDER BY md5(patient_id::text) LIMIT 500`,
      [org],
    )
  ).rows.map((r) => r.patient_id as string);
  const planPatients = (
    await db.query(
      `SELECT e.patient_id FROM home_healthcare_enrollment e JOIN deterioration_plan d ON d.patient_id = e.patient_id AND d.status = 'ACTIVE'
        WHERE e.municipality_id = $1 AND e.status = 'ACTIVE' ORDER BY md5(e.patient_id::text) LIMIT 500`,
      [org],
    )
  ).rows.map((r) => r.patient_id as string);
  // The planned round of the centre with the most patients of the actor's municipality.
  const round = (
    await db.query(
      `SELECT r.id, r.organiser_id, r.participating_organisation_ids AS participating, r.created_by_staff_id
         FROM round r
         JOIN (SELECT primary_care_id, count(*) AS n FROM home_healthcare_enrollment WHERE municipality_id = $1 AND status = 'ACTIVE' GROUP BY 1) c
           ON c.primary_care_id = r.organiser_id
        WHERE r.status = 'PLANNED' AND $1 = ANY (r.participating_organisation_ids)
        ORDER BY c.n DESC, r.starts_at LIMIT 1`,
      [org],
    )
  ).rows[0] as { id: string; organiser_id: string; participating: string[]; created_by_staff_id: string } | undefined;
  if (!round) throw new Error(`no planned round with the municipality of ${actor.staffHsaId}`);
  const roundPatients = (
    await db.query(
      `SELECT patient_id FROM home_healthcare_enrollment WHERE municipality_id = $1 AND primary_care_id = $2 AND status = 'ACTIVE' ORDER BY md5(patient_id::text) LIMIT 200`,
      [org, round.organiser_id],
    )
  ).rows.map((r) => r.patient_id as string);
  const municipalityTokens = new Map<string, string>();
  const municipalities = (await db.query(`SELECT id, hsa_id FROM organisation WHERE hsa_id LIKE 'SE21200009%' ORDER BY hsa_id`)).rows as Array<{
    id: string;
    hsa_id: string;
  }>;
  for (const m of municipalities) {
    const n = Number(m.hsa_id.split('-HS')[1]);
    municipalityTokens.set(m.id, await signDevToken(config, municipalityNurse(n), '4h'));
  }
  const followUp = {
    municipalityManager: await signDevToken(
      config,
      { staffHsaId: 'SE2321000057-MMGR1K1', organisationHsaId: BENCH_ACTOR.organisationHsaId, role: 'UNIT_MANAGER' },
      '4h',
    ),
    municipalityMas: await signDevToken(config, { staffHsaId: 'SE2321000057-MMAS1K1', organisationHsaId: BENCH_ACTOR.organisationHsaId, role: 'MAS' }, '4h'),
    centreManager: await signDevToken(config, { staffHsaId: 'SE2321000057-VMGR1K1', organisationHsaId: 'SE2321000057-B001', role: 'UNIT_MANAGER' }, '4h'),
  };
  return {
    token,
    organisationId: org,
    staffId: found.staff_id,
    caseloadPatients,
    planPatients,
    centreId: round.organiser_id,
    centreGpId: round.created_by_staff_id,
    participating: round.participating,
    plannedRoundId: round.id,
    roundPatients,
    municipalityTokens,
    followUp,
  };
}

export interface PublishTarget {
  carePlanId: string;
  expectedVersion: number;
  token: string;
}

/**
 * Up to `n` SIPs put into revision, ready to publish: ACTIVE plans of generated patients with a SIP
 * consent, not already being revised. This is what `reviseCarePlan` followed by
 * `updateCarePlanDraft(nextFollowUpDate)` leaves (the draft's lists already equal the version in
 * force), done in SQL so that the benchmark times the publishing alone. Each target is handed to one
 * request, acting as a nurse of the plan's municipality. A plan published in one cell may be
 * revised again for the next.
 */
export async function preparePublishPool(db: Queryable, fx: Fixtures, n: number, salt: string): Promise<PublishTarget[]> {
  const rows = (
    await db.query(
      `WITH picked AS (
         SELECT cp.id FROM care_plan cp
          WHERE cp.status = 'ACTIVE' AND NOT cp.draft_open AND cp.overall_responsible_organisation_id = ANY ($2::uuid[])
            AND EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = cp.patient_id AND c.kind = 'SIP' AND c.revoked_at IS NULL
                           AND c.valid_from <= current_date AND (c.valid_until IS NULL OR c.valid_until >= current_date))
          ORDER BY md5(cp.id::text || $3) LIMIT $1)
       UPDATE care_plan cp SET draft_open = true, version = cp.version + 2, updated_at = now(),
              draft_next_follow_up_date = greatest(coalesce(cp.follow_up_due, current_date), current_date) + 60
         FROM picked WHERE cp.id = picked.id
       RETURNING cp.id, cp.version, cp.overall_responsible_organisation_id AS org`,
      [n, [...fx.municipalityTokens.keys()], salt],
    )
  ).rows as Array<{ id: string; version: number; org: string }>;
  return rows.map((r) => ({ carePlanId: r.id, expectedVersion: r.version, token: fx.municipalityTokens.get(r.org)! }));
}

export interface AcknowledgeTarget {
  messageId: string;
  token: string;
}

/**
 * Up to `n` discharge messages to acknowledge, as a nurse of a receiving municipality that has a
 * care relationship with the patient: receivers that had acknowledged are made unacknowledged
 * again, with their ACKNOWLEDGEMENT deadline open again (as the deadline builder would store it).
 * As the service does, the processes are locked first (the service rewrites all of a process's
 * deadlines under that lock when anyone acknowledges), and the rows are changed in statements that
 * start after the lock is held; processes locked by an acknowledgement in progress are skipped.
 * Only acknowledged receivers are taken, so a target handed out and not yet acknowledged is never
 * handed out twice; once acknowledged it may come back in a later batch.
 */
export async function prepareAcknowledgePool(db: Queryable, fx: Fixtures, n: number, salt: string): Promise<AcknowledgeTarget[]> {
  const rows = await inTransaction(db, async (c) => {
    const candidates = (
      await c.query(
        `SELECT r.id, r.process_id FROM discharge_message_receiver r JOIN discharge_message m ON m.id = r.message_id
          WHERE r.acknowledged_at IS NOT NULL AND r.organisation_id = ANY ($2::uuid[])
            AND EXISTS (SELECT 1 FROM care_relationship c WHERE c.organisation_id = r.organisation_id AND c.patient_id = m.patient_id)
          ORDER BY md5(r.id::text || $3) LIMIT $1`,
        [n, [...fx.municipalityTokens.keys()], salt],
      )
    ).rows as Array<{ id: string; process_id: string }>;
    const locked = (
      await c.query(`SELECT id FROM discharge_process WHERE id = ANY ($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED`, [
        [...new Set(candidates.map((r) => r.process_id))],
      ])
    ).rows.map((r) => r.id as string);
    const reopened = (
      await c.query(
        `UPDATE discharge_message_receiver SET acknowledged_at = NULL, acknowledged_by_staff_id = NULL
          WHERE id = ANY ($1::uuid[]) AND process_id = ANY ($2::uuid[]) AND acknowledged_at IS NOT NULL
         RETURNING message_id, organisation_id AS org`,
        [candidates.map((r) => r.id), locked],
      )
    ).rows as Array<{ message_id: string; org: string }>;
    await c.query(
      `UPDATE discharge_deadline d SET done_at = NULL FROM unnest($1::uuid[], $2::uuid[]) x(message_id, org)
        WHERE d.kind = 'ACKNOWLEDGEMENT' AND d.message_id = x.message_id AND d.responsible_organisation_id = x.org`,
      [reopened.map((r) => r.message_id), reopened.map((r) => r.org)],
    );
    return reopened;
  });
  return rows.map((r) => ({ messageId: r.message_id, token: fx.municipalityTokens.get(r.org)! }));
}

export interface RoundTarget {
  roundId: string;
  itemIds: string[];
}

/**
 * `n` rounds in progress, organised by the fixture centre with the actor's municipality, each with
 * `items` patients on the agenda and the centre's GP and the actor invited: what createRound,
 * addAgendaItem and startRound leave, done in SQL so that the benchmark times the round itself
 * (the decisions and completing it). Each round is handed to one request.
 */
export async function prepareRoundPool(db: Queryable, fx: Fixtures, n: number, items: number, salt: string): Promise<RoundTarget[]> {
  if (fx.roundPatients.length < items) throw new Error(`the region is too small for rounds of ${items} patients (${fx.roundPatients.length} eligible)`);
  const rounds = (
    await db.query(
      `INSERT INTO round (id, title, kind, starts_at, ends_at, status, organiser_id, participating_organisation_ids, created_by_staff_id, started_at, started_by_staff_id)
       SELECT gen_random_uuid(), 'Bench round ' || $5 || ' ' || k, 'REGULAR', now(), now() + interval '90 minutes', 'IN_PROGRESS',
              $2, $3::uuid[], $4, now(), $4
         FROM generate_series(1, $1) k
       RETURNING id`,
      [n, fx.centreId, fx.participating, fx.centreGpId, salt],
    )
  ).rows.map((r) => r.id as string);
  await db.query(
    `INSERT INTO round_participant (round_id, staff_id, organisation_id)
     SELECT r, s.staff_id, s.org FROM unnest($1::uuid[]) r CROSS JOIN (VALUES ($2::uuid, $3::uuid), ($4::uuid, $5::uuid)) s(staff_id, org)`,
    [rounds, fx.centreGpId, fx.centreId, fx.staffId, fx.organisationId],
  );
  const agenda = (
    await db.query(
      `INSERT INTO round_agenda_item (round_id, patient_id, position, reasons, added_by_staff_id, added_by_organisation_id)
       SELECT r.id, p.patient_id, p.position, '{}', $3, $4
         FROM unnest($1::uuid[]) WITH ORDINALITY r(id, k)
        CROSS JOIN LATERAL (
          SELECT x.patient_id, row_number() OVER (ORDER BY md5(x.patient_id::text || r.k)) AS position FROM unnest($2::uuid[]) x(patient_id)
          ORDER BY 2 LIMIT $5) p
       RETURNING round_id, id, position`,
      [rounds, fx.roundPatients, fx.staffId, fx.organisationId, items],
    )
  ).rows as Array<{ round_id: string; id: string; position: string }>;
  const byRound = new Map<string, Array<{ id: string; position: number }>>(rounds.map((r) => [r, []]));
  for (const a of agenda) byRound.get(a.round_id)!.push({ id: a.id, position: Number(a.position) });
  return rounds.map((roundId) => ({
    roundId,
    itemIds: byRound
      .get(roundId)!
      .sort((a, b) => a.position - b.position)
      .map((a) => a.id),
  }));
}
