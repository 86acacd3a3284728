import { per100 } from './cells';
import { CsvDialect } from './follow-up.types';

/**
 * CSV for people who work in spreadsheets: one row per (scope, period or month, indicator). Pure.
 * UTF-8 text (the GraphQL string), CRLF line ends, a field quoted when it holds the separator, a quote,
 * a line break or leading/trailing space, quotes doubled (RFC 4180). A text field that a spreadsheet
 * would run as a formula (starting with = + - @) gets a leading apostrophe. A suppressed cell has empty
 * value, denominator and rate and `suppressed` true.
 */
export const CSV_COLUMNS = [
  'scope_kind',
  'scope',
  'period_from',
  'period_to',
  'month',
  'indicator_code',
  'indicator_name',
  'unit',
  'value',
  'denominator',
  'rate_per_100',
  'suppressed',
] as const;

export interface CsvRow {
  scopeKind: string;
  scope: string;
  from: string;
  to: string;
  month: string | null;
  code: string;
  name: string;
  unit: string;
  value: number | null;
  denominator: number | null;
  ratePer100: number | null;
  suppressed: boolean;
}

/** The CSV rows of one cell; a cell with a score distribution adds one row per score. */
export function cellRows(
  base: Omit<CsvRow, 'value' | 'denominator' | 'ratePer100' | 'suppressed'>,
  cell: { value: number | null; denominator: number | null; ratePer100: number | null; suppressed: boolean; distribution: number[] | null },
  hasDistribution: boolean,
): CsvRow[] {
  const rows: CsvRow[] = [{ ...base, value: cell.value, denominator: cell.denominator, ratePer100: cell.ratePer100, suppressed: cell.suppressed }];
  if (hasDistribution) {
    for (let s = 1; s <= 5; s++) {
      const n = cell.distribution?.[s - 1] ?? null;
      rows.push({
        ...base,
        code: `${base.code}.SCORE_${s}`,
        name: `${base.name} – svar ${s}`,
        unit: 'answers',
        value: cell.suppressed ? null : n,
        denominator: cell.suppressed ? null : cell.denominator,
        ratePer100: cell.suppressed || n === null || cell.denominator === null ? null : per100(n, cell.denominator),
        suppressed: cell.suppressed,
      });
    }
  }
  return rows;
}

export function toCsv(rows: readonly CsvRow[], dialect: CsvDialect = CsvDialect.RFC4180): string {
  const sep = dialect === CsvDialect.EXCEL_SV ? ';' : ',';
  const num = (n: number | null) => (n === null ? '' : dialect === CsvDialect.EXCEL_SV ? String(n).replace('.', ',') : String(n));
  const text = (s: string | null) => {
    if (s === null) return '';
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return safe.includes(sep) || /["\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [CSV_COLUMNS.join(sep)];
  for (const r of rows) {
    lines.push(
      [
        text(r.scopeKind),
        text(r.scope),
        r.from,
        r.to,
        text(r.month),
        text(r.code),
        text(r.name),
        text(r.unit),
        num(r.value),
        num(r.denominator),
        num(r.ratePer100),
        r.suppressed ? 'true' : 'false',
      ].join(sep),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
