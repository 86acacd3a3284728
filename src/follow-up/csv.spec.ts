import { cellRows, CSV_COLUMNS, toCsv } from './csv';
import { CsvDialect } from './follow-up.types';

const base = {
  scopeKind: 'MUNICIPALITY',
  scope: 'Hemsjukvården Åby, "test"',
  from: '2026-02-01',
  to: '2026-04-30',
  month: null,
  code: 'ACTIVE_SIP',
  name: 'Andel med aktiv SIP',
  unit: 'patients',
};

describe('CSV', () => {
  it('writes a header, quotes what needs quoting, doubles quotes and keeps Swedish letters', () => {
    const csv = toCsv([{ ...base, value: 9, denominator: 10, ratePer100: 90, suppressed: false }]);
    expect(csv).toBe(
      `${CSV_COLUMNS.join(',')}\r\nMUNICIPALITY,"Hemsjukvården Åby, ""test""",2026-02-01,2026-04-30,,ACTIVE_SIP,Andel med aktiv SIP,patients,9,10,90,false\r\n`,
    );
  });

  it('leaves a suppressed cell’s numbers empty', () => {
    const csv = toCsv([{ ...base, scope: 'Åsen', month: '2026-03', value: null, denominator: null, ratePer100: null, suppressed: true }]);
    expect(csv.split('\r\n')[1]).toBe('MUNICIPALITY,Åsen,2026-02-01,2026-04-30,2026-03,ACTIVE_SIP,Andel med aktiv SIP,patients,,,,true');
  });

  it('uses semicolons and decimal commas for Swedish spreadsheets', () => {
    const csv = toCsv([{ ...base, scope: 'Åsen; norr', value: 3.17, denominator: 6, ratePer100: 66.7, suppressed: false }], CsvDialect.EXCEL_SV);
    expect(csv.split('\r\n')[1]).toBe('MUNICIPALITY;"Åsen; norr";2026-02-01;2026-04-30;;ACTIVE_SIP;Andel med aktiv SIP;patients;3,17;6;66,7;false');
  });

  it('defuses text a spreadsheet would run as a formula, and quotes line breaks', () => {
    const csv = toCsv([{ ...base, scope: '=HYPERLINK("x")', name: 'två\nrader', value: 1, denominator: null, ratePer100: null, suppressed: false }]);
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(csv).toContain(`,"två\nrader",`);
  });

  it('adds one row per score for patient answers, suppressed together with the mean', () => {
    const shown = cellRows(
      { ...base, code: 'EXPERIENCE_INVOLVED_IN_PLAN', name: 'Delaktig' },
      { value: 3.17, denominator: 6, ratePer100: null, suppressed: false, distribution: [1, 1, 1, 2, 1] },
      true,
    );
    expect(shown.map((r) => [r.code, r.value, r.denominator, r.ratePer100])).toEqual([
      ['EXPERIENCE_INVOLVED_IN_PLAN', 3.17, 6, null],
      ['EXPERIENCE_INVOLVED_IN_PLAN.SCORE_1', 1, 6, 16.7],
      ['EXPERIENCE_INVOLVED_IN_PLAN.SCORE_2', 1, 6, 16.7],
      ['EXPERIENCE_INVOLVED_IN_PLAN.SCORE_3', 1, 6, 16.7],
      ['EXPERIENCE_INVOLVED_IN_PLAN.SCORE_4', 2, 6, 33.3],
      ['EXPERIENCE_INVOLVED_IN_PLAN.SCORE_5', 1, 6, 16.7],
    ]);
    const hidden = cellRows(
      { ...base, code: 'X', name: 'X' },
      { value: null, denominator: null, ratePer100: null, suppressed: true, distribution: null },
      true,
    );
    expect(hidden.every((r) => r.suppressed && r.value === null && r.ratePer100 === null)).toBe(true);
    expect(hidden).toHaveLength(6);
  });
});
