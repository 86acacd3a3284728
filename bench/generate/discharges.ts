import { Client } from 'pg';
import { DEMO_PATIENTS, demoPersonnummer } from '../../src/cli/demo-patients';
import { who } from './clone';

/** The demo's dates are written around this day (src/cli/demo-discharges.ts, demo-rounds.ts). */
const DEMO_TODAY = '2026-11-22';

/**
 * Hospital stays with the discharge process (src/cli/demo-discharges.ts), for 15 % of the enrolled
 * over the last year. Each clones one of the demo stays, shifted in time by whole days so that
 * messages, acknowledgements and the stored deadlines keep their meaning:
 *   - 94 % Esther's: discharged with a handover and closed (admitted 18–363 days ago), followed by
 *     the primary care centre's SBAR handover to the municipality;
 *   - 3 % Sven's: admitted in the last few days, planning, the centre late to acknowledge the
 *     admission notice (an overdue deadline in its inbox);
 *   - 3 % Gunnar's: ready for discharge, payment days running.
 * Units and staff become the patient's own (see clone.ts); the ward is the patient's ward w.
 * Every municipality gets a payment agreement (3 or 5 days).
 *
 * Needs temp table gen_patient and pg_temp.{r,id,who}.
 */
export async function generateDischarges(c: Client, today: string, municipalities: number): Promise<void> {
  const ids = new Map<string, string>();
  for (const key of ['esther', 'sven', 'gunnar']) {
    const row = (
      await c.query(`SELECT d.id FROM discharge_process d JOIN patient p ON p.id = d.patient_id WHERE p.personnummer = $1 ORDER BY d.admitted_at DESC LIMIT 1`, [
        demoPersonnummer(DEMO_PATIENTS.find((p) => p.key === key)!),
      ])
    ).rows[0] as { id: string } | undefined;
    if (!row) throw new Error(`the demo discharge process of ${key} is missing`);
    ids.set(key, row.id);
  }
  const models = [ids.get('esther')!, ids.get('sven')!, ids.get('gunnar')!];

  await c.query(
    `INSERT INTO municipality_payment_agreement (municipality_id, agreed_days, daily_amount_sek, updated_by_staff_id)
     SELECT pg_temp.id('mun', m), CASE WHEN m % 3 = 0 THEN 5 ELSE 3 END, 8940, NULL FROM generate_series(1, ${municipalities}) m`,
  );
  await c.query(
    `CREATE TEMP TABLE gen_dis AS
     SELECT g.*, pg_temp.id('discharge', g.i) AS process_id,
            ($1::uuid[])[g.model] AS demo_process_id,
            (date '${today}' - date '${DEMO_TODAY}'
              + CASE g.model WHEN 1 THEN 30 - floor(pg_temp.r('dis-when', g.i) * 345)::int ELSE -floor(pg_temp.r('dis-when', g.i) * (g.model + 1))::int END)
              * interval '1 day' AS shift
       FROM (SELECT p.i, p.id AS patient_id, p.m, p.v, p.nk, p.gk, p.w,
                    CASE WHEN pg_temp.r('dis-model', p.i) < 0.03 THEN 2 WHEN pg_temp.r('dis-model', p.i) < 0.06 THEN 3 ELSE 1 END AS model
               FROM gen_patient p WHERE pg_temp.r('dis?', p.i) < 0.15) g`,
    [models],
  );
  await c.query(
    `INSERT INTO discharge_process (id, patient_id, hospital_id, municipality_id, primary_care_id, status, admitted_at, discharged_at, closed_at,
                                    agreed_days, daily_amount_sek, opened_by_staff_id, created_at, updated_at)
     SELECT g.process_id, g.patient_id, pg_temp.id('ward', g.w), pg_temp.id('mun', g.m), pg_temp.id('vc', g.v), d.status,
            d.admitted_at + g.shift, d.discharged_at + g.shift, d.closed_at + g.shift, CASE WHEN g.m % 3 = 0 THEN 5 ELSE 3 END, 8940,
            ${who('d.opened_by_staff_id', 'g')}, d.admitted_at + g.shift, coalesce(d.closed_at, d.admitted_at) + g.shift
       FROM gen_dis g JOIN discharge_process d ON d.id = g.demo_process_id`,
  );
  // The demo rows in a fixed order (not by their random ids), so generated ids are stable.
  await c.query(
    `CREATE TEMP TABLE demo_msg AS
     SELECT x.*, row_number() OVER (PARTITION BY x.process_id ORDER BY x.sent_at, x.kind) AS k FROM discharge_message x WHERE x.process_id = ANY ($1::uuid[])`,
    [models],
  );
  const msgId = (k: string) => `pg_temp.id('discharge-message', g.i * 100 + ${k})`;
  await c.query(
    `INSERT INTO discharge_message (id, process_id, patient_id, kind, sender_organisation_id, sender_staff_id, sent_at, acknowledgement_due_at, note,
                                    planned_discharge_date, appointed_staff_id, sip_id, proposed_meeting_at, handover)
     SELECT ${msgId('x.k')}, g.process_id, g.patient_id, x.kind, ${who('x.sender_organisation_id', 'g')}, ${who('x.sender_staff_id', 'g')},
            x.sent_at + g.shift, x.acknowledgement_due_at + g.shift, x.note, (x.planned_discharge_date + g.shift)::date,
            ${who('x.appointed_staff_id', 'g')}, NULL, x.proposed_meeting_at + g.shift, x.handover
       FROM gen_dis g JOIN demo_msg x ON x.process_id = g.demo_process_id
      ORDER BY g.i, x.k`,
  );
  const kindOrder = `CASE o.kind WHEN 'MUNICIPALITY' THEN 1 WHEN 'PRIMARY_CARE' THEN 2 ELSE 3 END`;
  await c.query(
    `INSERT INTO discharge_message_receiver (id, message_id, process_id, organisation_id, acknowledged_at, acknowledged_by_staff_id)
     SELECT pg_temp.id('discharge-receiver', (g.i * 100 + x.k) * 10 + ${kindOrder}), ${msgId('x.k')}, g.process_id,
            ${who('r.organisation_id', 'g')}, r.acknowledged_at + g.shift, ${who('r.acknowledged_by_staff_id', 'g')}
       FROM gen_dis g JOIN demo_msg x ON x.process_id = g.demo_process_id
       JOIN discharge_message_receiver r ON r.message_id = x.id JOIN organisation o ON o.id = r.organisation_id`,
  );
  await c.query(
    `INSERT INTO discharge_deadline (id, process_id, kind, message_id, responsible_organisation_id, due_at, done_at)
     SELECT pg_temp.id('discharge-deadline', g.i * 100 + y.k), g.process_id, y.kind, CASE WHEN y.message_k IS NOT NULL THEN ${msgId('y.message_k')} END,
            ${who('y.responsible_organisation_id', 'g')}, y.due_at + g.shift, y.done_at + g.shift
       FROM gen_dis g
       JOIN (SELECT d.*, m.k AS message_k, row_number() OVER (PARTITION BY d.process_id ORDER BY d.due_at, d.kind, ${kindOrder}) AS k
               FROM discharge_deadline d JOIN organisation o ON o.id = d.responsible_organisation_id LEFT JOIN demo_msg m ON m.id = d.message_id
              WHERE d.process_id = ANY ($1::uuid[])) y ON y.process_id = g.demo_process_id`,
    [models],
  );
  // After a closed stay: the centre's SBAR handover to the municipality, acknowledged (Esther's).
  await c.query(
    `INSERT INTO handover (id, patient_id, occasion, sender_organisation_id, sender_staff_id, receiver_organisation_id, sent_at, situation, background,
                           assessment, recommendation, acknowledgement_due_at, acknowledged_at, acknowledged_by_staff_id)
     SELECT pg_temp.id('handover', g.i), g.patient_id, h.occasion, ${who('h.sender_organisation_id', 'g')}, ${who('h.sender_staff_id', 'g')},
            ${who('h.receiver_organisation_id', 'g')}, h.sent_at + g.shift, h.situation, h.background, h.assessment, h.recommendation,
            h.acknowledgement_due_at + g.shift, h.acknowledged_at + g.shift, ${who('h.acknowledged_by_staff_id', 'g')}
       FROM gen_dis g JOIN handover h ON h.occasion = 'AFTER_DISCHARGE' AND h.patient_id = (SELECT patient_id FROM discharge_process WHERE id = $1)
      WHERE g.model = 1`,
    [models[0]],
  );
}
