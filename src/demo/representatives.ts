import { EntityManager } from 'typeorm';
import { Patient } from '../patients/patient.entity';
import { PatientRepresentative, RepresentativeKind } from '../patient-view/patient-representative.entity';
import { DEMO_PATIENTS, demoPersonnummer, withCheckDigit } from './patients';

/** Esther's daughter Karin, her ombud (fullmakt): signs in with her own personnummer and acts for Esther in Esther's own view. */
export const DEMO_REPRESENTATIVE = { name: 'Karin Johansson', personnummer: withCheckDigit('19650304', '282'), kind: RepresentativeKind.OMBUD };

export async function loadDemoRepresentatives(m: EntityManager, orgIds: Map<string, string>, staffIds: Map<string, string>): Promise<boolean> {
  const esther = await m.getRepository(Patient).findOneBy({ personnummer: demoPersonnummer(DEMO_PATIENTS.find((p) => p.key === 'esther')!) });
  if (!esther) return false;
  if (await m.getRepository(PatientRepresentative).existsBy({ patientId: esther.id })) return false;
  await m.getRepository(PatientRepresentative).insert({
    patientId: esther.id,
    representativePersonnummer: DEMO_REPRESENTATIVE.personnummer,
    name: DEMO_REPRESENTATIVE.name,
    kind: DEMO_REPRESENTATIVE.kind,
    validFrom: '2026-02-03',
    validTo: null,
    recordedAt: new Date('2026-02-03T10:00:00Z'),
    recordedByStaffId: staffIds.get('annaNurse')!,
    recordedByOrganisationId: orgIds.get('jonkoping')!,
  });
  return true;
}
