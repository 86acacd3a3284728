import { FieldError } from '../common/errors';
import { OrganisationKind } from '../common/organisation-kind';

/**
 * Whose indicators a unit manager or MAS may ask for (pure; the organisations are looked up first).
 *
 * - A municipality's manager: its own enrolled patients, all of them or those shared with one named
 *   primary care centre (municipalityId omitted or their own).
 * - A primary care centre's manager: its own enrolled patients, all of them or those shared with one
 *   named municipality (primaryCareCentreId omitted or their own).
 * - Naming another municipality (or centre) as the home side is FORBIDDEN: their own numbers, month by
 *   month, are theirs to look at. Everyone may still compare per-organisation totals (compareFollowUp).
 * - A hospital unit enrolls nobody, so it has no scope of its own here: FORBIDDEN; it may compare.
 * - An id that is not an organisation of the right kind is BAD_USER_INPUT.
 */
export interface ScopeRequest {
  municipalityId?: string | null;
  primaryCareCentreId?: string | null;
}

export interface ResolvedScope {
  municipalityId: string | null;
  primaryCareId: string | null;
}

export type ScopeDecision =
  { kind: 'OK'; scope: ResolvedScope } | { kind: 'BAD_INPUT'; fields: FieldError[] } | { kind: 'REFUSED'; reason: string; message: string };

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
  if (fields.length) return { kind: 'BAD_INPUT', fields };
  const mun = req.municipalityId ?? null;
  const pc = req.primaryCareCentreId ?? null;
  switch (actor.organisationKind) {
    case OrganisationKind.MUNICIPALITY:
      if (mun && mun !== actor.organisationId)
        return refused(
          'other-municipality',
          'You see the indicators of your own municipality (and its patients shared with a primary care centre); compare with others in compareFollowUp',
        );
      return { kind: 'OK', scope: { municipalityId: actor.organisationId, primaryCareId: pc } };
    case OrganisationKind.PRIMARY_CARE:
      if (pc && pc !== actor.organisationId)
        return refused(
          'other-primary-care-centre',
          'You see the indicators of your own primary care centre (and its patients shared with a municipality); compare with others in compareFollowUp',
        );
      return { kind: 'OK', scope: { municipalityId: mun, primaryCareId: actor.organisationId } };
    default:
      return refused(
        'not-a-party',
        'Indicators per scope are for municipalities and primary care centres, which enroll patients; other units (hospital wards, mobile teams, SSIH) compare them in compareFollowUp',
      );
  }
}

const refused = (reason: string, message: string): ScopeDecision => ({ kind: 'REFUSED', reason, message });
