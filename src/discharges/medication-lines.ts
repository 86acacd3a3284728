/**
 * Structured medication lines (läkemedelslista) of the discharge handover and the municipality's
 * status message: what is stored, how a line is named, and the rules class-validator cannot say
 * alone. Pure: no clock, no database.
 */
import { FieldError } from '../common/errors';
import { MedicationLineStatus, MedicationRoute } from './discharge.enums';

/**
 * One line as stored (jsonb, in the order given; a line is named by its position from 1, which
 * never changes because messages are never changed).
 *
 * Lines recorded as free text before the structured list (migration MedicationReconciliation,
 * `{ name, dosage }`) keep their text verbatim: `product` = the old name, `dose` = the old dosage,
 * and `route` and `status` null — the old list did not say them, and a guessed status (UNCHANGED)
 * would tell a nurse that nothing changed with a medicine whose dose was raised.
 */
export interface MedicationLineRecord {
  /** Substance (substans, generic name), e.g. "furosemid". */
  substance: string | null;
  /** Product (läkemedelsnamn, preparat) as prescribed, e.g. "Furix 40 mg tablett". */
  product: string | null;
  /** Strength (styrka), e.g. "40 mg". */
  strength: string | null;
  /** Dose (dosering), e.g. "2 tabletter kl 8". For a STOPPED line, the dose before it was stopped. */
  dose: string;
  /** Administrationssätt; null only for lines recorded as free text before the structured list. */
  route: MedicationRoute | null;
  /** Ny / ändrad / utsatt / oförändrad; null only for lines recorded as free text before the structured list. */
  status: MedicationLineStatus | null;
  /** Why it was started, changed or stopped (required for CHANGED and STOPPED). */
  reason: string | null;
  /** When the line is to be followed up (YYYY-MM-DD), e.g. a blood test after a dose change. */
  followUpDate: string | null;
  /** An opaque reference to the prescription in Nationella läkemedelslistan, if the sender has one. */
  nllReference: string | null;
}

/** A line as given in an input (the GraphQL input type, validated field by field before this). */
export interface MedicationLineFields {
  substance?: string | null;
  product?: string | null;
  strength?: string | null;
  dose: string;
  route: MedicationRoute;
  status: MedicationLineStatus;
  reason?: string | null;
  followUpDate?: string | null;
  nllReference?: string | null;
}

/** The statuses that need a reason. */
export const REASON_REQUIRED: readonly MedicationLineStatus[] = [MedicationLineStatus.CHANGED, MedicationLineStatus.STOPPED];

/** Letters, digits and . _ : / - ; 1–100 characters, starting with a letter or digit. */
export const NLL_REFERENCE_RE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

/**
 * The rules about one list that cross fields (each field's own format is class-validator's): a line
 * names its product or its substance (or both); a changed or stopped line says why. Errors are named
 * `${path}.${index}.field`, like class-validator's, so `input.handover.medications.1.reason`.
 */
export function medicationLineErrors(lines: readonly MedicationLineFields[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  lines.forEach((l, i) => {
    if (!l.substance && !l.product)
      errors.push({ field: `${path}.${i}.product`, message: 'is required when substance is not given: name the product, the substance or both' });
    if (REASON_REQUIRED.includes(l.status) && !l.reason) {
      errors.push({
        field: `${path}.${i}.reason`,
        message: `is required when the status is ${l.status} (${l.status === MedicationLineStatus.CHANGED ? 'ändrad' : 'utsatt'}): say why`,
      });
    }
  });
  return errors;
}

/** The stored shape of validated input lines. */
export function toLineRecords(lines: readonly MedicationLineFields[]): MedicationLineRecord[] {
  return lines.map((l) => ({
    substance: l.substance ?? null,
    product: l.product ?? null,
    strength: l.strength ?? null,
    dose: l.dose,
    route: l.route,
    status: l.status,
    reason: l.reason ?? null,
    followUpDate: l.followUpDate ?? null,
    nllReference: l.nllReference ?? null,
  }));
}

/**
 * The line's name in one string, as the free-text list had it: the product (or else the substance),
 * with the strength when it is given and not already part of the name. A line migrated from free
 * text gives back its old name exactly.
 */
export function lineName(l: Pick<MedicationLineRecord, 'substance' | 'product' | 'strength'>): string {
  const name = l.product ?? l.substance ?? '';
  return l.strength && !name.includes(l.strength) ? `${name} ${l.strength}` : name;
}

/** A line that is still to be taken: everything but STOPPED (a line migrated from free text was on the current list). */
export const isCurrent = (l: Pick<MedicationLineRecord, 'status'>): boolean => l.status !== MedicationLineStatus.STOPPED;
