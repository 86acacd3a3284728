import { Client } from 'pg';
import { DEMO_PATIENTS, demoPersonnummer } from '../../src/demo/patients';
import { who } from './clone';

/** The demo's dates are written around this day (src/demo/discharges.ts, rounds.ts). */
const DEMO_TODAY = '2026-11-22';

/**
 * Hospital stays with the discharge process (src/demo/discharges.ts), for 15 % of the enrolled
 * over the last year. Each clones one of the demo stays, shifted in time by whole days so that
 * messages, acknowledgements and the stored deadlines keep their meaning:
 *   - 94 % Esther's: discharged with a handover and closed (admitted 18–363 days ago), followed by
 *     the primary care centre's SBAR handover to the municipality. Esther went home the day after
 *     the ready-for-discharge notice; 45 % of these patients stay longer after it (a quarter 1–3
 *     more days, a fifth 4–10 more days: everything from the discharge on moves with it), so the
 *     days from ready to discharge vary and the longer stays have payment days;
 *   - 3 % Sven's: admitted in the last few days, planning, the centre late to acknowledge the
 *     admission notice (an overdue deadline in its inbox);
 *   - 3 % Gunnar's: ready for discharge, payment days running.
 * A third of the patients discharged in Esther's way come back: another such stay, admitted 1–75
 * days after the discharge (earlier more often; about half within 30 days, a readmission), when it
 * has closed by today.
 * Units and staff become the patient's own (see clone.ts); the ward is the patient's ward w.
 * Every municipality gets a payment agreement (3 or 5 days).
 *
 * Needs temp table gen_patient and pg_temp.{r,id,who}.
 */
export async function generateDischarges(c: Client, today: string, municipalities: number): Promise<void> {
  const ids = new Map<string, string>();
  for (const key of ['esther', 'sven', 'gunnar']) {
    const row = (
      await c.query(
        `SELECT d.id FROM discharge_process d JOIN patient p ON p.id = d.patient_id WHERE p.personnummer = $1 ORDER BY d.admitted_at DESC LIMIT 1`,
        [demoPersonnummer(DEMO_PATIENTS.find((p) => p.key === key)!)],
      )
    ).rows[0] as { id: string } | undefined;
    if (!row) throw new Error(`the demo discharge process of ${key} is missing`);
    ids.set(key, row.id);
  }
  const models = [ids.get('esther')!, ids.get('sven')!, ids.get('gunnar')!];

  await c.query(
    `INSERT INTO municipality_payment_agreement (municipality_id, agreed_days, daily_amount_sek, updated_by_staff_id)
     SELECT pg_temp.id('mun', m), CASE WHEN m % 3 = 0 THEN 5 ELSE 3 END, 8940, NULL FROM generate_series(1, ${municipalities}) m`,
  );
  // One row per stay: `o` shifts the demo stay by whole days, `tail` more days after the ready notice
  // (Esther's stays only). A first stay's ids are keyed by the patient's number i, a readmission's by i + 10^7.
  const tail = (salt: string, i: string) =>
    `CASE WHEN pg_temp.r('${salt}', ${i}) < 0.55 THEN 0 WHEN pg_temp.r('${salt}', ${i}) < 0.8 THEN 1 + floor(pg_temp.r('${salt}-days', ${i}) * 3)::int
          ELSE 4 + floor(pg_temp.r('${salt}-days', ${i}) * 7)::int END`;
  await c.query(
    `CREATE TEMP TABLE gen_stay AS
     SELECT g.*, CASE g.model WHEN 1 THEN 30 - floor(pg_temp.r('dis-when', g.i) * 345)::int ELSE -floor(pg_temp.r('dis-when', g.i) * (g.model + 1))::int END AS o,
            CASE WHEN g.model = 1 THEN ${tail('dis-tail', 'g.i')} ELSE 0 END AS tail
       FROM (SELECT p.i, p.i::bigint AS key, p.id AS patient_id, p.m, p.v, p.nk, p.gk, p.w,
                    CASE WHEN pg_temp.r('dis-model', p.i) < 0.03 THEN 2 WHEN pg_temp.r('dis-model', p.i) < 0.06 THEN 3 ELSE 1 END AS model
               FROM gen_patient p WHERE pg_temp.r('dis?', p.i) < 0.15) g`,
  );
  // Readmissions: Esther's stay admitted again 4 days (her stay) + tail + gap days after the first
  // was admitted, kept when it has closed (3 days after discharge) by two days before today.
  await c.query(
    `INSERT INTO gen_stay (i, key, patient_id, m, v, nk, gk, w, model, o, tail)
     SELECT s.i, s.i + 10000000, s.patient_id, s.m, s.v, s.nk, s.gk, s.w, 1, s.o + s.tail + 4 + x.gap, x.tail
       FROM gen_stay s
      CROSS JOIN LATERAL (SELECT 1 + floor(pg_temp.r('readmit-gap', s.i) ^ 1.5 * 75)::int AS gap, ${tail('readmit-tail', 's.i')} AS tail) x
      WHERE s.model = 1 AND pg_temp.r('readmit?', s.i) < 0.35 AND s.o + s.tail + 4 + x.gap + x.tail <= 39`,
  );
  await c.query(
    `CREATE TEMP TABLE gen_dis AS
     SELECT g.*, pg_temp.id('discharge', g.key) AS process_id, ($1::uuid[])[g.model] AS demo_process_id,
            (date '${today}' - date '${DEMO_TODAY}' + g.o) * interval '1 day' AS shift, g.tail * interval '1 day' AS tail_days
       FROM gen_stay g`,
    [models],
  );
  await c.query(
    `INSERT INTO discharge_process (id, patient_id, hospital_id, municipality_id, primary_care_id, status, admitted_at, discharged_at, closed_at,
                                    agreed_days, daily_amount_sek, opened_by_staff_id, created_at, updated_at)
     SELECT g.process_id, g.patient_id, pg_temp.id('ward', g.w), pg_temp.id('mun', g.m), pg_temp.id('vc', g.v), d.status,
            d.admitted_at + g.shift, d.discharged_at + g.shift + g.tail_days, d.closed_at + g.shift + g.tail_days, CASE WHEN g.m % 3 = 0 THEN 5 ELSE 3 END, 8940,
            ${who('d.opened_by_staff_id', 'g')}, d.admitted_at + g.shift, coalesce(d.closed_at + g.tail_days, d.admitted_at) + g.shift
       FROM gen_dis g JOIN discharge_process d ON d.id = g.demo_process_id`,
  );
  // The demo rows in a fixed order (not by their random ids), so generated ids are stable; what was
  // sent from the discharge on moves with a longer stay.
  await c.query(
    `CREATE TEMP TABLE demo_msg AS
     SELECT x.*, row_number() OVER (PARTITION BY x.process_id ORDER BY x.sent_at, x.kind) AS k, coalesce(x.sent_at >= d.discharged_at, false) AS after_discharge
       FROM discharge_message x JOIN discharge_process d ON d.id = x.process_id WHERE x.process_id = ANY ($1::uuid[])`,
    [models],
  );
  const msgId = (k: string) => `pg_temp.id('discharge-message', g.key * 100 + ${k})`;
  const moved = (after: string) => `g.shift + CASE WHEN ${after} THEN g.tail_days ELSE interval '0' END`;
  await c.query(
    `INSERT INTO discharge_message (id, process_id, patient_id, kind, sender_organisation_id, sender_staff_id, sent_at, acknowledgement_due_at, note,
                                    planned_discharge_date, appointed_staff_id, sip_id, proposed_meeting_at, handover)
     SELECT ${msgId('x.k')}, g.process_id, g.patient_id, x.kind, ${who('x.sender_organisation_id', 'g')}, ${who('x.sender_staff_id', 'g')},
            x.sent_at + ${moved('x.after_discharge')}, x.acknowledgement_due_at + ${moved('x.after_discharge')}, x.note, (x.planned_discharge_date + g.shift)::date,
            ${who('x.appointed_staff_id', 'g')}, NULL, x.proposed_meeting_at + g.shift, x.handover
       FROM gen_dis g JOIN demo_msg x ON x.process_id = g.demo_process_id
      ORDER BY g.key, x.k`,
  );
  const kindOrder = `CASE o.kind WHEN 'MUNICIPALITY' THEN 1 WHEN 'PRIMARY_CARE' THEN 2 ELSE 3 END`;
  await c.query(
    `INSERT INTO discharge_message_receiver (id, message_id, process_id, organisation_id, acknowledged_at, acknowledged_by_staff_id)
     SELECT pg_temp.id('discharge-receiver', (g.key * 100 + x.k) * 10 + ${kindOrder}), ${msgId('x.k')}, g.process_id,
            ${who('r.organisation_id', 'g')}, r.acknowledged_at + ${moved('x.after_discharge')}, ${who('r.acknowledged_by_staff_id', 'g')}
       FROM gen_dis g JOIN demo_msg x ON x.process_id = g.demo_process_id
       JOIN discharge_message_receiver r ON r.message_id = x.id JOIN organisation o ON o.id = r.organisation_id`,
  );
  // The stays are generated as discharged before medication reconciliations were recorded
  // (medication_reconciliation_expected keeps its default, false): no reconciliation is cloned, and
  // so no reconciliation deadline either (buildDeadlines makes none for them).
  await c.query(
    `INSERT INTO discharge_deadline (id, process_id, kind, message_id, responsible_organisation_id, due_at, done_at)
     SELECT pg_temp.id('discharge-deadline', g.key * 100 + y.k), g.process_id, y.kind, CASE WHEN y.message_k IS NOT NULL THEN ${msgId('y.message_k')} END,
            ${who('y.responsible_organisation_id', 'g')}, y.due_at + ${moved('y.after_discharge')}, y.done_at + ${moved('y.after_discharge')}
       FROM gen_dis g
       JOIN (SELECT d.*, m.k AS message_k, coalesce(m.after_discharge, false) AS after_discharge, row_number() OVER (PARTITION BY d.process_id ORDER BY d.due_at, d.kind, ${kindOrder}) AS k
               FROM discharge_deadline d JOIN organisation o ON o.id = d.responsible_organisation_id LEFT JOIN demo_msg m ON m.id = d.message_id
              WHERE d.process_id = ANY ($1::uuid[]) AND d.kind <> 'MEDICATION_RECONCILIATION') y ON y.process_id = g.demo_process_id`,
    [models],
  );
  // After a closed stay: the centre's SBAR handover to the municipality, acknowledged (Esther's).
  await c.query(
    `INSERT INTO handover (id, patient_id, occasion, sender_organisation_id, sender_staff_id, receiver_organisation_id, sent_at, situation, background,
                           assessment, recommendation, acknowledgement_due_at, acknowledged_at, acknowledged_by_staff_id)
     SELECT pg_temp.id('handover', g.key), g.patient_id, h.occasion, ${who('h.sender_organisation_id', 'g')}, ${who('h.sender_staff_id', 'g')},
            ${who('h.receiver_organisation_id', 'g')}, h.sent_at + g.shift + g.tail_days, h.situation, h.background, h.assessment, h.recommendation,
            h.acknowledgement_due_at + g.shift + g.tail_days, h.acknowledged_at + g.shift + g.tail_days, ${who('h.acknowledged_by_staff_id', 'g')}
       FROM gen_dis g JOIN handover h ON h.occasion = 'AFTER_DISCHARGE' AND h.patient_id = (SELECT patient_id FROM discharge_process WHERE id = $1)
      WHERE g.model = 1`,
    [models[0]],
  );
}
