import { registerEnumType } from '@nestjs/graphql';

/** The kinds of care unit (vocabulary shared by auth, access and every capability). */
export enum OrganisationKind {
  MUNICIPALITY = 'MUNICIPALITY',
  PRIMARY_CARE = 'PRIMARY_CARE',
  HOSPITAL = 'HOSPITAL',
}

registerEnumType(OrganisationKind, {
  name: 'OrganisationKind',
  description: 'What kind of care unit an organisation is.',
  valuesMap: {
    MUNICIPALITY: { description: 'Home healthcare unit of a municipality (kommunal hemsjukvård)' },
    PRIMARY_CARE: { description: 'Primary care centre (vårdcentral), publicly or privately run' },
    HOSPITAL: { description: 'Hospital, ward or clinic of the region (slutenvård)' },
  },
});
