import { FieldError } from '../common/errors';
import { OrganisationKind } from '../common/organisation-kind';

/**
 * Whose indicators a unit manager or MAS may ask for (pure; the organisations are looked up first).
 *
 * - A municipality's manager: its own enrolled patients, all of them or those shared with one named
 *   primary care centre (municipalityId omitted or their own).
 * - A primary care centre's manager: its own enrolled patients, all of them or those shared with one
 *   named municipality (primaryCareCentreId omitted or their own).
 * - A mobile team's or SSIH unit's manager: the enrolled patients who had the team in their care team
 *   (care_team_member), on the days they had it (teamId omitted or their own); optionally narrowed
 *   to one named municipality and/or centre.
 * - Anyone with a scope may narrow it to the patients shared with one named team (teamId).
 * - Naming another municipality (or centre, or team) as the home side is FORBIDDEN: their own numbers,
 *   month by month, are theirs to look at. Everyone may still compare per-organisation totals
 *   (compareFollowUp).
 * - A hospital unit enrolls nobody and an ambulance or out-of-hours unit cares for nobody over time,
 *   so they have no scope of their own here: FORBIDDEN; they may compare.
 * - An id that is not an organisation of the right kind is BAD_USER_INPUT.
 */
export interface ScopeRequest {
  municipalityId?: string | null;
  primaryCareCentreId?: string | null;
  teamId?: string | null;
}

export interface ResolvedScope {
  municipalityId: string | null;
  primaryCareId: string | null;
  /** A mobile team or SSIH unit: only enrollments on the days the team was in the patient's care team. */
  teamId: string | null;
}

export type ScopeDecision =
  { kind: 'OK'; scope: ResolvedScope } | { kind: 'BAD_INPUT'; fields: FieldError[] } | { kind: 'REFUSED'; reason: string; message: string };

/** The kinds with a team scope: the units that visit patients at home as part of their care team. */
export const TEAM_KINDS: readonly OrganisationKind[] = [OrganisationKind.MOBILE_TEAM, OrganisationKind.SPECIALISED_PALLIATIVE_HOME_CARE];

export function decideScope(
  actor: { organisationId: string; organisationKind: OrganisationKind },
  req: ScopeRequest,
  kinds: ReadonlyMap<string, OrganisationKind>,
): ScopeDecision {
  const fields: FieldError[] = [];
  if (req.municipalityId && kinds.get(req.municipalityId) !== OrganisationKind.MUNICIPALITY) {
    fields.push({ field: 'municipalityId', message: 'must be a municipality’s home healthcare unit' });
  }
  if (req.primaryCareCentreId && kinds.get(req.primaryCareCentreId) !== OrganisationKind.PRIMARY_CARE) {
    fields.push({ field: 'primaryCareCentreId', message: 'must be a primary care centre (vårdcentral)' });
  }
  const teamKind = req.teamId ? kinds.get(req.teamId) : undefined;
  if (req.teamId && !(teamKind && TEAM_KINDS.includes(teamKind))) {
    fields.push({ field: 'teamId', message: 'must be a mobile team or a specialised palliative home care unit (SSIH)' });
  }
  if (fields.length) return { kind: 'BAD_INPUT', fields };
  const mun = req.municipalityId ?? null;
  const pc = req.primaryCareCentreId ?? null;
  const team = req.teamId ?? null;
  switch (actor.organisationKind) {
    case OrganisationKind.MUNICIPALITY:
      if (mun && mun !== actor.organisationId)
        return refused(
          'other-municipality',
          'You see the indicators of your own municipality (and its patients shared with a primary care centre or a team); compare with others in compareFollowUp',
        );
      return { kind: 'OK', scope: { municipalityId: actor.organisationId, primaryCareId: pc, teamId: team } };
    case OrganisationKind.PRIMARY_CARE:
      if (pc && pc !== actor.organisationId)
        return refused(
          'other-primary-care-centre',
          'You see the indicators of your own primary care centre (and its patients shared with a municipality or a team); compare with others in compareFollowUp',
        );
      return { kind: 'OK', scope: { municipalityId: mun, primaryCareId: actor.organisationId, teamId: team } };
    case OrganisationKind.MOBILE_TEAM:
    case OrganisationKind.SPECIALISED_PALLIATIVE_HOME_CARE:
      if (team && team !== actor.organisationId)
        return refused(
          'other-team',
          'You see the indicators of your own team (the enrolled patients it had in their care team, and those shared with a municipality or centre); compare in compareFollowUp',
        );
      return { kind: 'OK', scope: { municipalityId: mun, primaryCareId: pc, teamId: actor.organisationId } };
    default:
      return refused(
        'not-a-party',
        'Indicators per scope are for municipalities and primary care centres, which enroll patients, and for mobile teams and SSIH, which are in their care teams; other units (hospital wards, ambulance, out-of-hours care) compare them in compareFollowUp',
      );
  }
}

const refused = (reason: string, message: string): ScopeDecision => ({ kind: 'REFUSED', reason, message });
