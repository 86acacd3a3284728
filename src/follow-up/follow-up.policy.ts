import { aggregate, definePolicy } from '../access/policy';
import { Role } from '../common/roles';

const { UNIT_MANAGER, MAS } = Role;
/** Who follows up results: the unit manager (enhetschef, verksamhetschef) and the MAS, of any organisation. */
const FOLLOW_UP_ROLES = [UNIT_MANAGER, MAS] as const;
const AGGREGATES = 'aggregates only, cells of 1–4 patients suppressed; one audit row per call';

export const followUpPolicy = definePolicy('Joint follow-up (gemensam uppföljning)', {
  followUpIndicators: {
    roles: FOLLOW_UP_ROLES,
    does: 'Indicators of your municipality, primary care centre, mobile team or SSIH unit (a team: the enrolled patients it had in their care team, on those days), or of the patients it shares with a named other, per period and month',
    scope: `your own municipality, primary care centre, mobile team or SSIH unit only (another’s: FORBIDDEN, logged); hospital wards, ambulance and out-of-hours care: FORBIDDEN; ${AGGREGATES}`,
    access: aggregate('counts per unit and month; no person'),
    expensive: true,
  },
  compareFollowUp: {
    roles: FOLLOW_UP_ROLES,
    does: 'Every municipality and primary care centre side by side, per 100 enrolled, for a period',
    scope: `any organisation; ${AGGREGATES}`,
    access: aggregate('counts per unit; no person'),
    expensive: true,
  },
  exportFollowUpCsv: {
    roles: FOLLOW_UP_ROLES,
    does: 'The indicators or the comparison as CSV',
    scope: `as followUpIndicators / compareFollowUp; ${AGGREGATES}`,
    access: aggregate('counts per unit; no person'),
    expensive: true,
  },
});
