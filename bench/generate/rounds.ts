import { Client } from 'pg';
import { STOCKHOLM_SQL } from '../../src/common/calendar';

/** Weeks of round history per primary care centre. */
export const ROUND_WEEKS = 26;
/** Patients discussed per round. */
export const AGENDA_ITEMS = 10;

const NOTES = [
  'Tilltagande andfåddhet senaste veckan, vikt +1,5 kg på fem dagar. Vill fortsatt bo hemma. Anhörig önskar tätare kontakt och oroar sig för nätterna.',
  'Stabil sedan inskrivningen. God man informerad.',
  'Sämre aptit och trötthet, blodsocker 12–15 mmol/l. Ingen feber.',
  'Fallit i hemmet i helgen utan skada. Ser över hjälpmedel och nattbelysning.',
  'Smärta i höger höft, paracetamol räcker inte. Önskar läkarbedömning.',
];
const DECISIONS = [
  'SIP uppdateras med tillsyn nattetid och tätare viktkontroller. Läkaren ser över diuretikadosen vid nästa hembesök.',
  'Oförändrad plan; tas upp igen vid behov.',
  'Läkemedelsgenomgång vid nästa hembesök; hemsjukvården följer blodsocker två gånger dagligen.',
  'Arbetsterapeut gör hembesök för fallprevention.',
  'Smärtlindringen ses över; ny bedömning om en vecka.',
];
const TASKS = [
  [
    'Uppdatera SIP: tillsyn nattetid och viktkontroll tre gånger i veckan',
    'Enligt beslut på ronden. Stäm av med patienten och närstående innan ny version publiceras.',
  ],
  ['Läkemedelsgenomgång vid hembesök', 'Särskilt diuretika och smärtlindring.'],
  ['Följ upp blodsocker och återrapportera', 'Två gånger dagligen i en vecka; rapportera till vårdcentralen.'],
  ['Hembesök av arbetsterapeut: fallprevention', 'Se över mattor, nattbelysning och rollator.'],
  ['Ny smärtskattning och återkoppling till läkaren', null],
] as const;

/**
 * Weekly rounds of every primary care centre with the municipalities of its enrolled patients over
 * the last 26 weeks (completed, 10 patients discussed each, with notes and one decision per patient;
 * 40 % of decisions create a task), and next week's round planned with an empty agenda. Tasks are
 * mostly done by now; one in twenty older ones is still open (so overdue), recent ones are open.
 *
 * Needs temp table gen_patient and pg_temp.{r,id}.
 */
export async function generateRounds(c: Client, today: string): Promise<void> {
  // Each centre's round is on the same weekday every week; the ones before today were held, the next one is planned.
  await c.query(`
    CREATE TEMP TABLE gen_round AS
    SELECT x.*, pg_temp.id('round', x.v * 100 + x.wk) AS id,
           CASE WHEN x.day < date '${today}' THEN 'COMPLETED' ELSE 'PLANNED' END::round_status AS status,
           (x.day + time '09:00') AT TIME ZONE ${STOCKHOLM_SQL} AS starts_at
      FROM (SELECT c.v, c.ms, c.participating, j.wk, date_trunc('week', date '${today}')::date + 7 * (1 - j.wk) + c.v % 5 AS day
              FROM (SELECT v, array_agg(DISTINCT m) AS ms, ARRAY(SELECT DISTINCT pg_temp.id('mun', mm) FROM unnest(array_agg(m)) mm ORDER BY 1) AS participating
                      FROM gen_patient GROUP BY v) c
             CROSS JOIN generate_series(0, ${ROUND_WEEKS + 1}) j(wk)) x
     WHERE x.day - 7 < date '${today}' AND x.day >= date '${today}' - 7 * ${ROUND_WEEKS}`);
  await c.query(`
    INSERT INTO round (id, title, kind, video_link, starts_at, ends_at, status, organiser_id, participating_organisation_ids, created_by_staff_id, created_at,
                       started_at, started_by_staff_id, completed_at, completed_by_staff_id)
    SELECT r.id, 'Veckorond vårdcentral ' || r.v || ' (bench)', CASE WHEN r.wk % 4 = 0 THEN 'VIDEO' ELSE 'REGULAR' END::round_kind,
           CASE WHEN r.wk % 4 = 0 THEN 'https://video.bench.example/rond/' || r.v END, r.starts_at, r.starts_at + interval '90 minutes', r.status,
           pg_temp.id('vc', r.v), r.participating, pg_temp.id('vgp', r.v * 10000 + 1), r.starts_at - interval '14 days',
           CASE WHEN r.status = 'COMPLETED' THEN r.starts_at END, CASE WHEN r.status = 'COMPLETED' THEN pg_temp.id('vgp', r.v * 10000 + 1) END,
           CASE WHEN r.status = 'COMPLETED' THEN r.starts_at + interval '85 minutes' END, CASE WHEN r.status = 'COMPLETED' THEN pg_temp.id('vgp', r.v * 10000 + 1) END
      FROM gen_round r`);
  // The GP and district nurse of the centre; a coordinator and a nurse of each municipality.
  await c.query(`
    INSERT INTO round_participant (id, round_id, staff_id, organisation_id, attended)
    SELECT pg_temp.id('round-participant:' || r.id || ':' || x.staff_id, 0), r.id, x.staff_id, x.org, CASE WHEN r.status = 'COMPLETED' THEN pg_temp.r('attended', r.v * 100 + r.wk) < 0.9 OR x.kind <> 'vnurse' END
      FROM gen_round r
     CROSS JOIN LATERAL (
       SELECT 'vgp' AS kind, pg_temp.id('vgp', r.v * 10000 + 1) AS staff_id, pg_temp.id('vc', r.v) AS org
       UNION ALL SELECT 'vnurse', pg_temp.id('vnurse', r.v * 10000 + 1), pg_temp.id('vc', r.v)
       UNION ALL SELECT 'mcoord', pg_temp.id('mcoord', g.m * 10000 + 1), pg_temp.id('mun', g.m) FROM unnest(r.ms) AS g(m)
       UNION ALL SELECT 'mnurse', pg_temp.id('mnurse', g.m * 10000 + 1), pg_temp.id('mun', g.m) FROM unnest(r.ms) AS g(m)) x`);

  // Ten patients of the centre, enrolled by the day of the round, per completed round.
  await c.query(`
    CREATE TEMP TABLE gen_item AS
    SELECT x.*, pg_temp.id('agenda:' || x.round_id, x.position) AS id, pg_temp.r('task?', x.i * 100 + x.wk) < 0.4 AS has_task,
           pg_temp.id('task:' || x.round_id, x.position) AS task_id,
           (x.starts_at AT TIME ZONE ${STOCKHOLM_SQL})::date + 3 + floor(pg_temp.r('due', x.i * 100 + x.wk) * 12)::int AS due_date
      FROM (
        SELECT r.id AS round_id, r.v, r.wk, r.starts_at, p.i, p.id AS patient_id, p.m, p.nk, p.gk, p.start_date,
               row_number() OVER (PARTITION BY r.id ORDER BY pg_temp.r('agenda', p.i * 100 + r.wk)) AS position
          FROM gen_round r JOIN gen_patient p ON p.v = r.v AND p.start_date <= (r.starts_at AT TIME ZONE ${STOCKHOLM_SQL})::date
         WHERE r.status = 'COMPLETED') x
     WHERE x.position <= ${AGENDA_ITEMS}`);
  await c.query(
    `INSERT INTO round_agenda_item (id, round_id, patient_id, position, reasons, added_by_staff_id, added_by_organisation_id, added_at,
                                    notes, notes_version, notes_updated_at, notes_updated_by_staff_id, notes_recorded_by_organisation_id)
     SELECT t.id, t.round_id, t.patient_id, t.position,
            CASE WHEN t.start_date >= (t.starts_at AT TIME ZONE ${STOCKHOLM_SQL})::date - 7 THEN '{NEWLY_ENROLLED}'
                 WHEN pg_temp.r('reason', t.i * 100 + t.wk) < 0.35 THEN '{OVERDUE_TASKS}' ELSE '{}' END::agenda_reason[],
            pg_temp.id('mnurse', t.m * 10000 + t.nk), pg_temp.id('mun', t.m), t.starts_at - interval '2 days',
            ($1::text[])[1 + (t.i + t.wk) % ${NOTES.length}], 2, t.starts_at + t.position * interval '6 minutes',
            pg_temp.id('mnurse', t.m * 10000 + t.nk), pg_temp.id('mun', t.m)
       FROM gen_item t`,
    [NOTES],
  );
  // Tasks from decisions: to the municipality's nurses or coordinators, or to the centre's physicians.
  const assignee = `CASE WHEN t.position % 4 = 3 THEN pg_temp.id('vc', t.v) ELSE pg_temp.id('mun', t.m) END`;
  const doer = `CASE WHEN t.position % 4 = 3 THEN pg_temp.id('vgp', t.v * 10000 + t.gk) ELSE pg_temp.id('mnurse', t.m * 10000 + t.nk) END`;
  const state = `CASE WHEN t.due_date < date '${today}' - 14 THEN (CASE WHEN u < 0.9 THEN 'COMPLETED' WHEN u < 0.95 THEN 'CANCELLED' ELSE 'OPEN' END)
                      WHEN t.due_date < date '${today}' THEN (CASE WHEN u < 0.5 THEN 'COMPLETED' ELSE 'OPEN' END)
                      ELSE (CASE WHEN u < 0.2 THEN 'COMPLETED' ELSE 'OPEN' END) END`;
  const doneAt = `(least(t.due_date, date '${today}' - 1) + time '15:00') AT TIME ZONE ${STOCKHOLM_SQL}`;
  await c.query(
    `INSERT INTO task (id, patient_id, title, description, assignee_organisation_id, assignee_staff_id, assignee_role, due_date, status,
                       created_by_staff_id, created_by_organisation_id, created_at, completed_at, completed_by_staff_id, completed_by_organisation_id, outcome,
                       cancelled_at, cancelled_by_staff_id, cancellation_reason)
     SELECT t.task_id, t.patient_id, ($1::text[])[1 + t.position % ${TASKS.length}], ($2::text[])[1 + t.position % ${TASKS.length}],
            ${assignee}, NULL, CASE WHEN t.position % 4 = 3 THEN 'PHYSICIAN' WHEN t.position % 4 = 1 THEN 'CARE_COORDINATOR' ELSE 'NURSE' END::staff_role,
            t.due_date, s.status::task_status, pg_temp.id('vgp', t.v * 10000 + 1), pg_temp.id('vc', t.v), t.starts_at + t.position * interval '6 minutes',
            CASE WHEN s.status = 'COMPLETED' THEN ${doneAt} END, CASE WHEN s.status = 'COMPLETED' THEN ${doer} END,
            CASE WHEN s.status = 'COMPLETED' THEN ${assignee} END, CASE WHEN s.status = 'COMPLETED' THEN 'Utfört enligt beslut.' END,
            CASE WHEN s.status = 'CANCELLED' THEN ${doneAt} END, CASE WHEN s.status = 'CANCELLED' THEN ${doer} END,
            CASE WHEN s.status = 'CANCELLED' THEN 'Inte längre aktuellt.' END
       FROM gen_item t CROSS JOIN LATERAL (SELECT ${state} AS status FROM (SELECT pg_temp.r('task-state', t.i * 100 + t.wk) AS u) x) s
      WHERE t.has_task`,
    [TASKS.map((x) => x[0]), TASKS.map((x) => x[1])],
  );
  await c.query(
    `INSERT INTO round_decision (id, round_id, agenda_item_id, patient_id, text, decided_by_staff_id, decided_by_organisation_id, decided_at, task_id)
     SELECT pg_temp.id('decision:' || t.round_id, t.position), t.round_id, t.id, t.patient_id,
            ($1::text[])[1 + (t.i + t.wk) % ${DECISIONS.length}], pg_temp.id('vgp', t.v * 10000 + 1), pg_temp.id('vc', t.v),
            t.starts_at + t.position * interval '6 minutes', CASE WHEN t.has_task THEN t.task_id END
       FROM gen_item t`,
    [DECISIONS],
  );
}
