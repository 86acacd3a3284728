import { sqlStartOfStockholmDay, STOCKHOLM_SQL } from '../common/calendar';
import { AgendaReason, AgendaSuggestionSource, SINCE_DATE } from '../patients/agenda-suggestions';

/**
 * Discharged from hospital (the discharge notice was sent) on or after the day of the previous
 * round of the same organisations, or within the last 30 days when there is none; the day of the
 * previous round itself counts, as for new enrollments. Only discharge processes one of the round's
 * organisations took part in (the ward, or the receiving municipality or primary care centre), so
 * the suggestion tells the round nothing it was not itself told. Detail: the discharge date.
 *
 * The instant is compared with the start of the Stockholm day, so the index on discharged_at serves.
 */
export const RECENTLY_DISCHARGED_SUGGESTION: AgendaSuggestionSource = {
  reason: AgendaReason.RECENTLY_DISCHARGED,
  description: 'Discharged from hospital since the previous round of the same organisations (or in the last 30 days)',
  sql: `SELECT d.patient_id, 'discharged ' || to_char(d.discharged_at AT TIME ZONE ${STOCKHOLM_SQL}, 'YYYY-MM-DD') AS detail
          FROM discharge_process d
         WHERE d.status IN ('DISCHARGED', 'CLOSED')
           AND d.discharged_at >= ${sqlStartOfStockholmDay(`(${SINCE_DATE})`)}
           AND (d.hospital_id = ANY ($3::uuid[]) OR d.municipality_id = ANY ($3::uuid[]) OR d.primary_care_id = ANY ($3::uuid[]))`,
};
