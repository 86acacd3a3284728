import { Client } from 'pg';
import { STOCKHOLM_SQL } from '../../src/common/calendar';
import { DEMO_PATIENTS, demoPersonnummer } from '../../src/demo/patients';
import { DemoMap, ItemIds, itemId, substitute, tokenise, who } from './clone';

/**
 * SIPs for the generated patients, cloned from Esther's (src/demo/care-plans.ts): the plan row,
 * the draft's goals, needs, actions and participants, the published versions (immutable snapshots:
 * earlier versions are her version 1, the one in force her version 2), a held meeting per version
 * with both organisations invited, and a follow-up with outcomes and the patient's answers between
 * versions. Units and staff become the patient's own (see clone.ts).
 *
 * Distributions (per enrolled patient): 85 % have an open SIP; of those 6 % are drafts never
 * published and the rest ACTIVE with 1–4 versions (about 42/23/19/16 %), 8 % in the middle of a
 * revision. Follow-up dates from 30 days ago to 170 days ahead (so ~15 % overdue).
 *
 * Needs temp table gen_patient(i, id, m, v, nk, gk, w, start_date) and pg_temp.{r,id,who}.
 */
export async function generateCarePlans(c: Client, demo: DemoMap, today: string): Promise<void> {
  const esther = DEMO_PATIENTS.find((p) => p.key === 'esther')!;
  const plan = (await c.query(`SELECT cp.* FROM care_plan cp JOIN patient p ON p.id = cp.patient_id WHERE p.personnummer = $1`, [demoPersonnummer(esther)]))
    .rows[0] as { id: string; reason: string } | undefined;
  if (!plan) throw new Error('the demo SIP (Esther’s) is missing');
  const versions = (await c.query(`SELECT number, snapshot::text AS snapshot FROM care_plan_version WHERE care_plan_id = $1 ORDER BY number`, [plan.id]))
    .rows as Array<{ snapshot: string }>;
  // The version in force first: its items are the draft's (same ids), then version 1's.
  const items = new ItemIds();
  const v2 = tokenise(versions[versions.length - 1].snapshot, demo, items);
  const v1 = tokenise(versions[0].snapshot, demo, items);
  const followUp = (await c.query(`SELECT id, summary FROM care_plan_follow_up WHERE care_plan_id = $1`, [plan.id])).rows[0] as { id: string; summary: string };

  // t0: the start of "today"; pub(k): when version k of n was published, evenly between creation and t0.
  const t0 = `(date '${today}'::timestamp AT TIME ZONE ${STOCKHOLM_SQL})`;
  await c.query(`CREATE OR REPLACE FUNCTION pg_temp.pub(created timestamptz, n int, k int) RETURNS timestamptz IMMUTABLE LANGUAGE sql AS
    $$ SELECT created + (${t0} - created) * (k::float8 / (n + 1)) $$`);
  await c.query(`
    CREATE TEMP TABLE gen_sip AS
    SELECT g.*, (g.created_on + time '09:00') AT TIME ZONE ${STOCKHOLM_SQL} AS created_at,
           ARRAY(SELECT o FROM unnest(ARRAY[pg_temp.id('mun', g.m), pg_temp.id('vc', g.v)]) o ORDER BY o) AS orgs
      FROM (
        SELECT p.i, p.id AS patient_id, p.m, p.v, p.nk, p.gk, p.w,
               pg_temp.id('sip', p.i) AS plan_id,
               left(pg_temp.id('sip-item', p.i)::text, 24) AS prefix,
               CASE WHEN pg_temp.r('sip-draft', p.i) < 0.06 THEN 0 ELSE 1 + floor(pg_temp.r('sip-n', p.i) ^ 1.6 * 4)::int END AS n,
               pg_temp.r('sip-revising', p.i) < 0.08 AS revising,
               least(p.start_date + 3 + floor(pg_temp.r('sip-start', p.i) * 25)::int, date '${today}' - 3) AS created_on,
               date '${today}' + (floor(pg_temp.r('sip-follow-up', p.i) * 200)::int - 30) AS follow_up
          FROM gen_patient p
         WHERE pg_temp.r('sip?', p.i) < 0.85) g`);

  const coordinator = `pg_temp.id('mcoord', s.m * 10000 + 1)`;
  const municipality = `pg_temp.id('mun', s.m)`;
  const lastChange = `CASE WHEN s.n = 0 THEN s.created_at ELSE pg_temp.pub(s.created_at, s.n, s.n) END`;
  await c.query(
    `INSERT INTO care_plan (id, patient_id, status, version, draft_open, published_version_number, reason, overall_responsible_organisation_id,
                            coordinator_staff_id, draft_next_follow_up_date, follow_up_due, participant_organisation_ids, created_by_staff_id,
                            created_by_organisation_id, created_at, updated_at, updated_by_staff_id)
     SELECT s.plan_id, s.patient_id, CASE WHEN s.n = 0 THEN 'DRAFT' ELSE 'ACTIVE' END::care_plan_status, 1 + 2 * s.n + s.revising::int,
            s.n = 0 OR s.revising, nullif(s.n, 0), $1, ${municipality}, ${coordinator}, s.follow_up, CASE WHEN s.n > 0 THEN s.follow_up END,
            s.orgs, ${coordinator}, ${municipality}, s.created_at,
            CASE WHEN s.revising THEN ${lastChange} + interval '1 day' ELSE ${lastChange} END, ${coordinator}
       FROM gen_sip s`,
    [plan.reason],
  );
  // The participating organisations as rows too (what refreshParticipants keeps), the source of the SIP care relationship.
  await c.query(`INSERT INTO care_plan_organisation (care_plan_id, organisation_id, patient_id)
                 SELECT s.plan_id, o, s.patient_id FROM gen_sip s CROSS JOIN LATERAL unnest(s.orgs) AS o`);
  // The draft's lists (kept for every open plan: the draft of a plan not being revised equals the version in force).
  const item = (col: string, prefix: string) => itemId(col, prefix, '$2::jsonb');
  for (const table of ['care_plan_goal', 'care_plan_need']) {
    await c.query(
      `INSERT INTO ${table} (id, care_plan_id, position, text)
       SELECT ${item('x.id', 's.prefix')}, s.plan_id, x.position, x.text FROM gen_sip s CROSS JOIN ${table} x WHERE x.care_plan_id = $1`,
      [plan.id, items.toJson()],
    );
  }
  await c.query(
    `INSERT INTO care_plan_action (id, care_plan_id, position, description, kind, responsible_organisation_id, responsible_staff_id, performed_by, start_date, end_date, status)
     SELECT ${item('x.id', 's.prefix')}, s.plan_id, x.position, x.description, x.kind, ${who('x.responsible_organisation_id', 's')}, ${who('x.responsible_staff_id', 's')},
            x.performed_by, x.start_date, x.end_date, x.status
       FROM gen_sip s CROSS JOIN care_plan_action x WHERE x.care_plan_id = $1`,
    [plan.id, items.toJson()],
  );
  await c.query(
    `INSERT INTO care_plan_participant (id, care_plan_id, position, kind, organisation_id, staff_id, name, relation, attended)
     SELECT ${item('x.id', 's.prefix')}, s.plan_id, x.position, x.kind, ${who('x.organisation_id', 's')}, ${who('x.staff_id', 's')}, x.name, x.relation, x.attended
       FROM gen_sip s CROSS JOIN care_plan_participant x WHERE x.care_plan_id = $1`,
    [plan.id, items.toJson()],
  );

  // Published versions: the last one is Esther's version 2, earlier ones her version 1; each says when the next follow-up is.
  const nextDate = `CASE WHEN k = s.n THEN s.follow_up ELSE (pg_temp.pub(s.created_at, s.n, k + 1) AT TIME ZONE ${STOCKHOLM_SQL})::date END`;
  await c.query(
    `INSERT INTO care_plan_version (id, care_plan_id, patient_id, number, snapshot, participant_organisation_ids, published_at, published_by_staff_id, published_by_organisation_id)
     SELECT pg_temp.id('sip-version', s.i * 10 + k), s.plan_id, s.patient_id, k,
            jsonb_set((CASE WHEN k = s.n THEN ${substitute('$1::text', v2, 's.prefix', 's')} ELSE ${substitute('$2::text', v1, 's.prefix', 's')} END)::jsonb,
                      '{nextFollowUpDate}', to_jsonb(${nextDate}::text)),
            s.orgs, pg_temp.pub(s.created_at, s.n, k), ${coordinator}, ${municipality}
       FROM gen_sip s CROSS JOIN LATERAL generate_series(1, s.n) k`,
    [v2.text, v1.text],
  );
  // A held SIP meeting before each version, both organisations invited and acknowledging.
  await c.query(
    `INSERT INTO care_plan_meeting (id, care_plan_id, patient_id, starts_at, place, place_detail, status, scheduled_by_staff_id, scheduled_by_organisation_id,
                                    scheduled_at, held_at, held_recorded_by_staff_id, patient_attended, next_of_kin_attended, attending_staff_ids)
     SELECT pg_temp.id('sip-meeting', s.i * 10 + k), s.plan_id, s.patient_id, pg_temp.pub(s.created_at, s.n, k) - interval '2 hours',
            CASE WHEN k % 2 = 1 THEN 'HOME' ELSE 'VIDEO' END::care_plan_meeting_place,
            CASE WHEN k % 2 = 0 THEN 'https://video.bench.example/sip/' || s.i END, 'HELD',
            ${coordinator}, ${municipality}, pg_temp.pub(s.created_at, s.n, k) - interval '5 days', pg_temp.pub(s.created_at, s.n, k) - interval '2 hours',
            ${coordinator}, true, pg_temp.r('sip-kin', s.i * 10 + k) < 0.6,
            ARRAY[${coordinator}, pg_temp.id('mnurse', s.m * 10000 + s.nk), pg_temp.id('vgp', s.v * 10000 + s.gk)]
       FROM gen_sip s CROSS JOIN LATERAL generate_series(1, s.n) k`,
  );
  await c.query(
    `INSERT INTO care_plan_meeting_invitation (id, meeting_id, organisation_id, invited_at, acknowledged_at, acknowledged_by_staff_id, attended)
     SELECT pg_temp.id('sip-invitation:' || mt.id || ':' || o.org, 0), mt.id, o.org, mt.scheduled_at, mt.scheduled_at + interval '1 day',
            CASE WHEN o.org = pg_temp.id('mun', s.m) THEN ${coordinator} ELSE pg_temp.id('vcoord', s.v * 10000 + 1) END, true
       FROM gen_sip s JOIN care_plan_meeting mt ON mt.care_plan_id = s.plan_id CROSS JOIN LATERAL unnest(s.orgs) AS o(org)`,
  );
  // A follow-up between consecutive versions, with Esther's outcomes per goal and action and four answers of the patient's own.
  await c.query(
    `CREATE TEMP TABLE gen_sip_follow_up AS
     SELECT s.i, s.plan_id, s.patient_id, s.m, s.prefix, k, pg_temp.id('sip-follow-up', s.i * 10 + k) AS id,
            ((pg_temp.pub(s.created_at, s.n, k) + (pg_temp.pub(s.created_at, s.n, k + 1) - pg_temp.pub(s.created_at, s.n, k)) / 2) AT TIME ZONE ${STOCKHOLM_SQL})::date AS on_date,
            (pg_temp.pub(s.created_at, s.n, k + 1) AT TIME ZONE ${STOCKHOLM_SQL})::date AS next_date
       FROM gen_sip s CROSS JOIN LATERAL generate_series(1, s.n - 1) k`,
  );
  await c.query(
    `INSERT INTO care_plan_follow_up (id, care_plan_id, patient_id, version_number, follow_up_date, due_date, next_follow_up_date, summary,
                                      recorded_by_staff_id, recorded_by_organisation_id, recorded_at)
     SELECT f.id, f.plan_id, f.patient_id, f.k, f.on_date, f.on_date, greatest(f.next_date, f.on_date + 1), $1,
            pg_temp.id('mcoord', f.m * 10000 + 1), pg_temp.id('mun', f.m), (f.on_date + time '14:30') AT TIME ZONE ${STOCKHOLM_SQL}
       FROM gen_sip_follow_up f`,
    [followUp.summary],
  );
  await c.query(
    `INSERT INTO care_plan_follow_up_outcome (id, follow_up_id, item_kind, item_id, outcome, comment)
     SELECT pg_temp.id('sip-outcome:' || f.id || ':' || ${item('o.item_id', 'f.prefix')}, 0), f.id, o.item_kind, ${item('o.item_id', 'f.prefix')}, o.outcome, o.comment
       FROM gen_sip_follow_up f CROSS JOIN care_plan_follow_up_outcome o WHERE o.follow_up_id = $1`,
    [followUp.id, items.toJson()],
  );
  await c.query(
    `INSERT INTO care_plan_experience_answer (id, follow_up_id, care_plan_id, question, score, answered_on)
     SELECT pg_temp.id('sip-answer:' || f.id || ':' || q, 0), f.id, f.plan_id, q, 2 + floor(pg_temp.r('sip-answer:' || q, f.i * 10 + f.k) * 4)::int, f.on_date
       FROM gen_sip_follow_up f CROSS JOIN unnest(enum_range(NULL::care_plan_experience_question)) q`,
  );
}
