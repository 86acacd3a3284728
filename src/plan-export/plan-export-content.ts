/**
 * What the exports of a published SIP version are made from, as plain data: the version, its plan,
 * the patient as the caller may see them, and the names of the units and staff the version names.
 * The service (plan-export.service.ts) reads it through the gate; the FHIR bundle (fhir-bundle.ts),
 * the GetCarePlans document (get-care-plans.ts) and the printout (plan-printout-pdf.ts) are pure
 * functions of it.
 */
import { CarePlanActionKind, CarePlanCloseReason, CarePlanStatus } from '../care-plans/care-plan.enums';
import { CarePlanSnapshot } from '../care-plans/care-plan-snapshot';

export interface UnitName {
  id: string;
  hsaId: string;
  name: string;
  phone?: string | null;
}

export interface StaffName {
  id: string;
  hsaId: string;
  name: string;
  professionTitle: string;
  phone: string | null;
}

export interface ExportPatient {
  id: string;
  /** Twelve digits, as stored (YYYYMMDDNNNN). */
  personnummer: string;
  coordinationNumber: boolean;
  birthDate: string;
  protectedIdentity: boolean;
  /** Name, address and phone may be shown to the caller (no protected identity, or a direct care relationship). */
  identityVisible: boolean;
  givenName: string | null;
  familyName: string | null;
  address: string | null;
  phone: string | null;
  /** "Vad är viktigt för mig", when the caller may see it (consent, block); null otherwise or when not recorded. */
  whatMattersToMe: string | null;
}

export interface ExportVersion {
  id: string;
  carePlanId: string;
  number: number;
  publishedAt: Date;
  publishedByStaffId: string;
  publishedByOrganisationId: string;
  /** The content, with next of kin withheld under protected identity (redactIdentity). */
  snapshot: CarePlanSnapshot;
  /** When a later version replaced it; null for the version in force (or the last of a closed plan). */
  supersededAt: Date | null;
}

export interface ExportPlan {
  id: string;
  status: CarePlanStatus;
  closedAt: Date | null;
  closeReason: CarePlanCloseReason | null;
}

export interface ExportContent {
  version: ExportVersion;
  plan: ExportPlan;
  patient: ExportPatient;
  units: ReadonlyMap<string, UnitName>;
  staff: ReadonlyMap<string, StaffName>;
}

/** The unit and staff ids the version names (participants, actions, responsibility, publisher). */
export function namedIds(v: Pick<ExportVersion, 'snapshot' | 'publishedByStaffId' | 'publishedByOrganisationId'>): { units: string[]; staff: string[] } {
  const units = new Set<string>([v.publishedByOrganisationId]);
  const staff = new Set<string>([v.publishedByStaffId]);
  const s = v.snapshot;
  const add = (set: Set<string>, id: string | null | undefined) => id && set.add(id);
  add(units, s.overallResponsibleOrganisationId);
  add(staff, s.coordinatorStaffId);
  for (const p of s.participants ?? []) {
    add(units, p.organisationId);
    add(staff, p.staffId);
  }
  for (const a of s.actions ?? []) {
    add(units, a.responsibleOrganisationId);
    add(staff, a.responsibleStaffId);
  }
  return { units: [...units], staff: [...staff] };
}

/** The organisations taking part in the version, in the order the plan names them (participants, then those responsible for actions). */
export function participatingUnits(c: Pick<ExportContent, 'version' | 'units'>): UnitName[] {
  const s = c.version.snapshot;
  const ids = [
    ...(s.participants ?? []).map((p) => p.organisationId),
    s.overallResponsibleOrganisationId,
    ...(s.actions ?? []).map((a) => a.responsibleOrganisationId),
  ].filter((o): o is string => !!o);
  return [...new Set(ids)].map((id) => c.units.get(id)).filter((u): u is UnitName => !!u);
}

/**
 * Where a published version stands: in force, replaced by a later version (or, for a patient
 * agreement, its plan replaced by a SIP), or ended with its plan.
 */
export type VersionState = 'in-force' | 'superseded' | 'closed';

export function versionState(c: Pick<ExportContent, 'version' | 'plan'>): VersionState {
  if (c.version.supersededAt || c.plan.status === CarePlanStatus.SUPERSEDED) return 'superseded';
  if (c.plan.status === CarePlanStatus.CLOSED) return 'closed';
  return 'in-force';
}

// ---- Swedish words (the HTML content and the printout are in Swedish) ----

// The action kinds and statuses in Swedish are the reserve printout's (ACTION_KIND_LABELS, ACTION_STATUS_LABELS).

/** Who does an action, in words: the person outside the organisations, or the responsible unit and staff member. */
export function actionDoer(a: CarePlanSnapshot['actions'][number], c: Pick<ExportContent, 'units' | 'staff'>): string {
  if (a.performedBy) return a.performedBy;
  const unit = a.responsibleOrganisationId ? c.units.get(a.responsibleOrganisationId) : null;
  const person = a.responsibleStaffId ? c.staff.get(a.responsibleStaffId) : null;
  const parts = [person ? `${person.name} (${person.professionTitle.toLowerCase()})` : null, unit?.name ?? null].filter(Boolean);
  if (parts.length) return parts.join(', ');
  return a.kind === CarePlanActionKind.NEXT_OF_KIN ? 'närstående' : 'ingen angiven';
}
