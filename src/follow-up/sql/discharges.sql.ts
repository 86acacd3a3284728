import { EntityManager } from 'typeorm';
import { paymentResponsibility } from '../../discharges/deadline-view';
import { DischargeMessageKind } from '../../discharges/discharge.enums';
import { GroupDim, MetricRow } from '../measure';
import { PERIOD_KEY } from '../period';
import { sqlStartOfStockholmDay as startOf, sqlStockholmDate as day } from '../../common/calendar';
import { eventCells, FamilyQuery, groupsOf, runNamed, scopeFilter, TEAM_MEMBERSHIP, teamOnDay, toMetricRows } from './common.sql';
import { inPopulation } from '../population';

/**
 * Hospital stays whose receiving municipality / open-care receiver is in the scope (the process's
 * own columns, not the enrollment: a patient discharged to home healthcare may be enrolled only
 * afterwards). The open-care receiver (primary_care_id) may be a primary care centre, SSIH or a
 * regional mobile team: a centre's scope counts the stays it received. A team scope (mobile team,
 * SSIH) counts a fact when the team was the stay's open-care receiver or was in the patient's care
 * team on the fact's day (teamOnDay). ONE statement for four indicators, each fact on the Stockholm
 * day it belongs to:
 *
 * - ADM, on the admission day: the admission-notice deadline as stored by the discharge capability
 *   (discharge_deadline, due 24 elapsed hours after admission); on time when the first notice was sent
 *   by then. Decided when sent, or when the deadline passed before now and before a cancellation.
 * - SIP, on the day of the standing ready-for-discharge notice (the stored due date is the end of the
 *   third day after it): the SIP-invitation deadline; decided as above.
 * - DIS, on the discharge day: readmitted when the patient has another admission after the discharge
 *   on or before the discharge day + 30; and the days from the last ready notice before the discharge.
 *   These two per-discharge look-ups are index probes (ix_discharge_patient, ix_discharge_message_process).
 * - MED, on the discharge day: the medication-reconciliation deadline as stored by the discharge
 *   capability (due 24 elapsed hours after the discharge; only discharges that expect one have it);
 *   on time when recorded by then. Decided as ADM.
 * - ENT, on the day a message was given (sent_at): every message of the stay not retracted; flagged
 *   when it was entered afterwards (recorded_at set: the paper routine, reservrutin). A probe of
 *   ix_discharge_message_process per stay.
 *
 * Retracted messages count for nothing here, as in the discharge capability: the stored deadlines
 * leave them out, and so do the ready-days look-up and the payment statement below.
 *
 * Metrics: adm_due, adm_on_time, adm_patients; sip_due, sip_on_time, sip_patients;
 * discharges, readmitted, dis_patients; ready_days (list), ready_patients; med_due, med_on_time, med_patients;
 * msg_given, msg_entered_afterwards, msg_patients.
 */
export function dischargeSql(q: FamilyQuery): string {
  const g = groupsOf(q, 'f.municipality_id', 'f.primary_care_id', ['b.bucket']);
  // A team scope reads only the stays it received and those of patients it ever had in the care team.
  const teamStays = q.teamId
    ? ` AND (dp.primary_care_id = :team::uuid OR dp.patient_id IN (SELECT patient_id FROM care_team_member WHERE organisation_id = :team::uuid))`
    : '';
  const decided = `(d.done_at IS NOT NULL OR d.due_at < least(:now::timestamptz, coalesce(p.cancelled_at, 'infinity'::timestamptz)))`;
  return `WITH
  p AS (
    SELECT dp.id, dp.patient_id, dp.municipality_id, dp.primary_care_id, dp.admitted_at, dp.discharged_at, dp.cancelled_at
      FROM discharge_process dp
     WHERE ${scopeFilter('dp.municipality_id', 'dp.primary_care_id')} AND ${inPopulation('dp.patient_id')}${teamStays}),
  f AS (
    SELECT 'ADM'::text AS kind, p.id, p.patient_id, p.municipality_id, p.primary_care_id, ${day('p.admitted_at')} AS day,
           coalesce(d.done_at <= d.due_at, false) AS ok, NULL::int AS days
      FROM p JOIN discharge_deadline d ON d.process_id = p.id AND d.kind = 'ADMISSION_NOTICE'
     WHERE p.admitted_at >= ${startOf(':from::date')} AND p.admitted_at < ${startOf('(:to::date + 1)')} AND ${decided}
    UNION ALL
    SELECT 'SIP', p.id, p.patient_id, p.municipality_id, p.primary_care_id, ${day('d.due_at')} - 3,
           coalesce(d.done_at <= d.due_at, false), NULL
      FROM discharge_deadline d JOIN p ON p.id = d.process_id
     WHERE d.kind = 'SIP_INVITATION' AND d.due_at >= ${startOf('(:from::date + 3)')} AND d.due_at < ${startOf('(:to::date + 4)')} AND ${decided}
    UNION ALL
    SELECT 'DIS', p.id, p.patient_id, p.municipality_id, p.primary_care_id, ${day('p.discharged_at')},
           EXISTS (SELECT 1 FROM discharge_process n
                    WHERE n.patient_id = p.patient_id AND n.admitted_at > p.discharged_at
                      AND n.admitted_at < ${startOf(`(${day('p.discharged_at')} + 31)`)}),
           ${day('p.discharged_at')} - (SELECT ${day('max(m.sent_at)')} FROM discharge_message m
                    WHERE m.process_id = p.id AND m.kind = 'READY_FOR_DISCHARGE' AND m.sent_at <= p.discharged_at AND m.retracted_at IS NULL)
      FROM p
     WHERE p.discharged_at >= ${startOf(':from::date')} AND p.discharged_at < ${startOf('(:to::date + 1)')}
    UNION ALL
    SELECT 'MED', p.id, p.patient_id, p.municipality_id, p.primary_care_id, ${day('p.discharged_at')},
           coalesce(d.done_at <= d.due_at, false), NULL
      FROM p JOIN discharge_deadline d ON d.process_id = p.id AND d.kind = 'MEDICATION_RECONCILIATION'
     WHERE p.discharged_at >= ${startOf(':from::date')} AND p.discharged_at < ${startOf('(:to::date + 1)')} AND ${decided}
    UNION ALL
    SELECT 'ENT', m.id, p.patient_id, p.municipality_id, p.primary_care_id, ${day('m.sent_at')},
           m.recorded_at IS NOT NULL, NULL
      FROM p JOIN discharge_message m ON m.process_id = p.id
     WHERE m.retracted_at IS NULL AND m.sent_at >= ${startOf(':from::date')} AND m.sent_at < ${startOf('(:to::date + 1)')})
  SELECT ${g.dims}, b.bucket,
         count(DISTINCT f.id) FILTER (WHERE f.kind = 'ADM') AS adm_due,
         count(DISTINCT f.id) FILTER (WHERE f.kind = 'ADM' AND f.ok) AS adm_on_time,
         count(DISTINCT f.patient_id) FILTER (WHERE f.kind = 'ADM') AS adm_patients,
         count(DISTINCT f.id) FILTER (WHERE f.kind = 'SIP') AS sip_due,
         count(DISTINCT f.id) FILTER (WHERE f.kind = 'SIP' AND f.ok) AS sip_on_time,
         count(DISTINCT f.patient_id) FILTER (WHERE f.kind = 'SIP') AS sip_patients,
         count(DISTINCT f.id) FILTER (WHERE f.kind = 'DIS') AS discharges,
         count(DISTINCT f.id) FILTER (WHERE f.kind = 'DIS' AND f.ok) AS readmitted,
         count(DISTINCT f.patient_id) FILTER (WHERE f.kind = 'DIS') AS dis_patients,
         array_agg(f.days) FILTER (WHERE f.kind = 'DIS' AND f.days IS NOT NULL) AS ready_days,
         count(DISTINCT f.patient_id) FILTER (WHERE f.kind = 'DIS' AND f.days IS NOT NULL) AS ready_patients,
         count(DISTINCT f.id) FILTER (WHERE f.kind = 'MED') AS med_due,
         count(DISTINCT f.id) FILTER (WHERE f.kind = 'MED' AND f.ok) AS med_on_time,
         count(DISTINCT f.patient_id) FILTER (WHERE f.kind = 'MED') AS med_patients,
         count(DISTINCT f.id) FILTER (WHERE f.kind = 'ENT') AS msg_given,
         count(DISTINCT f.id) FILTER (WHERE f.kind = 'ENT' AND f.ok) AS msg_entered_afterwards,
         count(DISTINCT f.patient_id) FILTER (WHERE f.kind = 'ENT') AS msg_patients
    FROM f ${eventCells('f.day')}
   WHERE ${teamOnDay(q, 'f.patient_id', 'f.day', 'f.primary_care_id')}
  ${g.groupBy}`;
}

export async function dischargeFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  return toMetricRows(await runNamed(m, dischargeSql(q), q), ['ready_days']);
}

/**
 * The stays that may have payable days in the period, with their ready-for-discharge notices and
 * withdrawals in order: ONE statement. Admitted before the period ends, and not left (discharged or
 * cancelled) before it begins. For a team scope: stays whose open-care receiver was the team, or
 * during which the team was in the patient's care team on some day (all the stay's payable days count).
 */
export function paymentSql(q: Pick<FamilyQuery, 'teamId'> = { teamId: null }): string {
  const firstNotice = day(`min(m.sent_at) FILTER (WHERE m.kind = 'READY_FOR_DISCHARGE')`);
  return `SELECT dp.id, dp.patient_id, dp.municipality_id, dp.primary_care_id, dp.agreed_days, dp.discharged_at, dp.cancelled_at,
                 array_agg(m.kind::text ORDER BY m.sent_at, m.seq) AS kinds, array_agg(m.sent_at ORDER BY m.sent_at, m.seq) AS sent
            FROM discharge_process dp
            JOIN discharge_message m ON m.process_id = dp.id AND m.kind IN ('READY_FOR_DISCHARGE', 'READY_FOR_DISCHARGE_WITHDRAWN') AND m.retracted_at IS NULL
           WHERE ${scopeFilter('dp.municipality_id', 'dp.primary_care_id')} AND ${inPopulation('dp.patient_id')}${
             q.teamId
               ? `
             AND (dp.primary_care_id = :team::uuid OR EXISTS (SELECT 1 FROM (${TEAM_MEMBERSHIP}) t WHERE t.patient_id = dp.patient_id
                    AND t.r && daterange(${day('dp.admitted_at')}, ${day(`coalesce(dp.discharged_at, dp.cancelled_at, :now::timestamptz)`)}, '[]')))`
               : ''
           }
             AND dp.admitted_at < ${startOf('(:to::date + 1)')}
             AND coalesce(dp.discharged_at, dp.cancelled_at, 'infinity'::timestamptz) >= ${startOf(':from::date')}
           GROUP BY dp.id
           -- The law's rule (deadlines.ts) pays no day before the earliest notice's day + agreed days + 1, nor the
           -- day the stay ended: stays too short for that (most of them) are left out here, not computed one by one.
          HAVING :now::timestamptz > ${startOf(`(${firstNotice} + dp.agreed_days + 1)`)}
             AND coalesce(dp.discharged_at, dp.cancelled_at, 'infinity'::timestamptz) >= ${startOf(`(${firstNotice} + dp.agreed_days + 2)`)}`;
}

interface PaymentRow {
  id: string;
  patient_id: string;
  municipality_id: string;
  primary_care_id: string;
  agreed_days: number;
  discharged_at: Date | null;
  cancelled_at: Date | null;
  kinds: DischargeMessageKind[];
  sent: Date[];
}

/**
 * Payable days per cell, computed for each stay by the discharge capability's own pure rule
 * (paymentResponsibility → deadlines.ts paymentDays, the agreed free days of the stay, counting to
 * now), then counted on the Stockholm dates that fall in each cell. Metrics: pay_days, pay_patients.
 */
export async function paymentFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  const rows: PaymentRow[] = await runNamed(m, paymentSql(q), q);
  const cells = new Map<string, { dim: GroupDim; orgId: string | null; bucket: string; days: number; patients: Set<string> }>();
  const count = (dim: GroupDim, orgId: string | null, bucket: string, patientId: string) => {
    const key = `${dim}:${orgId}:${bucket}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { dim, orgId, bucket, days: 0, patients: new Set() }));
    c.days += 1;
    c.patients.add(patientId);
  };
  for (const r of rows) {
    const messages = r.kinds.map((kind, i) => ({ kind, sentAt: new Date(r.sent[i]) }));
    const pay = paymentResponsibility(
      { messages, dischargedAt: r.discharged_at, cancelledAt: r.cancelled_at },
      { agreedDays: r.agreed_days, dailyAmountSek: null },
      q.now,
    );
    const groups: Array<[GroupDim, string | null]> = q.compare
      ? [
          ['MUNICIPALITY', r.municipality_id],
          ['PRIMARY_CARE', r.primary_care_id],
        ]
      : [['SCOPE', null]];
    for (const date of pay.payableDates) {
      if (date < q.from || date > q.to) continue;
      for (const [dim, orgId] of groups) {
        count(dim, orgId, PERIOD_KEY, r.patient_id);
        if (q.months) count(dim, orgId, date.slice(0, 7), r.patient_id);
      }
    }
  }
  return [...cells.values()].map((c) => ({ dim: c.dim, orgId: c.orgId, bucket: c.bucket, metrics: { pay_days: c.days, pay_patients: c.patients.size } }));
}
