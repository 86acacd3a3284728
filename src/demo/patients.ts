import { EntityManager } from 'typeorm';
import { CareTeamMember } from '../patients/care-team-member.entity';
import { Consent, ConsentGivenBy, ConsentKind, ConsentScope } from '../patients/consent.entity';
import { Enrollment, EnrollmentStatus } from '../patients/enrollment.entity';
import { NextOfKinRecord, Patient } from '../patients/patient.entity';
import type { DemoOrgKey, DemoStaffKey } from './region';

/** Luhn check digit over the ten digits YYMMDDNNN (the last digit computed). */
export function withCheckDigit(yyyymmdd: string, serial: string): string {
  const ten = yyyymmdd.slice(2) + serial;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${yyyymmdd}${serial}${(10 - (sum % 10)) % 10}`;
}

interface DemoPatient {
  key: string;
  birth: string;
  serial: string;
  coordination?: boolean;
  givenName: string;
  familyName: string;
  address: string;
  phone?: string;
  protectedIdentity?: boolean;
  nextOfKin?: NextOfKinRecord[];
  whatMattersToMe?: string;
  registeredBy: DemoOrgKey;
  registeredByStaff: DemoStaffKey;
  enrollment?: {
    municipality: DemoOrgKey;
    primaryCare: DemoOrgKey;
    nurse: DemoStaffKey;
    physician: DemoStaffKey;
    start: string;
    homeVisit?: string;
    ended?: { date: string; reason: string };
  };
  /** Care-team members and who added them: never the organisation itself (a relationship has an author). */
  /** `at`: when the unit was added (default: when the demo is loaded). */
  careTeam?: Array<{ org: DemoOrgKey; reason: string; by: [DemoOrgKey, DemoStaffKey]; at?: string }>;
  consent?: boolean;
}

/** About ten fictional patients. "Esther" is the one every later capability builds on. */
export const DEMO_PATIENTS: DemoPatient[] = [
  {
    key: 'esther',
    birth: '19380412',
    serial: '224',
    givenName: 'Esther',
    familyName: 'Johansson',
    address: 'Lärkgatan 4, 553 16 Jönköping',
    phone: '036-12 34 56',
    nextOfKin: [{ name: 'Karin Johansson', relation: 'dotter', phone: '070-123 45 67', isRepresentative: false }],
    whatMattersToMe: 'Att få bo kvar hemma med min katt Sigge, och att slippa åka in till sjukhuset i onödan. Jag vill orka gå till brevlådan själv.',
    registeredBy: 'jonkoping',
    registeredByStaff: 'annaNurse',
    enrollment: {
      municipality: 'jonkoping',
      primaryCare: 'vcSjobacken',
      nurse: 'annaNurse',
      physician: 'erikGp',
      start: '2026-02-03',
      homeVisit: '2026-02-05',
    },
    careTeam: [
      {
        org: 'mobileTeam',
        reason: 'Mobila teamet gör hembesök kvällar och helger när hjärtsvikten försämras, så att Esther kan vårdas hemma',
        by: ['jonkoping', 'annaNurse'],
        at: '2026-09-16T08:00:00Z',
      },
    ],
    consent: true,
  },
  {
    key: 'gunnar',
    birth: '19410923',
    serial: '153',
    givenName: 'Gunnar',
    familyName: 'Lindqvist',
    address: 'Björkvägen 12, 554 48 Jönköping',
    nextOfKin: [{ name: 'Birgit Lindqvist', relation: 'maka', phone: '036-22 33 44', isRepresentative: false }],
    whatMattersToMe: 'Att kunna fortsätta lösa korsord på morgonen och träffa barnbarnen.',
    registeredBy: 'jonkoping',
    registeredByStaff: 'karinNurse',
    enrollment: { municipality: 'jonkoping', primaryCare: 'vcSjobacken', nurse: 'karinNurse', physician: 'fatimaGp', start: '2026-05-11' },
    consent: true,
  },
  {
    key: 'margit',
    birth: '19350107',
    serial: '228',
    givenName: 'Margit',
    familyName: 'Ek',
    address: 'Kyrkogatan 2, 566 32 Habo',
    registeredBy: 'habo',
    registeredByStaff: 'linneaNurse',
    enrollment: { municipality: 'habo', primaryCare: 'vcEkdalen', nurse: 'linneaNurse', physician: 'nilsGp', start: '2026-03-20', homeVisit: '2026-03-24' },
    consent: true,
  },
  {
    key: 'protected',
    birth: '19500618',
    serial: '382',
    givenName: 'Maj',
    familyName: 'Skyddad',
    address: 'Adress skyddad',
    protectedIdentity: true,
    registeredBy: 'jonkoping',
    registeredByStaff: 'annaNurse',
    enrollment: { municipality: 'jonkoping', primaryCare: 'vcSjobacken', nurse: 'annaNurse', physician: 'erikGp', start: '2026-06-01' },
  },
  {
    key: 'sven',
    birth: '19450302',
    serial: '173',
    givenName: 'Sven',
    familyName: 'Berg',
    address: 'Sjövägen 7, 553 05 Jönköping',
    registeredBy: 'wardMedicine',
    registeredByStaff: 'emmaNurse',
  },
  {
    key: 'karl',
    birth: '19390814',
    serial: '157',
    givenName: 'Karl',
    familyName: 'Nyström',
    address: 'Ekhagsvägen 30, 554 54 Jönköping',
    registeredBy: 'jonkoping',
    registeredByStaff: 'karinNurse',
    enrollment: { municipality: 'jonkoping', primaryCare: 'vcEkdalen', nurse: 'karinNurse', physician: 'nilsGp', start: '2026-08-18' },
    consent: true,
  },
  {
    key: 'elsa',
    birth: '19440229',
    serial: '248',
    givenName: 'Elsa',
    familyName: 'Holm',
    address: 'Furuvägen 9, 566 33 Habo',
    registeredBy: 'habo',
    registeredByStaff: 'linneaNurse',
    enrollment: { municipality: 'habo', primaryCare: 'vcSjobacken', nurse: 'linneaNurse', physician: 'erikGp', start: '2026-09-07' },
  },
  {
    key: 'ingrid',
    birth: '19331130',
    serial: '206',
    givenName: 'Ingrid',
    familyName: 'Svensson',
    address: 'Ringvägen 3, 553 21 Jönköping',
    nextOfKin: [{ name: 'Per Svensson', relation: 'son, god man', phone: '073-987 65 43', isRepresentative: true }],
    registeredBy: 'jonkoping',
    registeredByStaff: 'mariaCoordinator',
    enrollment: { municipality: 'jonkoping', primaryCare: 'vcSjobacken', nurse: 'mariaCoordinator', physician: 'fatimaGp', start: '2026-10-01' },
    consent: true,
  },
  {
    key: 'amir',
    birth: '19520714',
    serial: '337',
    coordination: true,
    givenName: 'Amir',
    familyName: 'Rahman',
    address: 'Västra Storgatan 20, 553 15 Jönköping',
    registeredBy: 'jonkoping',
    registeredByStaff: 'mariaCoordinator',
    careTeam: [{ org: 'jonkoping', reason: 'Bedömning inför inskrivning i hemsjukvården efter vårdtiden på M1', by: ['wardMedicine', 'toveDischarge'] }],
  },
  {
    key: 'astrid',
    birth: '19400505',
    serial: '142',
    givenName: 'Astrid',
    familyName: 'Lund',
    address: 'Solbacken 1, 566 31 Habo',
    registeredBy: 'habo',
    registeredByStaff: 'linneaNurse',
    enrollment: {
      municipality: 'habo',
      primaryCare: 'vcEkdalen',
      nurse: 'linneaNurse',
      physician: 'nilsGp',
      start: '2025-11-03',
      ended: { date: '2026-06-30', reason: 'Flyttat till särskilt boende' },
    },
    careTeam: [{ org: 'wardGeriatrics', reason: 'Inlagd på geriatrisk avdelning G2', by: ['habo', 'linneaNurse'] }],
  },
];

export function demoPersonnummer(p: Pick<DemoPatient, 'birth' | 'serial' | 'coordination'>): string {
  const birth = p.coordination ? p.birth.slice(0, 6) + String(Number(p.birth.slice(6)) + 60) : p.birth;
  return withCheckDigit(birth, p.serial);
}

export async function loadDemoPatients(m: EntityManager, orgIds: Map<string, string>, staffIds: Map<string, string>): Promise<boolean> {
  let created = false;
  for (const d of DEMO_PATIENTS) {
    const pnr = demoPersonnummer(d);
    if (await m.getRepository(Patient).existsBy({ personnummer: pnr })) continue;
    created = true;
    const org = (k: DemoOrgKey) => orgIds.get(k)!;
    const staff = (k: DemoStaffKey) => staffIds.get(k)!;
    const p = await m.getRepository(Patient).save(
      m.getRepository(Patient).create({
        personnummer: pnr,
        coordinationNumber: !!d.coordination,
        birthDate: `${d.birth.slice(0, 4)}-${d.birth.slice(4, 6)}-${d.birth.slice(6, 8)}`,
        givenName: d.givenName,
        familyName: d.familyName,
        address: d.address,
        phone: d.phone ?? null,
        protectedIdentity: !!d.protectedIdentity,
        nextOfKin: d.nextOfKin ?? [],
        whatMattersToMe: d.whatMattersToMe ?? null,
        whatMattersToMeRecordedBy: d.whatMattersToMe ? org(d.registeredBy) : null,
        registeredByOrganisationId: org(d.registeredBy),
        registeredByStaffId: staff(d.registeredByStaff),
      }),
    );
    if (d.enrollment) {
      const e = d.enrollment;
      await m.getRepository(Enrollment).insert({
        patientId: p.id,
        status: e.ended ? EnrollmentStatus.ENDED : EnrollmentStatus.ACTIVE,
        municipalityId: org(e.municipality),
        primaryCareId: org(e.primaryCare),
        namedNurseId: staff(e.nurse),
        namedPhysicianId: staff(e.physician),
        startDate: e.start,
        jointHomeVisitDate: e.homeVisit ?? null,
        endDate: e.ended?.date ?? null,
        endReason: e.ended?.reason ?? null,
        endedByStaffId: e.ended ? staff(e.nurse) : null,
        enrolledByStaffId: staff(e.nurse),
      });
    }
    for (const ct of d.careTeam ?? []) {
      await m.getRepository(CareTeamMember).insert({
        patientId: p.id,
        organisationId: org(ct.org),
        reason: ct.reason,
        addedByStaffId: staff(ct.by[1]),
        addedByOrganisationId: org(ct.by[0]),
        ...(ct.at ? { addedAt: new Date(ct.at) } : {}),
      });
    }
    if (d.consent) {
      for (const kind of [ConsentKind.INFORMATION_SHARING, ConsentKind.SIP]) {
        await m.getRepository(Consent).insert({
          patientId: p.id,
          kind,
          givenBy: ConsentGivenBy.PATIENT,
          representativeName: null,
          scope: ConsentScope.CARE_TEAM,
          organisationIds: [],
          validFrom: d.enrollment?.start ?? '2026-01-01',
          validUntil: null,
          recordedByStaffId: staff(d.enrollment?.nurse ?? d.registeredByStaff),
          recordedByOrganisationId: org(d.enrollment?.municipality ?? d.registeredBy),
        });
      }
    }
  }
  return created;
}
