import { EntityManager } from 'typeorm';
import { Staff } from '../organisations/staff.entity';
import {
  FrailtyAssessment,
  Housing,
  JointHomeVisit,
  NamedContactChange,
  NamedContactChangeReason,
  NamedContactRole,
  PatientHousing,
} from '../patients/continuity.entity';
import { Enrollment, EnrollmentStatus } from '../patients/enrollment.entity';
import { Patient } from '../patients/patient.entity';
import { DEMO_PATIENTS, demoPersonnummer } from './patients';

/**
 * A hyrläkare who was Esther's fast läkarkontakt until his contract at Vårdcentralen Sjöbacken ended:
 * a staff member without an assignment any more (so not in DEMO_STAFF, whose members all act somewhere).
 */
export const FORMER_GP = { hsaId: 'SE2321000057-S307', name: 'Olof Lindgren', professionTitle: 'Hyrläkare allmänmedicin' };

/**
 * Esther's continuity: her first fast läkarkontakt, the hyrläkare Olof Lindgren, left Vårdcentralen
 * Sjöbacken and Erik Sjöberg was named from April 1 (the enrollment names Erik; the change is the
 * history). She lives in ordinary housing since before the enrollment, was assessed CFS 6 at the
 * joint home visit two days after the start, which the municipal nurse and Olof held together.
 * Loaded once, with Esther.
 */
export async function loadDemoContinuity(m: EntityManager, orgIds: Map<string, string>, staffIds: Map<string, string>): Promise<boolean> {
  const esther = await m.getRepository(Patient).findOneBy({ personnummer: demoPersonnummer(DEMO_PATIENTS.find((p) => p.key === 'esther')!) });
  if (!esther) return false;
  if (await m.getRepository(PatientHousing).existsBy({ patientId: esther.id })) return false;
  const enrollment = await m.getRepository(Enrollment).findOneByOrFail({ patientId: esther.id, status: EnrollmentStatus.ACTIVE });
  const [jonkoping, vcSjobacken] = [orgIds.get('jonkoping')!, orgIds.get('vcSjobacken')!];
  const [anna, erik, helena] = ['annaNurse', 'erikGp', 'helenaManager'].map((k) => staffIds.get(k)!);
  const olof =
    (await m.getRepository(Staff).findOneBy({ hsaId: FORMER_GP.hsaId }))?.id ??
    (await m.getRepository(Staff).save(m.getRepository(Staff).create({ ...FORMER_GP, phone: null }))).id;
  await m.getRepository(NamedContactChange).insert({
    patientId: esther.id,
    enrollmentId: enrollment.id,
    role: NamedContactRole.PHYSICIAN,
    previousStaffId: olof,
    newStaffId: erik,
    reason: NamedContactChangeReason.STAFF_LEFT,
    note: 'Hyrläkarens uppdrag på vårdcentralen upphörde 31 mars',
    effectiveFrom: '2026-04-01',
    changedByStaffId: helena,
    changedByOrganisationId: vcSjobacken,
    changedAt: new Date('2026-03-30T09:00:00Z'),
  });
  await m.getRepository(PatientHousing).insert({
    patientId: esther.id,
    housing: Housing.ORDINARY_HOUSING,
    fromDate: '1998-06-01',
    note: 'Lägenhet med hiss, bor ensam med katten Sigge',
    recordedByStaffId: anna,
    recordedByOrganisationId: jonkoping,
    recordedAt: new Date('2026-02-03T10:00:00Z'),
  });
  await m.getRepository(FrailtyAssessment).insert({
    patientId: esther.id,
    score: 6,
    assessedOn: '2026-02-05',
    note: 'Behöver hjälp med all utevistelse och med hushållet; klarar personlig hygien med stöd',
    assessedByStaffId: anna,
    recordedByOrganisationId: jonkoping,
    recordedAt: new Date('2026-02-05T14:00:00Z'),
  });
  await m.getRepository(JointHomeVisit).insert({
    patientId: esther.id,
    enrollmentId: enrollment.id,
    visitedOn: '2026-02-05',
    participantStaffIds: [anna, olof],
    recordedByStaffId: anna,
    recordedByOrganisationId: jonkoping,
    recordedAt: new Date('2026-02-05T14:00:00Z'),
  });
  return true;
}
