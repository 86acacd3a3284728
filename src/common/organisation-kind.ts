import { registerEnumType } from '@nestjs/graphql';

/** The kinds of care unit (vocabulary shared by auth, access and every capability). */
export enum OrganisationKind {
  MUNICIPALITY = 'MUNICIPALITY',
  PRIMARY_CARE = 'PRIMARY_CARE',
  HOSPITAL = 'HOSPITAL',
  MOBILE_TEAM = 'MOBILE_TEAM',
  SPECIALISED_PALLIATIVE_HOME_CARE = 'SPECIALISED_PALLIATIVE_HOME_CARE',
  AMBULANCE = 'AMBULANCE',
  OUT_OF_HOURS = 'OUT_OF_HOURS',
}

export const ALL_ORGANISATION_KINDS: readonly OrganisationKind[] = Object.values(OrganisationKind);

/**
 * The kinds that take part in a patient's care over time: they can hold care relationships
 * (enrollment, care team, SIP, discharge) and so use the operations on patients. An operation whose
 * policy names no kinds is open to these.
 */
export const STANDING_CARE_KINDS: readonly OrganisationKind[] = [
  OrganisationKind.MUNICIPALITY,
  OrganisationKind.PRIMARY_CARE,
  OrganisationKind.HOSPITAL,
  OrganisationKind.MOBILE_TEAM,
  OrganisationKind.SPECIALISED_PALLIATIVE_HOME_CARE,
];

/**
 * The kinds that arrive unplanned (ambulance, out-of-hours primary care): no standing care
 * relationship, never in a care team or a SIP; they read a patient's urgent care plan only.
 */
export const UNPLANNED_CARE_KINDS: readonly OrganisationKind[] = [OrganisationKind.AMBULANCE, OrganisationKind.OUT_OF_HOURS];

export function isUnplannedCareKind(kind: string): boolean {
  return (UNPLANNED_CARE_KINDS as readonly string[]).includes(kind);
}

/** The principal (huvudman) responsible for a unit. */
export enum Principal {
  REGION = 'REGION',
  MUNICIPALITY = 'MUNICIPALITY',
}

/**
 * The principal each kind has by definition; a mobile team is run by either (stored with the unit).
 * Ambulance care, primary care (also its out-of-hours service), hospitals and specialised
 * palliative home care are the region's (HSL 8 kap); home healthcare is the municipality's (12 kap).
 */
export const PRINCIPAL_OF_KIND: Readonly<Record<OrganisationKind, Principal | null>> = {
  MUNICIPALITY: Principal.MUNICIPALITY,
  PRIMARY_CARE: Principal.REGION,
  HOSPITAL: Principal.REGION,
  MOBILE_TEAM: null,
  SPECIALISED_PALLIATIVE_HOME_CARE: Principal.REGION,
  AMBULANCE: Principal.REGION,
  OUT_OF_HOURS: Principal.REGION,
};

/** The unit's principal: the kind's, or the one stored with a mobile team. */
export function principalOf(kind: OrganisationKind, stored: Principal | null): Principal {
  return PRINCIPAL_OF_KIND[kind] ?? stored ?? Principal.REGION;
}

/**
 * May the unit be the open-care receiver of a discharge (den öppna vården, lag 2017:612)? The region's
 * outpatient care: a primary care centre, specialised palliative home care (SSIH), or a mobile team the
 * region runs. A mobile team a municipality runs belongs to the municipality's care, which has its own
 * receiver slot.
 */
export function isOpenCareReceiver(kind: OrganisationKind, principal: Principal | null): boolean {
  if (kind === OrganisationKind.PRIMARY_CARE || kind === OrganisationKind.SPECIALISED_PALLIATIVE_HOME_CARE) return true;
  return kind === OrganisationKind.MOBILE_TEAM && principalOf(kind, principal) === Principal.REGION;
}

/** The open-care receiver in words, for descriptions and messages. */
export const OPEN_CARE_RECEIVER_WORDS = 'open-care receiver (öppenvården: primary care centre, SSIH or regional mobile team)';

/** The kinds in words, as the generated docs/ACCESS.md names them. */
export const KIND_WORDS: Readonly<Record<OrganisationKind, string>> = {
  MUNICIPALITY: 'municipality',
  PRIMARY_CARE: 'primary care centre',
  HOSPITAL: 'hospital ward',
  MOBILE_TEAM: 'mobile team',
  SPECIALISED_PALLIATIVE_HOME_CARE: 'specialised palliative home care',
  AMBULANCE: 'ambulance service',
  OUT_OF_HOURS: 'out-of-hours primary care',
};

export const KIND_DESCRIPTIONS: Readonly<Record<OrganisationKind, string>> = {
  MUNICIPALITY: 'Home healthcare unit of a municipality (kommunal hemsjukvård)',
  PRIMARY_CARE: 'Primary care centre (vårdcentral), publicly or privately run',
  HOSPITAL: 'Hospital, ward or clinic of the region (slutenvård)',
  MOBILE_TEAM:
    'Mobile team (mobilt team, mobil närsjukvård, läkarbil) visiting patients at home, run by a region or a municipality (`principal`); takes part in the care team, rounds and handovers',
  SPECIALISED_PALLIATIVE_HOME_CARE:
    'Specialised palliative home care (specialiserad sjukvård i hemmet, SSIH; ASIH); takes part in the care team, rounds and handovers',
  AMBULANCE:
    'Ambulance service (ambulanssjukvård): arrives unplanned, has no standing care relationship and reads only a patient’s urgent care plan (urgentCarePlan)',
  OUT_OF_HOURS:
    'Out-of-hours primary care (jourcentral, primärvårdsjour, jourläkarbil): arrives unplanned, has no standing care relationship and reads only a patient’s urgent care plan (urgentCarePlan)',
};

registerEnumType(OrganisationKind, {
  name: 'OrganisationKind',
  description: 'What kind of care unit an organisation is; decides which operations its staff may use (docs/ACCESS.md, per kind).',
  valuesMap: Object.fromEntries(Object.entries(KIND_DESCRIPTIONS).map(([k, description]) => [k, { description }])),
});

registerEnumType(Principal, {
  name: 'Principal',
  description: 'The principal (huvudman) responsible for a unit.',
  valuesMap: {
    REGION: { description: 'The region (regionen): hospitals, primary care, ambulance and out-of-hours care, specialised palliative home care.' },
    MUNICIPALITY: { description: 'The municipality (kommunen): home healthcare and social services.' },
  },
});
