import { INDICATOR_BY_CODE, FollowUpIndicatorCode as C, INDICATORS } from './indicators';
import { indicatorCell, indicatorCells, MetricTable } from './measure';
import { runNamed } from './sql/common.sql';

describe('indicator cells from metrics', () => {
  const table = new MetricTable().add([
    { dim: 'SCOPE', orgId: null, bucket: 'PERIOD', metrics: { enrolled: 10, with_sip: 9 } },
    { dim: 'SCOPE', orgId: null, bucket: 'PERIOD', metrics: { pay_days: 24, pay_patients: 5, ready_days: [6, 7, 7, 7, 4], ready_patients: 5 } },
    { dim: 'SCOPE', orgId: null, bucket: '2026-03', metrics: { enrolled: 4, with_sip: 2 } },
  ]);

  it('merges the families’ metrics of one cell and computes each indicator from them', () => {
    const m = table.get('SCOPE', null, 'PERIOD');
    expect(indicatorCell(INDICATOR_BY_CODE.get(C.ACTIVE_SIP)!, m)).toMatchObject({ value: 9, denominator: 10, ratePer100: 90, suppressed: false });
    expect(indicatorCell(INDICATOR_BY_CODE.get(C.PAYMENT_DAYS)!, m)).toMatchObject({ value: 24, denominator: 10, ratePer100: 240, suppressed: false });
    expect(indicatorCell(INDICATOR_BY_CODE.get(C.READY_TO_DISCHARGE_DAYS)!, m)).toMatchObject({ value: 7, denominator: 5, suppressed: false });
    expect(indicatorCell(INDICATOR_BY_CODE.get(C.ACTIVE_SIP)!, table.get('SCOPE', null, '2026-03'))).toMatchObject({ value: null, suppressed: true });
  });

  it('adds secondary suppression only where the months add up to the period', () => {
    const feb = { task_due: 5, task_on_time: 5, task_patients: 5, enrolled: 5, with_sip: 1, pay_days: 9, pay_patients: 5 };
    const mar = { task_due: 1, task_on_time: 0, task_patients: 1, enrolled: 4, with_sip: 1, pay_days: 2, pay_patients: 1 };
    const apr = { task_due: 6, task_on_time: 3, task_patients: 5, enrolled: 5, with_sip: 1, pay_days: 30, pay_patients: 5 };
    const all = { task_due: 12, task_on_time: 8, task_patients: 5, enrolled: 6, with_sip: 2, pay_days: 41, pay_patients: 6 };
    const hidden = (code: C) => indicatorCells(INDICATOR_BY_CODE.get(code)!, all, [feb, mar, apr]).months.map((c) => c.suppressed);
    expect(hidden(C.TASKS_ON_TIME)).toEqual([true, true, false]); // Feb has the fewer tasks due
    expect(hidden(C.PAYMENT_DAYS)).toEqual([true, true, false]); // Feb has the fewer days
    expect(hidden(C.ACTIVE_SIP)).toEqual([false, true, false]); // patients in a month do not add up
    expect(INDICATORS.filter((d) => d.additive).map((d) => d.code)).not.toContain(C.ENROLLED);
  });

  it('treats a cell no family returned as zeros, shown', () => {
    const empty = table.get('MUNICIPALITY', 'x', 'PERIOD');
    expect(indicatorCell(INDICATOR_BY_CODE.get(C.ENROLLED)!, empty)).toMatchObject({ value: 0, suppressed: false });
    expect(indicatorCell(INDICATOR_BY_CODE.get(C.EXPERIENCE_INVOLVED_IN_PLAN)!, empty)).toMatchObject({
      value: null,
      denominator: 0,
      distribution: [0, 0, 0, 0, 0],
      suppressed: false,
    });
  });

  it('defines every indicator once, with words for each part', () => {
    expect(new Set(INDICATORS.map((d) => d.code)).size).toBe(Object.keys(C).length);
    for (const d of INDICATORS) {
      expect(d.nameSv && d.nameEn && d.definition && d.unit && d.numerator).toBeTruthy();
      expect(d.definition.length).toBeGreaterThan(80);
    }
  });
});

describe('named SQL parameters', () => {
  it('numbers the names in order of first use, binds only those, and leaves casts alone', async () => {
    const seen: unknown[] = [];
    const m = { query: async (text: string, values: unknown[]) => (seen.push(text, values), []) } as never;
    const q = {
      from: '2026-02-01',
      to: '2026-04-30',
      months: true,
      municipalityId: 'm',
      primaryCareId: null,
      teamId: null,
      compare: false,
      now: new Date(0),
      today: '2026-05-20',
    };
    await runNamed(m, `SELECT :to::date, :from::date, x::text, :to::date, :mun::uuid`, q);
    expect(seen).toEqual([`SELECT $1::date, $2::date, x::text, $1::date, $3::uuid`, ['2026-04-30', '2026-02-01', 'm']]);
    await expect(runNamed(m, 'SELECT :nope', q)).rejects.toThrow(/no value for :nope/);
  });
});
