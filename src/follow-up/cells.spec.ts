import {
  complementarySuppression,
  countCell,
  isSmall,
  meanOfDistribution,
  meanScoreCell,
  median,
  medianCell,
  per100,
  perEnrolledCell,
  round,
  shareCell,
  SUPPRESSION_THRESHOLD,
} from './cells';

const SUPPRESSED = { value: null, denominator: null, ratePer100: null, suppressed: true, distribution: null };

describe('small-number suppression', () => {
  it('treats 1–4 patients as small, 0 and 5+ as showable', () => {
    expect(SUPPRESSION_THRESHOLD).toBe(5);
    expect([0, 1, 2, 3, 4, 5, 6, 100].map(isSmall)).toEqual([false, true, true, true, true, false, false, false]);
  });

  it('suppresses a count of 4 patients and shows 5, and shows 0 as 0', () => {
    expect(countCell(4)).toEqual(SUPPRESSED);
    expect(countCell(5)).toEqual({ value: 5, denominator: null, ratePer100: null, suppressed: false, distribution: null });
    expect(countCell(0)).toEqual({ value: 0, denominator: null, ratePer100: null, suppressed: false, distribution: null });
  });

  it('judges a share by the patients behind its denominator, not its numerator', () => {
    expect(shareCell(1, 4, 4)).toEqual(SUPPRESSED);
    expect(shareCell(1, 5, 5)).toEqual({ value: 1, denominator: 5, ratePer100: 20, suppressed: false, distribution: null });
    // 6 follow-ups due, but for only 4 patients: suppressed
    expect(shareCell(3, 6, 4)).toEqual(SUPPRESSED);
    // nothing due: 0 with no rate, not suppressed
    expect(shareCell(0, 0, 0)).toEqual({ value: 0, denominator: 0, ratePer100: null, suppressed: false, distribution: null });
  });

  it('judges a rate per 100 enrolled by the patients behind the count and by the enrolled', () => {
    expect(perEnrolledCell(24, 5, 10)).toEqual({ value: 24, denominator: 10, ratePer100: 240, suppressed: false, distribution: null });
    expect(perEnrolledCell(19, 3, 9)).toEqual(SUPPRESSED);
    expect(perEnrolledCell(2, 0, 4)).toEqual(SUPPRESSED); // rounds of an organisation with 4 enrolled
    expect(perEnrolledCell(0, 0, 8)).toEqual({ value: 0, denominator: 8, ratePer100: 0, suppressed: false, distribution: null });
    expect(perEnrolledCell(0, 0, 0)).toEqual({ value: 0, denominator: 0, ratePer100: null, suppressed: false, distribution: null });
  });

  it('withholds a median and a mean with their distribution when 1–4 patients are behind them', () => {
    expect(medianCell([4, 6, 7, 7], 4)).toEqual(SUPPRESSED);
    expect(medianCell([4, 6, 7, 7, 7], 5)).toEqual({ value: 7, denominator: 5, ratePer100: null, suppressed: false, distribution: null });
    expect(medianCell([], 0)).toEqual({ value: null, denominator: 0, ratePer100: null, suppressed: false, distribution: null });
    expect(meanScoreCell([1, 0, 0, 3, 0], 4)).toEqual(SUPPRESSED);
    expect(meanScoreCell([1, 1, 1, 2, 1], 5)).toEqual({ value: 3.17, denominator: 6, ratePer100: null, suppressed: false, distribution: [1, 1, 1, 2, 1] });
  });
});

describe('arithmetic', () => {
  it('takes the median of odd and even lists without caring about order', () => {
    expect(median([])).toBeNull();
    expect(median([3])).toBe(3);
    expect(median([7, 4, 6, 7, 7])).toBe(7);
    expect(median([10, 1, 4, 3])).toBe(3.5);
    expect(median([0, 0])).toBe(0);
  });

  it('means a 1–5 distribution to two decimals', () => {
    expect(meanOfDistribution([0, 0, 0, 0, 0])).toBeNull();
    expect(meanOfDistribution([0, 1, 1, 1, 3])).toBe(4); // 2+3+4+15 = 24 / 6
    expect(meanOfDistribution([1, 1, 1, 2, 1])).toBe(3.17); // 19 / 6 = 3.1666…
    expect(meanOfDistribution([1, 0, 0, 0, 1])).toBe(3);
  });

  it('rates per 100 to one decimal, half away from zero, and has no rate of nothing', () => {
    expect(per100(6, 9)).toBe(66.7);
    expect(per100(5, 8)).toBe(62.5);
    expect(per100(1, 3)).toBe(33.3);
    expect(per100(2, 3)).toBe(66.7);
    expect(per100(1, 8)).toBe(12.5);
    expect(per100(3, 0)).toBeNull();
    expect(round(0.125, 2)).toBe(0.13);
    expect(round(1.005, 2)).toBe(1.01);
    expect(round(-2.5, 0)).toBe(-3);
  });
});

describe('secondary suppression of months that add up to the period', () => {
  const byDenominator = (c: { denominator: number | null }) => c.denominator ?? 0;
  const total = shareCell(8, 11, 5);

  it('suppresses the smallest other month when exactly one month is suppressed (ties: the earliest)', () => {
    // Feb 5 of 5, Mar 0 of 1 (1 patient: suppressed), Apr 3 of 5: Mar would be 8/11 − 5/5 − 3/5.
    const months = [shareCell(5, 5, 5), shareCell(0, 1, 1), shareCell(3, 5, 5)];
    expect(complementarySuppression(total, months, byDenominator).map((c) => c.suppressed)).toEqual([true, true, false]);
    const uneven = [shareCell(3, 6, 5), shareCell(0, 1, 1), shareCell(5, 5, 5)];
    expect(complementarySuppression(total, uneven, byDenominator).map((c) => c.suppressed)).toEqual([false, true, true]);
  });

  it('prefers a month with something in it over an empty one', () => {
    const months = [shareCell(0, 0, 0), shareCell(0, 1, 1), shareCell(8, 10, 5)];
    expect(complementarySuppression(total, months, byDenominator).map((c) => c.suppressed)).toEqual([false, true, true]);
  });

  it('leaves the months alone when none, or two or more, are suppressed, or the period is', () => {
    const none = [shareCell(5, 5, 5), shareCell(3, 6, 5)];
    expect(complementarySuppression(total, none, byDenominator)).toEqual(none);
    const two = [shareCell(1, 2, 2), shareCell(1, 2, 2), shareCell(6, 7, 5)];
    expect(complementarySuppression(total, two, byDenominator)).toEqual(two);
    const hiddenTotal = shareCell(1, 3, 3);
    const one = [shareCell(1, 2, 2), shareCell(0, 1, 1)];
    expect(complementarySuppression(hiddenTotal, one, byDenominator)).toEqual(one);
  });
});
