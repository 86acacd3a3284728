import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { DateWithin, IsId, IsLocalDate, Text, Trim, WITHIN } from '../../common/validators';
import { MedicationDiscrepancyKind, MedicationLineStatus, MedicationRoute } from '../discharge.enums';
import { NLL_REFERENCE_RE } from '../medication-lines';

/** Lines of one medication list (the discharge handover's, a status message's). */
export const MAX_MEDICATION_LINES = 100;
/** Discrepancies of one reconciliation: each becomes a task. */
export const MAX_DISCREPANCIES = 30;

@InputType({
  description:
    'One line of a medication list (läkemedelslista). Name the product or the substance (at least one: BAD_USER_INPUT naming `…product` otherwise); a CHANGED or STOPPED line needs its `reason` (BAD_USER_INPUT naming `…reason`).',
})
export class MedicationLineInput {
  @Field(() => String, {
    nullable: true,
    description: 'The substance (substans, generic name), e.g. "furosemid" (at most 200 characters). Null or left out when the product is given.',
  })
  @IsOptional()
  @Text(200)
  substance?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The product (läkemedelsnamn, preparat) as prescribed, e.g. "Furix 40 mg tablett" (at most 200 characters). Null or left out when the substance is given.',
  })
  @IsOptional()
  @Text(200)
  product?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The strength (styrka), e.g. "40 mg" or "100 mg/ml" (at most 100 characters); null or left out when the product name says it.',
  })
  @IsOptional()
  @Text(100)
  strength?: string | null;

  @Field({
    description:
      'The dose (dosering), e.g. "2 tabletter kl 8" or "1 x 3 vid behov" (at most 200 characters). For a STOPPED line, the dose before it was stopped, so it can be recognised at home.',
  })
  @Text(200)
  dose: string;

  @Field(() => MedicationRoute, { description: 'How it is given (administrationssätt).' })
  @IsEnum(MedicationRoute)
  route: MedicationRoute;

  @Field(() => MedicationLineStatus, { description: 'NEW (ny), CHANGED (ändrad), STOPPED (utsatt) or UNCHANGED (oförändrad).' })
  @IsEnum(MedicationLineStatus)
  status: MedicationLineStatus;

  @Field(() => String, { nullable: true, description: 'Why it was started, changed or stopped (at most 1000 characters); required for CHANGED and STOPPED.' })
  @IsOptional()
  @Text(1000)
  reason?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      'When the line is to be followed up (YYYY-MM-DD), e.g. a blood test after a dose change; null or left out for none. Within a year back and three years ahead.',
  })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.scheduled)
  followUpDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A reference to the prescription in Nationella läkemedelslistan (NLL), if the sender has one: an opaque identifier of 1–100 characters (letters A–Z, digits and . _ : / -), stored as given and never looked up by this service. Null or left out for none.',
  })
  @IsOptional()
  @Trim()
  @Matches(NLL_REFERENCE_RE, {
    message: 'must be 1–100 characters: letters A–Z, digits and . _ : / - (an identifier from Nationella läkemedelslistan), starting with a letter or digit',
  })
  nllReference?: string | null;
}

@InputType({
  description:
    'One discrepancy found at the reconciliation: about a line of the discharge medication list (`lineNumber`), or about a medicine not on it (`medicine`) — exactly one of the two. It becomes a task for the patient’s fast läkarkontakt.',
})
export class MedicationDiscrepancyInput {
  @Field(() => MedicationDiscrepancyKind, {
    description:
      'What differs. NOT_ON_LIST needs `medicine`; MISSING_AT_HOME, STOPPED_BUT_AT_HOME, DOSE_DIFFERS, STRENGTH_DIFFERS and PRODUCT_DIFFERS need `lineNumber`; OTHER takes either.',
  })
  @IsEnum(MedicationDiscrepancyKind)
  kind: MedicationDiscrepancyKind;

  @Field(() => Int, {
    nullable: true,
    description:
      'The line of the discharge medication list (`MedicationLine.lineNumber`, from 1) the discrepancy is about; null or left out for a medicine not on the list.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_MEDICATION_LINES)
  lineNumber?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A medicine not on the list, as found at home, e.g. "Ibuprofen 400 mg tablett" (at most 200 characters); null or left out when `lineNumber` is given.',
  })
  @IsOptional()
  @Text(200)
  medicine?: string | null;

  @Field({ description: 'What differs, e.g. "Dosetten delad med 40 mg, listan säger 80 mg" (at most 1000 characters). Becomes the task’s description.' })
  @Text(1000)
  description: string;
}

@InputType({ description: 'The medication reconciliation (läkemedelsavstämning) of a discharge: everything matches, or the discrepancies found.' })
export class RecordMedicationReconciliationInput {
  @Field(() => ID, {
    description: 'The discharge process (`DischargeProcess.id`) whose patient came home to your municipality; it must be DISCHARGED or CLOSED.',
  })
  @IsId()
  processId: string;

  @Field({
    description:
      'True: everything the patient has at home matches the discharge medication list, and `discrepancies` is empty. False: `discrepancies` lists at least one.',
  })
  @IsBoolean()
  matches: boolean;

  @Field(() => [MedicationDiscrepancyInput], {
    defaultValue: [],
    description: `The discrepancies found, at most ${MAX_DISCREPANCIES}; empty (the default) when \`matches\` is true. Each becomes a task for the patient’s fast läkarkontakt.`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_DISCREPANCIES)
  @ValidateNested({ each: true })
  @Type(() => MedicationDiscrepancyInput)
  discrepancies: MedicationDiscrepancyInput[] = [];

  @Field(() => String, {
    nullable: true,
    description:
      'A note on the reconciliation, e.g. with whom and against what it was done (dosett, the patient’s own supply), at most 2000 characters; null or left out for none.',
  })
  @IsOptional()
  @Text(2000)
  note?: string | null;
}
