import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/scalars';
import { Organisation } from '../organisations/organisation.entity';
import { FollowUpIndicatorCode, INDICATORS } from './indicators';

registerEnumType(FollowUpIndicatorCode, {
  name: 'FollowUpIndicatorCode',
  description: 'An indicator of the joint follow-up (gemensam uppföljning). Its full definition comes with every answer.',
  valuesMap: Object.fromEntries(INDICATORS.map((d) => [d.code, { description: `${d.nameEn} (${d.nameSv}).` }])),
});

export enum FollowUpExport {
  INDICATORS = 'INDICATORS',
  COMPARISON = 'COMPARISON',
}
registerEnumType(FollowUpExport, {
  name: 'FollowUpExport',
  description: 'Which numbers a CSV export holds.',
  valuesMap: {
    INDICATORS: { description: 'The same numbers as followUpIndicators: your scope, the period and each month.' },
    COMPARISON: { description: 'The same numbers as compareFollowUp: every municipality and primary care centre, period totals.' },
  },
});

export enum CsvDialect {
  RFC4180 = 'RFC4180',
  EXCEL_SV = 'EXCEL_SV',
}
registerEnumType(CsvDialect, {
  name: 'CsvDialect',
  description: 'How the CSV separates fields and writes decimals. Both are UTF-8, with CRLF line ends and fields quoted when needed.',
  valuesMap: {
    RFC4180: { description: 'Comma-separated, decimal point (RFC 4180): for programs and English-language spreadsheets.' },
    EXCEL_SV: { description: 'Semicolon-separated, decimal comma: what a spreadsheet with Swedish settings expects.' },
  },
});

@ObjectType('FollowUpIndicatorDefinition', {
  description: 'What an indicator counts, in words, to show next to the number. The CSV carries the code and the Swedish name.',
})
export class FollowUpIndicatorDefinitionType {
  @Field(() => FollowUpIndicatorCode, { description: 'Stable code, also the CSV’s indicator_code.' })
  code: FollowUpIndicatorCode;
  @Field({ description: 'Name in Swedish, as staff say it.' })
  nameSv: string;
  @Field({ description: 'Name in English.' })
  nameEn: string;
  @Field({ description: 'The definition: who and what is counted, in which period, and the time-zone rule.' })
  definition: string;
  @Field({ description: 'What `value` counts or measures, e.g. "patients", "days (median)".' })
  unit: string;
  @Field({ description: 'What the value counts (for a share: the numerator).' })
  numerator: string;
  @Field(() => String, { nullable: true, description: 'What the denominator and the rate per 100 are of; null when the indicator has neither.' })
  denominator: string | null;
}

@ObjectType('FollowUpCell', {
  description:
    'One number of the joint follow-up: for the whole period or one month. Aggregates only, never a person. A cell computed from 1–4 patients is suppressed: all its numbers are null and `suppressed` is true (never shown as 0). Zero patients is shown as 0.',
})
export class FollowUpCellType {
  @Field(() => String, { nullable: true, description: 'The month as YYYY-MM (Europe/Stockholm), or null for the whole period.' })
  month: string | null;
  @Field(() => LocalDateScalar, { description: 'First day the cell covers (a month is cut to the period).' })
  from: string;
  @Field(() => LocalDateScalar, { description: 'Last day the cell covers, inclusive.' })
  to: string;
  @Field(() => Float, {
    nullable: true,
    description: 'The count (for a share: the numerator), the median, or the mean score; null when suppressed, or a median/mean of nothing.',
  })
  value: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'The denominator: what the rate is per 100 of (enrolled patients, admissions, follow-ups due …), or how many values a median/mean is of.',
  })
  denominator: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'value per 100 of the denominator, one decimal (for shares: a percentage; for counts: per 100 enrolled). Null when there is no denominator or it is 0.',
  })
  ratePer100: number | null;
  @Field({ description: 'True when the cell rests on 1–4 patients and is withheld.' })
  suppressed: boolean;
  @Field(() => [Int], { nullable: true, description: 'Patient answers only: how many answered 1, 2, 3, 4 and 5.' })
  distribution: number[] | null;
}

@ObjectType('FollowUpIndicator', { description: 'One indicator for the scope: the whole period and each month of it.' })
export class FollowUpIndicatorType {
  @Field(() => FollowUpIndicatorCode, { description: 'Which indicator: its stable code, also the CSV’s indicator_code.' })
  code: FollowUpIndicatorCode;
  @Field(() => FollowUpIndicatorDefinitionType, { description: 'What the indicator counts: names, definition, unit, numerator and denominator.' })
  definition: FollowUpIndicatorDefinitionType;
  @Field(() => FollowUpCellType, {
    description:
      'The number for the whole period, computed over the period itself: a patient counts once, so it is the sum of the months only for facts that fall on one day (admissions, follow-ups due, tasks, …).',
  })
  total: FollowUpCellType;
  @Field(() => [FollowUpCellType], { description: 'Each Stockholm calendar month the period touches, in order.' })
  months: FollowUpCellType[];
}

@ObjectType('FollowUpScope', {
  description:
    'Whose patients the indicators are about: a municipality’s, a primary care centre’s, a mobile team’s or SSIH unit’s (the enrolled patients it had in their care team, on those days), or the ones they share.',
})
export class FollowUpScopeType {
  @Field(() => Organisation, { nullable: true, description: 'The municipality (home healthcare unit); null: any municipality.' })
  municipality: Organisation | null;
  @Field(() => Organisation, { nullable: true, description: 'The primary care centre; null: any centre.' })
  primaryCareCentre: Organisation | null;
  @Field(() => Organisation, {
    nullable: true,
    description:
      'The mobile team or specialised palliative home care unit (SSIH): only enrolled patients who had it in their care team (vårdteam), on the days they had it; null: no team condition.',
  })
  team: Organisation | null;
  @Field({ description: 'The scope in words, as in the CSV.' })
  description: string;
}

@ObjectType('FollowUpReport', { description: 'The joint follow-up (gemensam uppföljning) of one scope: every indicator for the period and per month.' })
export class FollowUpReportType {
  @Field(() => FollowUpScopeType, { description: 'Whose patients the numbers are about.' })
  scope: FollowUpScopeType;
  @Field(() => LocalDateScalar, { description: 'First day of the period (inclusive).' })
  from: string;
  @Field(() => LocalDateScalar, { description: 'Last day of the period (inclusive), cut to today when a later day was asked for.' })
  to: string;
  @Field(() => LocalDateScalar, { description: 'The last day asked for.' })
  requestedTo: string;
  @Field(() => LocalDateScalar, { description: 'Today: deadlines not passed by today are not yet decided.' })
  asOf: string;
  @Field({ description: 'The time zone of every calendar day and month: Europe/Stockholm.' })
  timeZone: string;
  @Field(() => Int, { description: 'Cells resting on fewer patients than this (and more than 0) are suppressed.' })
  suppressionThreshold: number;
  @Field(() => [FollowUpIndicatorType], { description: 'Every indicator, in a fixed order.' })
  indicators: FollowUpIndicatorType[];
}

@ObjectType('FollowUpComparisonValue', { description: 'One indicator of one organisation, for the whole period.' })
export class FollowUpComparisonValueType {
  @Field(() => FollowUpIndicatorCode, { description: 'Which indicator: its stable code, also the CSV’s indicator_code.' })
  code: FollowUpIndicatorCode;
  @Field(() => FollowUpIndicatorDefinitionType, { description: 'What the indicator counts: names, definition, unit, numerator and denominator.' })
  definition: FollowUpIndicatorDefinitionType;
  @Field(() => FollowUpCellType, { description: 'The number for the period.' })
  cell: FollowUpCellType;
}

@ObjectType('FollowUpComparisonRow', {
  description: 'One municipality’s or primary care centre’s indicators: all their enrolled patients, whoever they share them with.',
})
export class FollowUpComparisonRowType {
  @Field(() => Organisation, { description: 'The municipality or primary care centre.' })
  organisation: Organisation;
  @Field(() => [FollowUpComparisonValueType], { description: 'Every indicator, in the same order as `indicators`.' })
  values: FollowUpComparisonValueType[];
}

@ObjectType('FollowUpComparison', {
  description:
    'Every municipality and every primary care centre side by side for the period, normalised per 100 enrolled, for meso-level forums. Aggregates only; cells resting on 1–4 patients suppressed.',
})
export class FollowUpComparisonType {
  @Field(() => LocalDateScalar, { description: 'First day of the period (inclusive).' })
  from: string;
  @Field(() => LocalDateScalar, { description: 'Last day of the period (inclusive), cut to today.' })
  to: string;
  @Field(() => LocalDateScalar, { description: 'The last day asked for.' })
  requestedTo: string;
  @Field(() => LocalDateScalar, { description: 'Today.' })
  asOf: string;
  @Field({ description: 'The time zone of every calendar day: Europe/Stockholm.' })
  timeZone: string;
  @Field(() => Int, { description: 'Cells resting on fewer patients than this (and more than 0) are suppressed.' })
  suppressionThreshold: number;
  @Field(() => [FollowUpIndicatorDefinitionType], { description: 'The indicators, in the order of each row’s values.' })
  indicators: FollowUpIndicatorDefinitionType[];
  @Field(() => [FollowUpComparisonRowType], { description: 'Every municipality, by name.' })
  municipalities: FollowUpComparisonRowType[];
  @Field(() => [FollowUpComparisonRowType], { description: 'Every primary care centre, by name.' })
  primaryCareCentres: FollowUpComparisonRowType[];
}
