/**
 * The reserve snapshot (reservutskrift) of one home healthcare unit, as data: what a nurse needs
 * when the service is down, for every patient in the unit's care. The PDF (reserve-pdf.ts) and the
 * JSON file (this shape, serialised) are both made from it. Pure: no I/O, no clock ("today" and
 * the instant are passed in).
 *
 * The JSON file's shape is versioned by `formatVersion`: a reader checks `format` and
 * `formatVersion` first. Fields are only ever added within a version; a field that changes meaning
 * or goes away makes a new version. README.md ("Reserve routine") documents it.
 */
import { canSeeIdentity, hasBlockedInformation, PatientGrant } from '../access/patient-grant';
import { inStockholm } from '../common/calendar';
import { CarePlanActionKind, CarePlanActionStatus } from '../care-plans/care-plan.enums';
import { planAccess } from '../care-plans/care-plan-rules';
import { CarePlanSnapshot, redactIdentity } from '../care-plans/care-plan-snapshot';
import {
  ActionPerformer,
  ContactHours,
  ContactRecord,
  PlanStepRecord,
  TreatmentLimitationKind,
  TreatmentLimitationRecord,
} from '../deterioration-plans/deterioration-plan.entity';
import { canSeePlan, isDueForReview } from '../deterioration-plans/plan-content';
import { Comparator, ObservationKind, OBSERVATION_UNITS, Trigger } from '../deterioration-plans/triggers';
import { DeteriorationPlanStatus } from '../deterioration-plans/deterioration-plan.entity';
import { NextOfKinRecord, Patient } from '../patients/patient.entity';
import { PatientView } from '../patients/patient.types';

/** What `format` says in every file: a reader checks it (and `formatVersion`) before anything else. */
export const RESERVE_SNAPSHOT_FORMAT = 'esther-reserve-snapshot';
/** The version of the JSON shape below. */
export const RESERVE_SNAPSHOT_FORMAT_VERSION = 1;

export interface UnitRef {
  hsaId: string;
  name: string;
}

export interface PersonRef {
  hsaId: string;
  name: string;
  professionTitle: string;
}

/** Who made the file: a staff member through the API, or the service itself (the command or the schedule). */
export type ProducedBy = { kind: 'STAFF'; staffHsaId: string; role: string } | { kind: 'SYSTEM'; trigger: 'command' | 'schedule' };

export interface ReserveSnapshot {
  format: typeof RESERVE_SNAPSHOT_FORMAT;
  formatVersion: typeof RESERVE_SNAPSHOT_FORMAT_VERSION;
  /** The instant the snapshot was read (UTC, ISO 8601). */
  producedAt: string;
  /** The same instant as Swedish wall-clock time, `YYYY-MM-DD HH:mm` (Europe/Stockholm). */
  producedAtStockholm: string;
  producedBy: ProducedBy;
  unit: UnitRef & { kind: string; municipalityCode: string | null };
  /** 1 for a whole snapshot; through the API, the part number when the unit's patients come in several files. */
  part: number;
  /** False when the unit has more patients than this file holds (a part fetched through the API): fetch the next part. */
  complete: boolean;
  patientCount: number;
  patients: ReservePatient[];
}

export interface ReservePatient {
  /** The patient's id in the service (`Patient.id`), to find them again afterwards. */
  patientId: string;
  /** Twelve digits, as stored (YYYYMMDDNNNN). */
  personnummer: string;
  coordinationNumber: boolean;
  birthDate: string;
  /** Skyddad identitet. */
  protectedIdentity: boolean;
  /** Name, address, phone and next of kin are withheld from this unit (protected identity without a direct care relationship), as in the caseload. */
  identityWithheld: boolean;
  givenName: string | null;
  familyName: string | null;
  address: string | null;
  phone: string | null;
  /** Närstående; null when withheld. */
  nextOfKin: NextOfKinRecord[] | null;
  /** The unit's kinds of care relationship with the patient (ENROLLMENT, CARE_TEAM, SIP_PARTICIPANT, DISCHARGE_PROCESS). */
  careRelationships: string[];
  /** The patient has blocked information the unit cannot see; where it was recorded is not said. */
  hasBlockedInformation: boolean;
  /** The active home healthcare enrollment with the fast vårdkontakt and fast läkarkontakt; null without one. */
  enrollment: ReserveEnrollment | null;
  /** The active, physician-signed deterioration action plan; null when there is none the unit may see. */
  deteriorationPlan: ReserveDeteriorationPlan | null;
  /** The SIP's version in force (never a draft); null when there is none the unit may see. */
  carePlan: ReserveCarePlan | null;
}

export interface ReserveEnrollment {
  startDate: string;
  municipality: UnitRef | null;
  primaryCareCentre: UnitRef | null;
  /** Fast vårdkontakt. */
  namedNurse: PersonRef | null;
  /** Fast läkarkontakt. */
  namedPhysician: PersonRef | null;
}

export interface ReserveDeteriorationPlan {
  planId: string;
  planVersion: number;
  signedAt: string | null;
  signedBy: PersonRef | null;
  signedByUnit: UnitRef | null;
  reviewDate: string | null;
  /** The review date has come: still the plan in force, but it should be reviewed. */
  dueForReview: boolean;
  conditions: string[];
  treatmentLimitations: Array<TreatmentLimitationRecord & { label: string }>;
  steps: Array<{
    order: number;
    trigger: Trigger & { text: string };
    actions: Array<{ description: string; performer: ActionPerformer; asNeededMedication: string | null }>;
  }>;
  /** The whole contact ladder (kontaktstege), every period, in the plan's order. */
  contactLadder: ContactRecord[];
}

export interface ReserveCarePlan {
  carePlanId: string;
  versionNumber: number;
  publishedAt: string;
  overallResponsibleUnit: UnitRef | null;
  coordinator: PersonRef | null;
  nextFollowUpDate: string | null;
  /** Who does what: every action of the version in force. */
  actions: Array<{
    description: string;
    kind: CarePlanActionKind;
    status: CarePlanActionStatus;
    responsibleUnit: UnitRef | null;
    responsibleStaff: PersonRef | null;
    /** Someone outside the organisations (a next of kin); withheld under protected identity as in the plan itself. */
    performedBy: string | null;
    startDate: string;
    endDate: string | null;
  }>;
}

// ---- reading the rows ----

/** One row of the snapshot's read (reserve.service.ts), before the access decision. */
export interface SnapshotRow {
  patient_id: string;
  kinds: string[];
  family_sort: string;
  given_sort: string;
  personnummer: string;
  coordination_number: boolean;
  birth_date: string;
  given_name: string;
  family_name: string;
  address: string | null;
  phone: string | null;
  protected_identity: boolean;
  next_of_kin: NextOfKinRecord[];
  enrollment: { startDate: string; municipalityId: string; primaryCareId: string; namedNurseId: string; namedPhysicianId: string } | null;
  plan: {
    id: string;
    planVersion: number;
    conditions: string[];
    treatmentLimitations: TreatmentLimitationRecord[];
    steps: PlanStepRecord[];
    contacts: ContactRecord[];
    reviewDate: string | null;
    recordedByOrganisationId: string;
    signedByOrganisationId: string | null;
    signedByStaffId: string | null;
    signedAt: string | null;
  } | null;
  sip: {
    id: string;
    participantOrganisationIds: string[];
    createdByOrganisationId: string;
    number: number;
    publishedAt: string;
    snapshot: CarePlanSnapshot;
  } | null;
}

/** Names of the units and staff a page refers to, by id (reference data). */
export interface Names {
  units: Map<string, UnitRef>;
  staff: Map<string, PersonRef>;
}

/** The unit and staff ids a row refers to, to read their names in one statement each. */
export function referencedIds(rows: readonly SnapshotRow[]): { units: string[]; staff: string[] } {
  const units = new Set<string>();
  const staff = new Set<string>();
  const add = (set: Set<string>, id: string | null | undefined) => id && set.add(id);
  for (const r of rows) {
    if (r.enrollment) {
      add(units, r.enrollment.municipalityId);
      add(units, r.enrollment.primaryCareId);
      add(staff, r.enrollment.namedNurseId);
      add(staff, r.enrollment.namedPhysicianId);
    }
    if (r.plan) {
      add(units, r.plan.signedByOrganisationId);
      add(staff, r.plan.signedByStaffId);
    }
    if (r.sip) {
      add(units, r.sip.snapshot.overallResponsibleOrganisationId);
      add(staff, r.sip.snapshot.coordinatorStaffId);
      for (const a of r.sip.snapshot.actions) {
        add(units, a.responsibleOrganisationId);
        add(staff, a.responsibleStaffId);
      }
    }
  }
  return { units: [...units], staff: [...staff] };
}

/** An instant from the database (a Date, or text from jsonb) as ISO 8601 UTC. */
function instant(v: string | Date | null): string | null {
  return v === null ? null : new Date(v).toISOString();
}

/**
 * One patient of the snapshot, as the unit may see them. The grant is the unit's without
 * emergency access (the gate's list for the snapshot takes care relationships only). Identity
 * follows the caseload (PatientView); the deterioration plan and the SIP follow their own
 * capabilities' rules (canSeePlan, planAccess with redactIdentity).
 */
export function toReservePatient(row: SnapshotRow, grant: PatientGrant, names: Names, today: string): ReservePatient {
  const unit = (id: string | null | undefined) => (id ? (names.units.get(id) ?? null) : null);
  const person = (id: string | null | undefined) => (id ? (names.staff.get(id) ?? null) : null);
  const view = new PatientView(
    Object.assign(new Patient(), {
      id: row.patient_id,
      personnummer: row.personnummer,
      coordinationNumber: row.coordination_number,
      birthDate: row.birth_date,
      givenName: row.given_name,
      familyName: row.family_name,
      address: row.address,
      phone: row.phone,
      protectedIdentity: row.protected_identity,
      nextOfKin: row.next_of_kin,
    }),
    grant,
  );
  const e = row.enrollment;
  const plan = row.plan && canSeePlan(grant, row.plan) ? row.plan : null;
  const sip = row.sip && planAccess(grant, row.sip).read ? row.sip : null;
  const content = sip ? redactIdentity(sip.snapshot, canSeeIdentity(grant)) : null;
  return {
    patientId: row.patient_id,
    personnummer: view.personnummer,
    coordinationNumber: view.coordinationNumber,
    birthDate: view.birthDate,
    protectedIdentity: view.protectedIdentity,
    identityWithheld: !canSeeIdentity(grant),
    givenName: view.givenName,
    familyName: view.familyName,
    address: view.address,
    phone: view.phone,
    nextOfKin: view.nextOfKin,
    careRelationships: [...grant.relationships].sort(),
    hasBlockedInformation: hasBlockedInformation(grant),
    enrollment: e
      ? {
          startDate: e.startDate,
          municipality: unit(e.municipalityId),
          primaryCareCentre: unit(e.primaryCareId),
          namedNurse: person(e.namedNurseId),
          namedPhysician: person(e.namedPhysicianId),
        }
      : null,
    deteriorationPlan: plan
      ? {
          planId: plan.id,
          planVersion: plan.planVersion,
          signedAt: instant(plan.signedAt),
          signedBy: person(plan.signedByStaffId),
          signedByUnit: unit(plan.signedByOrganisationId),
          reviewDate: plan.reviewDate,
          dueForReview: isDueForReview({ status: DeteriorationPlanStatus.ACTIVE, reviewDate: plan.reviewDate }, today),
          conditions: plan.conditions,
          treatmentLimitations: plan.treatmentLimitations.map((l) => ({ ...l, label: LIMITATION_LABELS[l.kind] ?? l.kind })),
          steps: [...plan.steps]
            .sort((a, b) => a.order - b.order)
            .map((s) => ({
              order: s.order,
              trigger: { ...s.trigger, text: triggerText(s.trigger) },
              actions: s.actions.map((a) => ({ description: a.description, performer: a.performer, asNeededMedication: a.asNeededMedication })),
            })),
          contactLadder: plan.contacts.map((c) => ({ hours: c.hours, role: c.role, name: c.name, phone: c.phone })),
        }
      : null,
    carePlan:
      sip && content
        ? {
            carePlanId: sip.id,
            versionNumber: sip.number,
            publishedAt: instant(sip.publishedAt)!,
            overallResponsibleUnit: unit(content.overallResponsibleOrganisationId),
            coordinator: person(content.coordinatorStaffId),
            nextFollowUpDate: content.nextFollowUpDate,
            actions: content.actions.map((a) => ({
              description: a.description,
              kind: a.kind,
              status: a.status,
              responsibleUnit: unit(a.responsibleOrganisationId),
              responsibleStaff: person(a.responsibleStaffId),
              performedBy: a.performedBy,
              startDate: a.startDate,
              endDate: a.endDate,
            })),
          }
        : null,
  };
}

/** The instant as Swedish wall-clock time, `YYYY-MM-DD HH:mm`. */
export function stockholmTime(at: Date): string {
  return inStockholm(at).toFormat('yyyy-MM-dd HH:mm');
}

/** The instant as a file-name stamp in Swedish time, `YYYYMMDD-HHmm`. */
export function stockholmStamp(at: Date): string {
  return inStockholm(at).toFormat('yyyyMMdd-HHmm');
}

// ---- words staff use (the PDF is in Swedish) ----

export const LIMITATION_LABELS: Record<TreatmentLimitationKind, string> = {
  [TreatmentLimitationKind.NO_CPR]: 'Ej hjärt-lungräddning (ej HLR)',
  [TreatmentLimitationKind.NO_INTENSIVE_CARE]: 'Ej intensivvård (ej IVA)',
  [TreatmentLimitationKind.CARE_AT_HOME_PREFERRED]: 'Vård i hemmet i första hand',
  [TreatmentLimitationKind.HOSPITAL_ONLY_IF]: 'Sjukhus endast om',
  [TreatmentLimitationKind.NO_HOSPITAL_TRANSFER]: 'Ingen överflyttning till sjukhus',
  [TreatmentLimitationKind.OTHER]: 'Annat beslut',
};

export const PERFORMER_LABELS: Record<ActionPerformer, string> = {
  [ActionPerformer.NURSE]: 'Sjuksköterska',
  [ActionPerformer.PHYSICIAN]: 'Läkare',
  [ActionPerformer.ON_CALL_PHYSICIAN]: 'Jourläkare',
};

export const HOURS_LABELS: Record<ContactHours, string> = {
  [ContactHours.OFFICE_HOURS]: 'Kontorstid',
  [ContactHours.OUT_OF_HOURS]: 'Jourtid (kväll, natt, helg)',
  [ContactHours.ALL_HOURS]: 'Alla tider',
};

export const ACTION_KIND_LABELS: Record<CarePlanActionKind, string> = {
  [CarePlanActionKind.HEALTH_CARE]: 'Hälso- och sjukvård',
  [CarePlanActionKind.SOCIAL_SERVICE]: 'Socialtjänst',
  [CarePlanActionKind.REHABILITATION]: 'Rehabilitering',
  [CarePlanActionKind.NEXT_OF_KIN]: 'Närstående',
  [CarePlanActionKind.SELF_CARE]: 'Egenvård',
  [CarePlanActionKind.OTHER]: 'Annat',
};

export const ACTION_STATUS_LABELS: Record<CarePlanActionStatus, string> = {
  [CarePlanActionStatus.PLANNED]: 'planerad',
  [CarePlanActionStatus.ONGOING]: 'pågår',
  [CarePlanActionStatus.DONE]: 'genomförd',
  [CarePlanActionStatus.CANCELLED]: 'inställd',
};

export const RELATIONSHIP_LABELS: Record<string, string> = {
  ENROLLMENT: 'inskrivning i hemsjukvården',
  CARE_TEAM: 'vårdteamet',
  SIP_PARTICIPANT: 'deltar i SIP',
  DISCHARGE_PROCESS: 'utskrivning från sjukhus',
};

const OBSERVATION_LABELS_SV: Record<ObservationKind, string> = {
  [ObservationKind.RESPIRATORY_RATE]: 'Andningsfrekvens',
  [ObservationKind.OXYGEN_SATURATION]: 'Syremättnad',
  [ObservationKind.PULSE]: 'Puls',
  [ObservationKind.SYSTOLIC_BP]: 'Systoliskt blodtryck',
  [ObservationKind.TEMPERATURE]: 'Temperatur',
  [ObservationKind.WEIGHT_CHANGE]: 'Viktförändring',
  [ObservationKind.NEWS2]: 'NEWS2',
  [ObservationKind.BLOOD_GLUCOSE]: 'Blodsocker',
  [ObservationKind.PAIN_NRS]: 'Smärta (NRS)',
};

const COMPARATOR_WORDS_SV: Record<Comparator, string> = {
  [Comparator.GT]: 'över',
  [Comparator.GTE]: 'minst',
  [Comparator.LT]: 'under',
  [Comparator.LTE]: 'högst',
  [Comparator.EQ]: 'lika med',
};

/** A number as Swedes write it (decimal comma). */
function swedishNumber(n: number): string {
  return String(n).replace('.', ',');
}

/** A step's trigger in Swedish words, e.g. "Viktförändring minst 2 kg på 3 dagar", "Andningsfrekvens över 25 /min"; a sign in words as written. */
export function triggerText(t: Trigger): string {
  if (t.kind === 'SIGN') return t.sign.trim();
  const unit = OBSERVATION_UNITS[t.observation] ?? '';
  const amount = `${swedishNumber(t.threshold)}${unit ? ` ${unit}` : ''}`;
  const period = t.observation === ObservationKind.WEIGHT_CHANGE && t.overDays != null ? ` på ${t.overDays} ${t.overDays === 1 ? 'dag' : 'dagar'}` : '';
  return `${OBSERVATION_LABELS_SV[t.observation] ?? t.observation} ${COMPARATOR_WORDS_SV[t.comparator] ?? t.comparator} ${amount}${period}`;
}
