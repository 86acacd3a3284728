import { Role } from '../common/roles';
import { OrganisationKind, Principal } from '../common/organisation-kind';

/**
 * A deterministic, clearly fictional demo region: names of units end in "(demo)", people are
 * invented. Municipality codes are real so the examples read naturally.
 */
export const DEMO_ORGS = {
  hospital: { hsaId: 'SE2321000057-1001', kind: OrganisationKind.HOSPITAL, name: 'Länssjukhuset (demo)', principalName: 'Region Jönköpings län' },
  wardMedicine: {
    hsaId: 'SE2321000057-1002',
    kind: OrganisationKind.HOSPITAL,
    name: 'Medicinavdelning M1 (demo)',
    principalName: 'Region Jönköpings län',
    parent: 'hospital',
  },
  wardGeriatrics: {
    hsaId: 'SE2321000057-1003',
    kind: OrganisationKind.HOSPITAL,
    name: 'Geriatrisk avdelning G2 (demo)',
    principalName: 'Region Jönköpings län',
    parent: 'hospital',
  },
  jonkoping: {
    hsaId: 'SE2120000530-1001',
    kind: OrganisationKind.MUNICIPALITY,
    name: 'Hemsjukvården Jönköping (demo)',
    principalName: 'Jönköpings kommun',
    municipalityCode: '0680',
  },
  habo: {
    hsaId: 'SE2120000506-1001',
    kind: OrganisationKind.MUNICIPALITY,
    name: 'Hemsjukvården Habo (demo)',
    principalName: 'Habo kommun',
    municipalityCode: '0643',
  },
  vcSjobacken: {
    hsaId: 'SE2321000057-2001',
    kind: OrganisationKind.PRIMARY_CARE,
    name: 'Vårdcentralen Sjöbacken (demo)',
    principalName: 'Region Jönköpings län',
  },
  vcEkdalen: {
    hsaId: 'SE5560000001-2001',
    kind: OrganisationKind.PRIMARY_CARE,
    name: 'Hälsocentralen Ekdalen (demo, privat)',
    principalName: 'Region Jönköpings län (vårdval); driven av Ekdalen Vård AB',
    privatelyRun: true,
  },
  // The teams around home care, and whoever comes at 3 a.m.
  mobileTeam: {
    hsaId: 'SE2321000057-3001',
    kind: OrganisationKind.MOBILE_TEAM,
    name: 'Mobila teamet Jönköping (demo)',
    principalName: 'Region Jönköpings län',
    principal: Principal.REGION,
  },
  ambulance: {
    hsaId: 'SE2321000057-4001',
    kind: OrganisationKind.AMBULANCE,
    name: 'Ambulanssjukvården Jönköping (demo)',
    principalName: 'Region Jönköpings län',
  },
  outOfHours: {
    hsaId: 'SE2321000057-5001',
    kind: OrganisationKind.OUT_OF_HOURS,
    name: 'Jourcentralen Jönköping (demo)',
    principalName: 'Region Jönköpings län',
  },
} as const satisfies Record<string, DemoOrg>;

export type DemoOrgKey = keyof typeof DEMO_ORGS;

export interface DemoOrg {
  hsaId: string;
  kind: OrganisationKind;
  name: string;
  principalName: string;
  municipalityCode?: string;
  /** A mobile team's principal (the other kinds have theirs by definition). */
  principal?: Principal;
  privatelyRun?: boolean;
  parent?: string;
}

export interface DemoStaff {
  hsaId: string;
  name: string;
  professionTitle: string;
  /** Work phone (tjänstetelefon), invented for the demo. */
  phone?: string;
  assignments: Array<[DemoOrgKey, Role]>;
}

export const DEMO_STAFF = {
  // Jönköping municipality, home healthcare
  annaNurse: {
    hsaId: 'SE2120000530-S101',
    name: 'Anna Nilsson',
    professionTitle: 'Sjuksköterska',
    phone: '036-10 50 00',
    assignments: [['jonkoping', Role.NURSE]],
  },
  karinNurse: { hsaId: 'SE2120000530-S102', name: 'Karin Berg', professionTitle: 'Sjuksköterska', assignments: [['jonkoping', Role.NURSE]] },
  omarRehab: { hsaId: 'SE2120000530-S103', name: 'Omar Haddad', professionTitle: 'Arbetsterapeut', assignments: [['jonkoping', Role.REHAB]] },
  mariaCoordinator: {
    hsaId: 'SE2120000530-S104',
    name: 'Maria Lind',
    professionTitle: 'Sjuksköterska, vårdsamordnare',
    assignments: [
      ['jonkoping', Role.CARE_COORDINATOR],
      ['jonkoping', Role.NURSE],
    ],
  },
  saraSocial: { hsaId: 'SE2120000530-S105', name: 'Sara Holm', professionTitle: 'Biståndshandläggare', assignments: [['jonkoping', Role.SOCIAL_WORKER]] },
  evaManager: { hsaId: 'SE2120000530-S106', name: 'Eva Strand', professionTitle: 'Enhetschef hemsjukvård', assignments: [['jonkoping', Role.UNIT_MANAGER]] },
  birgittaMas: {
    hsaId: 'SE2120000530-S107',
    name: 'Birgitta Sand',
    professionTitle: 'Medicinskt ansvarig sjuksköterska',
    assignments: [['jonkoping', Role.MAS]],
  },
  jonasDischarge: { hsaId: 'SE2120000530-S108', name: 'Jonas Ahl', professionTitle: 'Vårdplanerare', assignments: [['jonkoping', Role.DISCHARGE_COORDINATOR]] },
  perAdmin: { hsaId: 'SE2120000530-S109', name: 'Per Olsson', professionTitle: 'Systemförvaltare', assignments: [['jonkoping', Role.ADMIN]] },
  // Habo municipality
  linneaNurse: { hsaId: 'SE2120000506-S201', name: 'Linnea Falk', professionTitle: 'Sjuksköterska', assignments: [['habo', Role.NURSE]] },
  henrikManager: { hsaId: 'SE2120000506-S202', name: 'Henrik Dahl', professionTitle: 'Enhetschef', assignments: [['habo', Role.UNIT_MANAGER]] },
  ingridMas: { hsaId: 'SE2120000506-S203', name: 'Ingrid Moberg', professionTitle: 'Medicinskt ansvarig sjuksköterska', assignments: [['habo', Role.MAS]] },
  idaAdmin: { hsaId: 'SE2120000506-S204', name: 'Ida Lundqvist', professionTitle: 'Systemförvaltare', assignments: [['habo', Role.ADMIN]] },
  // Vårdcentralen Sjöbacken (public)
  erikGp: { hsaId: 'SE2321000057-S301', name: 'Erik Sjöberg', professionTitle: 'Distriktsläkare', assignments: [['vcSjobacken', Role.PHYSICIAN]] },
  fatimaGp: {
    hsaId: 'SE2321000057-S302',
    name: 'Fatima Rahimi',
    professionTitle: 'Specialistläkare allmänmedicin',
    assignments: [['vcSjobacken', Role.PHYSICIAN]],
  },
  sofiaNurse: { hsaId: 'SE2321000057-S303', name: 'Sofia Wikström', professionTitle: 'Distriktssköterska', assignments: [['vcSjobacken', Role.NURSE]] },
  johanCoordinator: {
    hsaId: 'SE2321000057-S304',
    name: 'Johan Berglund',
    professionTitle: 'Sjuksköterska, fast vårdkontakt',
    assignments: [['vcSjobacken', Role.CARE_COORDINATOR]],
  },
  helenaManager: { hsaId: 'SE2321000057-S305', name: 'Helena Vik', professionTitle: 'Verksamhetschef', assignments: [['vcSjobacken', Role.UNIT_MANAGER]] },
  larsAdmin: { hsaId: 'SE2321000057-S306', name: 'Lars Åberg', professionTitle: 'Systemförvaltare', assignments: [['vcSjobacken', Role.ADMIN]] },
  // Hälsocentralen Ekdalen (private)
  nilsGp: { hsaId: 'SE5560000001-S401', name: 'Nils Ekman', professionTitle: 'Distriktsläkare', assignments: [['vcEkdalen', Role.PHYSICIAN]] },
  ullaNurse: { hsaId: 'SE5560000001-S402', name: 'Ulla Persson', professionTitle: 'Distriktssköterska', assignments: [['vcEkdalen', Role.NURSE]] },
  // Hospital
  aliPhysician: {
    hsaId: 'SE2321000057-S501',
    name: 'Ali Karimi',
    professionTitle: 'Överläkare internmedicin',
    assignments: [['wardMedicine', Role.PHYSICIAN]],
  },
  emmaNurse: { hsaId: 'SE2321000057-S502', name: 'Emma Sundin', professionTitle: 'Sjuksköterska', assignments: [['wardMedicine', Role.NURSE]] },
  toveDischarge: {
    hsaId: 'SE2321000057-S503',
    name: 'Tove Lund',
    professionTitle: 'Utskrivningssamordnare',
    assignments: [
      ['wardMedicine', Role.DISCHARGE_COORDINATOR],
      ['wardGeriatrics', Role.DISCHARGE_COORDINATOR],
    ],
  },
  gustavPhysician: {
    hsaId: 'SE2321000057-S504',
    name: 'Gustav Rask',
    professionTitle: 'Överläkare geriatrik',
    assignments: [['wardGeriatrics', Role.PHYSICIAN]],
  },
  monaAdmin: { hsaId: 'SE2321000057-S505', name: 'Mona Ask', professionTitle: 'Systemförvaltare', assignments: [['hospital', Role.ADMIN]] },
  // Mobila teamet (the region's mobile team; in Esther's care team)
  hannaMobileNurse: {
    hsaId: 'SE2321000057-S601',
    name: 'Hanna Björk',
    professionTitle: 'Sjuksköterska, mobila teamet',
    phone: '036-10 60 00',
    assignments: [['mobileTeam', Role.NURSE]],
  },
  mikaelMobilePhysician: {
    hsaId: 'SE2321000057-S602',
    name: 'Mikael Norén',
    professionTitle: 'Specialistläkare, mobil närsjukvård',
    assignments: [['mobileTeam', Role.PHYSICIAN]],
  },
  // Ambulanssjukvården
  sannaParamedic: { hsaId: 'SE2321000057-S701', name: 'Sanna Holmberg', professionTitle: 'Ambulanssjuksköterska', assignments: [['ambulance', Role.NURSE]] },
  patrikAmbulanceManager: {
    hsaId: 'SE2321000057-S702',
    name: 'Patrik Lundin',
    professionTitle: 'Verksamhetschef ambulanssjukvården',
    assignments: [['ambulance', Role.UNIT_MANAGER]],
  },
  // Jourcentralen (out-of-hours primary care)
  amiraOnCall: { hsaId: 'SE2321000057-S801', name: 'Amira Saleh', professionTitle: 'Jourläkare', assignments: [['outOfHours', Role.PHYSICIAN]] },
} as const satisfies Record<string, DemoStaff>;

export type DemoStaffKey = keyof typeof DEMO_STAFF;
