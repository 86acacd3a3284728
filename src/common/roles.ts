import { registerEnumType } from '@nestjs/graphql';

/** The roles a staff member can hold in an organisation (one per assignment). */
export enum Role {
  NURSE = 'NURSE',
  PHYSICIAN = 'PHYSICIAN',
  REHAB = 'REHAB',
  DISCHARGE_COORDINATOR = 'DISCHARGE_COORDINATOR',
  CARE_COORDINATOR = 'CARE_COORDINATOR',
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  UNIT_MANAGER = 'UNIT_MANAGER',
  MAS = 'MAS',
  ADMIN = 'ADMIN',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  NURSE: 'Nurse (sjuksköterska), e.g. in municipal home healthcare',
  PHYSICIAN: 'Physician (läkare), e.g. the GP at the primary care centre',
  REHAB: 'Rehab staff (arbetsterapeut, fysioterapeut)',
  DISCHARGE_COORDINATOR: 'Discharge coordinator (utskrivningssamordnare)',
  CARE_COORDINATOR: 'Care coordinator (vårdsamordnare), often the fast vårdkontakt',
  SOCIAL_WORKER: 'Needs assessor or social worker (biståndshandläggare)',
  UNIT_MANAGER: 'Unit manager (enhetschef)',
  MAS: 'Medically responsible nurse (medicinskt ansvarig sjuksköterska, MAS)',
  ADMIN: 'Administrator of staff and assignments in their own organisation',
};

registerEnumType(Role, {
  name: 'Role',
  description: 'The role a staff member acts in within one organisation; decides which operations they may use.',
  valuesMap: Object.fromEntries(Object.entries(ROLE_DESCRIPTIONS).map(([k, description]) => [k, { description }])),
});

/** Roles that take part in a patient's care and so may read the patient record. */
export const CARE_ROLES = [Role.NURSE, Role.PHYSICIAN, Role.REHAB, Role.DISCHARGE_COORDINATOR, Role.CARE_COORDINATOR, Role.SOCIAL_WORKER] as const;
