import { Client } from 'pg';
import { STOCKHOLM_SQL } from '../../src/common/calendar';
import { DEMO_PATIENTS, demoPersonnummer } from '../../src/demo/patients';
import { DemoMap, ItemIds, substitute, tokenise, who } from './clone';

/**
 * Deterioration action plans cloned from Esther's (src/demo/deterioration-plans.ts): drafted and
 * signed by the patient's GP for the primary care centre, with her limitations, steps and contact
 * ladder. 72 % of the enrolled have an active plan; 30 % of those replaced an earlier signed version
 * (now SUPERSEDED), 4 % have a revision in draft. Review dates from 45 days ago to 185 days ahead
 * (so about a fifth are due for review).
 *
 * Needs temp table gen_patient and pg_temp.{r,id,who}.
 */
export async function generateDeteriorationPlans(c: Client, demo: DemoMap, today: string): Promise<void> {
  const esther = DEMO_PATIENTS.find((p) => p.key === 'esther')!;
  const plan = (
    await c.query(
      `SELECT d.id, d.conditions, d.treatment_limitations::text AS limitations, d.steps::text AS steps, d.contacts::text AS contacts,
              d.recorded_by_organisation_id, d.signed_by_staff_id
         FROM deterioration_plan d JOIN patient p ON p.id = d.patient_id WHERE p.personnummer = $1 AND d.status = 'ACTIVE'`,
      [demoPersonnummer(esther)],
    )
  ).rows[0] as
    { conditions: string[]; limitations: string; steps: string; contacts: string; recorded_by_organisation_id: string; signed_by_staff_id: string } | undefined;
  if (!plan) throw new Error('the demo deterioration plan (Esther’s) is missing');
  const items = new ItemIds();
  const steps = tokenise(plan.steps, demo, items);
  const limitations = tokenise(plan.limitations, demo, items);
  const contacts = tokenise(plan.contacts.split('(demo)').join('(bench)'), demo, items);

  await c.query(`
    CREATE TEMP TABLE gen_dp AS
    SELECT g.*, g.signed_on - 30 - floor(pg_temp.r('dp-earlier', g.i) * 150)::int AS earlier_on
      FROM (
        SELECT p.i, p.id AS patient_id, p.m, p.v, p.nk, p.gk, p.w,
               left(pg_temp.id('dp-item', p.i)::text, 24) AS prefix,
               pg_temp.r('dp-superseded', p.i) < 0.3 AS superseded,
               pg_temp.r('dp-draft', p.i) < 0.04 AS drafting,
               least(p.start_date + 7 + floor(pg_temp.r('dp-signed', p.i) * 120)::int, date '${today}' - 2) AS signed_on,
               date '${today}' + (floor(pg_temp.r('dp-review', p.i) * 230)::int - 45) AS review_on
          FROM gen_patient p
         WHERE pg_temp.r('dp?', p.i) < 0.72) g`);

  const content = `$1::text[], ${substitute('$2::text', limitations, 'g.prefix', 'g')}::jsonb, ${substitute('$3::text', steps, 'g.prefix', 'g')}::jsonb, ${substitute('$4::text', contacts, 'g.prefix', 'g')}::jsonb`;
  const params = [plan.conditions, limitations.text, steps.text, contacts.text, plan.recorded_by_organisation_id, plan.signed_by_staff_id];
  const centre = who('$5::uuid', 'g');
  const gp = who('$6::uuid', 'g');
  const at = (date: string) => `((${date}) + time '14:30') AT TIME ZONE ${STOCKHOLM_SQL}`;
  const activeVersion = `1 + g.superseded::int`;
  const columns = `id, patient_id, plan_version, status, conditions, treatment_limitations, steps, contacts, review_date, based_on_plan_id,
                   recorded_by_organisation_id, drafted_by_staff_id, last_edited_by_staff_id, signed_at, signed_by_staff_id, signed_by_organisation_id,
                   superseded_at, superseded_by_plan_id, version, created_at, updated_at`;
  // The earlier signed version, superseded when the active one was signed.
  await c.query(
    `INSERT INTO deterioration_plan (${columns})
     SELECT pg_temp.id('dp', g.i * 10 + 1), g.patient_id, 1, 'SUPERSEDED', ${content}, g.earlier_on + 180, NULL,
            ${centre}, ${gp}, ${gp}, ${at('g.earlier_on')}, ${gp}, ${centre}, ${at('g.signed_on')}, pg_temp.id('dp', g.i * 10 + 2), 3,
            ${at('g.earlier_on')} - interval '2 days', ${at('g.signed_on')}
       FROM gen_dp g WHERE g.superseded`,
    params,
  );
  await c.query(
    `INSERT INTO deterioration_plan (${columns})
     SELECT pg_temp.id('dp', g.i * 10 + ${activeVersion}), g.patient_id, ${activeVersion}, 'ACTIVE', ${content}, g.review_on,
            CASE WHEN g.superseded THEN pg_temp.id('dp', g.i * 10 + 1) END,
            ${centre}, ${gp}, ${gp}, ${at('g.signed_on')}, ${gp}, ${centre}, NULL, NULL, 2, ${at('g.signed_on')} - interval '1 day', ${at('g.signed_on')}
       FROM gen_dp g`,
    params,
  );
  await c.query(
    `INSERT INTO deterioration_plan (${columns})
     SELECT pg_temp.id('dp', g.i * 10 + ${activeVersion} + 1), g.patient_id, ${activeVersion} + 1, 'DRAFT', ${content}, NULL,
            pg_temp.id('dp', g.i * 10 + ${activeVersion}),
            ${centre}, ${gp}, ${gp}, NULL, NULL, NULL, NULL, NULL, 1, ${at(`date '${today}' - 1`)}, ${at(`date '${today}' - 1`)}
       FROM gen_dp g WHERE g.drafting`,
    params,
  );
}
