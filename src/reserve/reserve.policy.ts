import { definePolicy, patientList } from '../access/policy';
import { OrganisationKind } from '../common/organisation-kind';
import { Role } from '../common/roles';

const { NURSE, CARE_COORDINATOR } = Role;

/**
 * The kinds of unit that keep a reserve snapshot: those whose staff visit patients at home and are
 * called out at 3 a.m. — municipal home healthcare, mobile teams and specialised palliative home
 * care (SSIH), each for the patients in its own care. The schedule writes one for every such unit.
 */
export const RESERVE_UNIT_KINDS: readonly OrganisationKind[] = [
  OrganisationKind.MUNICIPALITY,
  OrganisationKind.MOBILE_TEAM,
  OrganisationKind.SPECIALISED_PALLIATIVE_HOME_CARE,
];

/**
 * Who produces the reserve snapshot through the API: the home healthcare unit's nurses and care
 * coordinators (often the patient's fast vårdkontakt), who act on the plans when the service is
 * down. Not the unit manager, MAS, rehab staff or social workers: the printout holds treatment
 * limitations, which their work does not need (inre sekretess; the same roles are left out of
 * reading deterioration plans, PLAN_READERS). The manager's part in the reserve routine is that
 * the scheduled files exist (RESERVE_SNAPSHOT_DIR), which is the service's own doing.
 */
export const RESERVE_ROLES = [NURSE, CARE_COORDINATOR] as const;

export const reservePolicy = definePolicy('Reserve routine (reservrutin)', {
  reserveSnapshot: {
    roles: RESERVE_ROLES,
    does: 'The reserve printout (reservutskrift) of your unit, PDF or JSON: every patient in its care with contacts, the signed deterioration plan and the SIP’s actions in force',
    scope:
      'the patients your organisation has a care relationship with (emergency access never adds one); one audit row per patient included, purpose reserve snapshot; at most 200 patients a file, in parts',
    organisations: {
      kinds: RESERVE_UNIT_KINDS,
      refusal: 'Only a unit that visits patients at home (home healthcare, a mobile team, SSIH) produces a reserve snapshot (reservutskrift)',
    },
    access: patientList('the unit’s caseload (its care relationships): identity as in the caseload, contacts, signed deterioration plan, SIP version in force'),
    expensive: true,
  },
});
