/**
 * The rules of the medication reconciliation (läkemedelsavstämning) that need no database: which
 * discrepancies are consistent with the discharge medication list, who gets the tasks, and what the
 * tasks say. Pure.
 */
import { addDays } from '../common/calendar';
import { FieldError } from '../common/errors';
import { Role } from '../common/roles';
import { MedicationDiscrepancyKind as D, MedicationLineStatus, MedicationRoute } from './discharge.enums';
import { lineName, MedicationLineRecord } from './medication-lines';

/** The kinds that are about a line of the list (the others: NOT_ON_LIST about a medicine not on it; OTHER either). */
export const LINE_KINDS: readonly D[] = [D.MISSING_AT_HOME, D.STOPPED_BUT_AT_HOME, D.DOSE_DIFFERS, D.STRENGTH_DIFFERS, D.PRODUCT_DIFFERS];

export interface DiscrepancyFields {
  kind: D;
  lineNumber?: number | null;
  medicine?: string | null;
  description: string;
}

/**
 * Field errors of a reconciliation against the discharge medication list (`lines`), named from
 * `input`: `matches` and the discrepancies agree; each discrepancy names exactly one of a line of
 * the list and a medicine not on it, as its kind asks; a STOPPED_BUT_AT_HOME line is one that is
 * STOPPED, a MISSING_AT_HOME line one that is not.
 */
export function reconciliationErrors(
  input: { matches: boolean; discrepancies: readonly DiscrepancyFields[] },
  lines: readonly MedicationLineRecord[],
): FieldError[] {
  const errors: FieldError[] = [];
  if (input.matches && input.discrepancies.length > 0) errors.push({ field: 'input.discrepancies', message: 'must be empty when matches is true' });
  if (!input.matches && input.discrepancies.length === 0)
    errors.push({ field: 'input.discrepancies', message: 'must hold at least one discrepancy when matches is false' });
  input.discrepancies.forEach((d, i) => {
    const at = (f: string) => `input.discrepancies.${i}.${f}`;
    const hasLine = d.lineNumber !== null && d.lineNumber !== undefined;
    const hasMedicine = !!d.medicine;
    if (hasLine && hasMedicine) {
      errors.push({ field: at('medicine'), message: 'is only for a medicine not on the list: give either lineNumber or medicine' });
      return;
    }
    if (d.kind === D.NOT_ON_LIST) {
      if (hasLine) errors.push({ field: at('lineNumber'), message: 'is not for NOT_ON_LIST: name the medicine found at home in medicine' });
      else if (!hasMedicine) errors.push({ field: at('medicine'), message: 'is required for NOT_ON_LIST: name the medicine found at home' });
      return;
    }
    if (!hasLine) {
      if (LINE_KINDS.includes(d.kind))
        errors.push({ field: at('lineNumber'), message: `is required for ${d.kind}: name the line of the discharge medication list` });
      else if (!hasMedicine)
        errors.push({
          field: at('lineNumber'),
          message: 'is required: name the line of the discharge medication list, or give medicine for a medicine not on it',
        });
      return;
    }
    const line = lines[d.lineNumber! - 1];
    if (!line) {
      errors.push({
        field: at('lineNumber'),
        message: lines.length
          ? `is not a line of the discharge medication list (it has lines 1–${lines.length})`
          : 'is not a line of the discharge medication list (it has no lines)',
      });
      return;
    }
    if (d.kind === D.STOPPED_BUT_AT_HOME && line.status !== MedicationLineStatus.STOPPED) {
      errors.push({ field: at('kind'), message: `is for a line that is STOPPED (utsatt); line ${d.lineNumber} is ${line.status ?? 'on the current list'}` });
    }
    if (d.kind === D.MISSING_AT_HOME && line.status === MedicationLineStatus.STOPPED) {
      errors.push({ field: at('kind'), message: `is for a line still to be taken; line ${d.lineNumber} is STOPPED (utsatt)` });
    }
  });
  return errors;
}

/** Who is to do a discrepancy's task: a named GP in a primary care centre, or the centre's physicians. */
export type DiscrepancyAssignee =
  { organisationId: string; staffId: string; role?: undefined } | { organisationId: string; role: Role.PHYSICIAN; staffId?: undefined };

/**
 * The patient's fast läkarkontakt (the named GP of the active home-healthcare enrollment) when the
 * GP still holds a physician assignment at the enrollment's primary care centre; otherwise (no
 * active enrollment, or the GP has left) the physicians (role PHYSICIAN) of the discharge process's
 * receiving primary care centre.
 */
export function discrepancyAssignee(
  enrollment: { primaryCareId: string; namedPhysicianId: string; physicianWorksThere: boolean } | null,
  processPrimaryCareId: string,
): DiscrepancyAssignee {
  if (enrollment?.physicianWorksThere) return { organisationId: enrollment.primaryCareId, staffId: enrollment.namedPhysicianId };
  return { organisationId: processPrimaryCareId, role: Role.PHYSICIAN };
}

const KIND_SV: Record<D, string> = {
  [D.MISSING_AT_HOME]: 'Finns inte hemma',
  [D.STOPPED_BUT_AT_HOME]: 'Utsatt men finns kvar hemma',
  [D.DOSE_DIFFERS]: 'Annan dosering hemma',
  [D.STRENGTH_DIFFERS]: 'Annan styrka hemma',
  [D.PRODUCT_DIFFERS]: 'Annat preparat hemma',
  [D.NOT_ON_LIST]: 'Finns hemma men inte på listan',
  [D.OTHER]: 'Annan avvikelse',
};
const STATUS_SV: Record<MedicationLineStatus, string> = { NEW: 'ny', CHANGED: 'ändrad', STOPPED: 'utsatt', UNCHANGED: 'oförändrad' };
const ROUTE_SV: Record<MedicationRoute, string> = {
  ORAL: 'peroralt',
  SUBLINGUAL: 'sublingualt',
  SUBCUTANEOUS: 'subkutant',
  INTRAMUSCULAR: 'intramuskulärt',
  INTRAVENOUS: 'intravenöst',
  TRANSDERMAL: 'transdermalt',
  CUTANEOUS: 'kutant',
  INHALATION: 'inhalation',
  RECTAL: 'rektalt',
  OTHER: 'annat administrationssätt',
};

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * The task a discrepancy becomes (Swedish: the GP reads it): the medicine in the title; what
 * differs, and the line as the discharge list has it, in the description. Within the task's limits
 * (title 300, description 2000 characters).
 */
export function discrepancyTaskText(d: DiscrepancyFields, line: MedicationLineRecord | null, dischargedOn: string): { title: string; description: string } {
  const medicine = line ? lineName(line) : d.medicine!;
  const listed = line
    ? `Enligt läkemedelslistan vid utskrivningen ${dischargedOn}, rad ${d.lineNumber}: ${[lineName(line), line.dose, line.route ? ROUTE_SV[line.route] : null, line.status ? STATUS_SV[line.status] : null].filter(Boolean).join(', ')}.`
    : `Finns inte på läkemedelslistan vid utskrivningen ${dischargedOn}.`;
  return {
    title: cut(`Läkemedelsavstämning: ${KIND_SV[d.kind].toLowerCase()} – ${medicine}`, 300),
    description: cut(`${KIND_SV[d.kind]}: ${d.description}\n${listed}`, 2000),
  };
}

/** A discrepancy's task is due the calendar day after the reconciliation (Europe/Stockholm). */
export function discrepancyDueDate(today: string): string {
  return addDays(today, 1);
}
