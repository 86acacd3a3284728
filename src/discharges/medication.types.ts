import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PatientGrant } from '../access/patient-grant';
import { LocalDateScalar } from '../common/scalars';
import { WithheldReason } from '../patients/patient.types';
import { MedicationDiscrepancyKind, MedicationLineStatus, MedicationRoute } from './discharge.enums';
import { lineName, MedicationLineRecord } from './medication-lines';
import { MedicationDiscrepancy, MedicationReconciliation } from './medication-reconciliation.entity';

const FREE_TEXT = 'null only for a line recorded as free text before medication lines were structured (its text is kept in `product` and `dose`)';

@ObjectType('MedicationLine', {
  description:
    'One line of a medication list (läkemedelslista): at discharge (the handover’s `medications`) or in the municipality’s status message. Substance and/or product, strength, dose (dosering), route (administrationssätt) and what happened to it: ny, ändrad, utsatt or oförändrad.',
})
export class MedicationLineType {
  @Field(() => Int, {
    description: 'The line’s position in its list, from 1. A list never changes once sent, so a reconciliation’s discrepancy names the line by it.',
  })
  lineNumber: number;
  @Field(() => String, { nullable: true, description: 'The substance (substans, generic name), e.g. "furosemid"; null when only the product is given.' })
  substance: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The product (läkemedelsnamn, preparat), e.g. "Furix 40 mg tablett"; null when only the substance is given. For a line recorded as free text: the old name, verbatim.',
  })
  product: string | null;
  @Field(() => String, { nullable: true, description: 'The strength (styrka), e.g. "40 mg"; null when not given separately.' })
  strength: string | null;
  @Field({
    description:
      'The dose (dosering), e.g. "2 tabletter kl 8". For a STOPPED line, the dose before it was stopped. For a line recorded as free text: the old dosage, verbatim.',
  })
  dose: string;
  @Field(() => MedicationRoute, { nullable: true, description: `How it is given (administrationssätt); ${FREE_TEXT}.` })
  route: MedicationRoute | null;
  @Field(() => MedicationLineStatus, {
    nullable: true,
    description: `NEW (ny), CHANGED (ändrad), STOPPED (utsatt) or UNCHANGED (oförändrad); ${FREE_TEXT} — the old list did not say, see the handover’s \`medicationChanges\`.`,
  })
  status: MedicationLineStatus | null;
  @Field(() => String, { nullable: true, description: 'Why it was started, changed or stopped; always given for CHANGED and STOPPED lines.' })
  reason: string | null;
  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'When the line is to be followed up (YYYY-MM-DD), e.g. a blood test after a dose change; null for none.',
  })
  followUpDate: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The sender’s reference to the prescription in Nationella läkemedelslistan (NLL): an opaque identifier, as given, never looked up by this service; null for none.',
  })
  nllReference: string | null;
  @Field({
    description: 'The product (or substance) and strength in one string, as the free-text list had it.',
    deprecationReason: 'Use `product`, `substance` and `strength`.',
  })
  name: string;
  @Field({ description: 'The dose, as the free-text list called it.', deprecationReason: 'Use `dose`.' })
  dosage: string;
}

export function lineView(l: MedicationLineRecord, index: number): MedicationLineType {
  return {
    lineNumber: index + 1,
    substance: l.substance,
    product: l.product,
    strength: l.strength,
    dose: l.dose,
    route: l.route,
    status: l.status,
    reason: l.reason,
    followUpDate: l.followUpDate,
    nllReference: l.nllReference,
    name: lineName(l),
    dosage: l.dose,
  };
}

export const linesView = (lines: readonly MedicationLineRecord[]): MedicationLineType[] => lines.map(lineView);

@ObjectType('MedicationDiscrepancy', { description: 'A discrepancy found at a medication reconciliation, and the task for the patient’s GP it became.' })
export class MedicationDiscrepancyType {
  @Field(() => ID, { description: 'The discrepancy’s id.' })
  id: string;
  @Field(() => ID, { description: 'The reconciliation it belongs to (`MedicationReconciliation.id`).' })
  reconciliationId: string;
  @Field(() => ID, { description: 'The discharge process reconciled (`DischargeProcess.id`).' })
  processId: string;
  @Field(() => MedicationDiscrepancyKind, { description: 'What differs.' })
  kind: MedicationDiscrepancyKind;
  @Field(() => Int, {
    nullable: true,
    description:
      'The line of the discharge medication list (`MedicationLine.lineNumber` of the handover’s `medications`) it is about; null for a medicine not on the list.',
  })
  lineNumber: number | null;
  @Field(() => String, { nullable: true, description: 'A medicine not on the list, as the nurse named it; null when `lineNumber` is given.' })
  medicine: string | null;
  @Field({ description: 'What differs, in the nurse’s words (also the task’s description).' })
  description: string;

  taskId: string;
  grant: PatientGrant;
}

/** A discrepancy as shown; the caller has decided that the reader may see the municipality's record. */
export function discrepancyView(d: MedicationDiscrepancy, processId: string, grant: PatientGrant): MedicationDiscrepancyType {
  return {
    id: d.id,
    reconciliationId: d.reconciliationId,
    processId,
    kind: d.kind,
    lineNumber: d.lineNumber,
    medicine: d.medicine,
    description: d.description,
    taskId: d.taskId,
    grant,
  };
}

@ObjectType('MedicationReconciliation', {
  description:
    'Läkemedelsavstämning after a discharge: the receiving municipality’s nurse compared the discharge medication list with what the patient has at home, and recorded that everything matches or the discrepancies, each of which became a task for the patient’s fast läkarkontakt. Recorded once per discharge, never changed. That it was done, when, whether it matched and how many discrepancies are shown to every party; the note and the discrepancies are the municipality’s records, shown to others only with consent (or emergency access) and no block.',
})
export class MedicationReconciliationType {
  @Field(() => ID, { description: 'The reconciliation’s id.' })
  id: string;
  @Field({ description: 'When it was recorded; the deadline (24 hours from the discharge) is judged by it.' })
  recordedAt: Date;
  @Field({ description: 'True: everything at home matched the discharge medication list. False: see `discrepancies`.' })
  matches: boolean;
  @Field(() => Int, { description: 'How many discrepancies were recorded (0 when it matched); always shown.' })
  discrepancyCount: number;
  @Field({ description: 'The note and the discrepancies are withheld from you; see `withheldReason`.' })
  contentWithheld: boolean;
  @Field(() => WithheldReason, { nullable: true, description: 'Why the content is withheld, when it is.' })
  withheldReason: WithheldReason | null;
  @Field(() => String, { nullable: true, description: 'The nurse’s note (how and with whom it was done); null when none or withheld.' })
  note: string | null;

  processId: string;
  organisationId: string;
  recordedByStaffId: string;
  grant: PatientGrant;
}

export function reconciliationView(
  r: MedicationReconciliation,
  discrepancyCount: number,
  grant: PatientGrant,
  withheld: WithheldReason | null,
): MedicationReconciliationType {
  return {
    id: r.id,
    recordedAt: r.recordedAt,
    matches: r.matches,
    discrepancyCount,
    contentWithheld: withheld !== null,
    withheldReason: withheld,
    note: withheld ? null : r.note,
    processId: r.processId,
    organisationId: r.organisationId,
    recordedByStaffId: r.recordedByStaffId,
    grant,
  };
}
