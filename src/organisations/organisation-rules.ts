/**
 * What makes a care unit's registration valid, per kind (pure; the database holds the same rules
 * as check constraints on `organisation`, see organisation.entity.ts):
 *
 * - a mobile team names its principal (a region's mobil närsjukvård or läkarbil, or a
 *   municipality's mobile team); every other kind has its principal by definition and names none;
 * - a municipal unit (a municipality's home healthcare, or a mobile team a municipality runs) has
 *   its kommunkod, and only a municipal unit has one.
 */
import type { FieldError } from '../common/errors';
import { OrganisationKind, Principal } from '../common/organisation-kind';
import { MUNICIPALITY_CODE_RE } from '../common/scalars';

export interface OrganisationRegistration {
  kind: OrganisationKind;
  principal?: Principal | null;
  municipalityCode?: string | null;
}

/** Field errors of a unit's registration (`path` prefixes the field names); empty when it is valid. */
export function organisationProblems(o: OrganisationRegistration, path = 'input'): FieldError[] {
  const out: FieldError[] = [];
  const at = (f: string) => (path ? `${path}.${f}` : f);
  if (o.kind === OrganisationKind.MOBILE_TEAM && !o.principal)
    out.push({ field: at('principal'), message: 'is required for a mobile team: the region or the municipality that runs it' });
  if (o.kind !== OrganisationKind.MOBILE_TEAM && o.principal)
    out.push({ field: at('principal'), message: `must be left out: a unit of kind ${o.kind} has its principal by definition` });
  const municipal = isMunicipalUnit(o);
  if (municipal && !o.municipalityCode) out.push({ field: at('municipalityCode'), message: 'is required for a municipal unit (its kommunkod)' });
  if (!municipal && o.municipalityCode)
    out.push({
      field: at('municipalityCode'),
      message: 'is only for a municipal unit (a municipality’s home healthcare, or a mobile team a municipality runs)',
    });
  if (o.municipalityCode && !MUNICIPALITY_CODE_RE.test(o.municipalityCode))
    out.push({ field: at('municipalityCode'), message: 'must be a kommunkod of four digits, e.g. 0680' });
  return out;
}

/** A municipality's home healthcare, or a mobile team a municipality runs. */
export function isMunicipalUnit(o: Pick<OrganisationRegistration, 'kind' | 'principal'>): boolean {
  return o.kind === OrganisationKind.MUNICIPALITY || (o.kind === OrganisationKind.MOBILE_TEAM && o.principal === Principal.MUNICIPALITY);
}
