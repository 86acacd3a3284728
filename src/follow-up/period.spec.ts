import { MAX_MONTHS, monthBuckets, monthsTouched, resolvePeriod } from './period';

describe('the follow-up period', () => {
  it('cuts the months to the period and keys them YYYY-MM', () => {
    expect(monthBuckets('2026-01-15', '2026-03-10')).toEqual([
      { key: '2026-01', month: '2026-01', from: '2026-01-15', to: '2026-01-31' },
      { key: '2026-02', month: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      { key: '2026-03', month: '2026-03', from: '2026-03-01', to: '2026-03-10' },
    ]);
    expect(monthBuckets('2028-02-01', '2028-02-29')).toEqual([{ key: '2028-02', month: '2028-02', from: '2028-02-01', to: '2028-02-29' }]);
    expect(monthBuckets('2025-12-31', '2026-01-01').map((b) => b.key)).toEqual(['2025-12', '2026-01']);
  });

  it('counts calendar months touched', () => {
    expect(monthsTouched('2026-02-01', '2026-04-30')).toBe(3);
    expect(monthsTouched('2026-02-28', '2026-03-01')).toBe(2);
    expect(monthsTouched('2025-01-01', '2026-12-31')).toBe(24);
  });

  it('accepts from = to and at most 24 months, and refuses the rest with field errors', () => {
    const today = '2026-05-20';
    expect(resolvePeriod({ from: '2026-05-20', to: '2026-05-20' }, today)).toMatchObject({
      from: '2026-05-20',
      to: '2026-05-20',
      months: [{ key: '2026-05' }],
    });
    expect(resolvePeriod({ from: '2024-06-01', to: '2026-05-20' }, today)).toMatchObject({ months: { length: MAX_MONTHS } });
    expect(resolvePeriod({ from: '2024-05-31', to: '2026-05-01' }, today)).toEqual([
      { field: 'period.to', message: 'must be within 24 calendar months of from' },
    ]);
    expect(resolvePeriod({ from: '2026-03-01', to: '2026-02-28' }, today)).toEqual([{ field: 'period.to', message: 'must not be before from' }]);
    expect(resolvePeriod({ from: '2026-05-21', to: '2026-06-30' }, today)).toEqual([{ field: 'period.from', message: 'must not be after today' }]);
  });

  it('cuts a to after today to today and says what was asked for', () => {
    const p = resolvePeriod({ from: '2026-04-01', to: '2026-06-30' }, '2026-05-20');
    expect(p).toEqual({
      from: '2026-04-01',
      to: '2026-05-20',
      requestedTo: '2026-06-30',
      asOf: '2026-05-20',
      total: { key: 'PERIOD', month: null, from: '2026-04-01', to: '2026-05-20' },
      months: [
        { key: '2026-04', month: '2026-04', from: '2026-04-01', to: '2026-04-30' },
        { key: '2026-05', month: '2026-05', from: '2026-05-01', to: '2026-05-20' },
      ],
    });
  });
});
