/**
 * Pure arithmetic of the joint follow-up: small-number suppression, rates per 100, median and mean.
 *
 * Suppression (röjandeskydd): a cell is suppressed when any patient count it is computed from is
 * 1–4 — for a count, the patients behind it; for a share, mean or median, the patients behind the
 * denominator; for a rate per 100 enrolled, both the patients behind the count and the enrolled.
 * A suppressed cell carries no number at all (value, denominator, rate and distribution null) and
 * `suppressed: true`, so it can never be mistaken for a zero. Zero patients is shown as 0: "none" does
 * not point at anyone.
 *
 * Secondary suppression: where the months add up to the period (complementarySuppression), a single
 * suppressed month would be the period minus the others, so one more month is suppressed with it.
 */
export const SUPPRESSION_THRESHOLD = 5;

export interface Cell {
  value: number | null;
  denominator: number | null;
  ratePer100: number | null;
  suppressed: boolean;
  /** MEAN_SCORE only: how many answers gave each score 1..5. */
  distribution: number[] | null;
}

/** True when `patients` is a small number that could point at someone (1 to threshold − 1). */
export function isSmall(patients: number): boolean {
  return patients >= 1 && patients < SUPPRESSION_THRESHOLD;
}

/** Rounded half away from zero to `decimals` places (for display; the rules are stated in the definitions). */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(x) * Math.round(Math.abs(x) * f + Number.EPSILON * f)) / f;
}

/** value per 100 of base, one decimal; null when the base is 0. */
export function per100(value: number, base: number): number | null {
  return base > 0 ? round((100 * value) / base, 1) : null;
}

/** The median (mean of the two middle values for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Mean of 1..n scores given as counts per score (index 0 = score 1); two decimals; null for no answers. */
export function meanOfDistribution(dist: readonly number[]): number | null {
  const n = dist.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  return round(dist.reduce((a, c, i) => a + c * (i + 1), 0) / n, 2);
}

const SUPPRESSED: Cell = { value: null, denominator: null, ratePer100: null, suppressed: true, distribution: null };

function shown(c: Omit<Cell, 'suppressed'>, ...patientCounts: number[]): Cell {
  return patientCounts.some(isSmall) ? { ...SUPPRESSED } : { ...c, suppressed: false };
}

/** A plain count of patients. */
export function countCell(patients: number): Cell {
  return shown({ value: patients, denominator: null, ratePer100: null, distribution: null }, patients);
}

/** numerator of denominator, as a rate per 100 of the denominator; judged by the denominator's patients. */
export function shareCell(numerator: number, denominator: number, denominatorPatients: number): Cell {
  return shown({ value: numerator, denominator, ratePer100: per100(numerator, denominator), distribution: null }, denominatorPatients);
}

/** A count (days, rounds) per 100 enrolled; judged by the patients behind the count and the enrolled. */
export function perEnrolledCell(count: number, countPatients: number, enrolled: number): Cell {
  return shown({ value: count, denominator: enrolled, ratePer100: per100(count, enrolled), distribution: null }, countPatients, enrolled);
}

/** The median of the values, with how many there were; judged by the patients behind them. */
export function medianCell(values: readonly number[], patients: number): Cell {
  return shown({ value: median(values), denominator: values.length, ratePer100: null, distribution: null }, patients);
}

/** Mean and distribution of 1–5 answers; judged by the patients who answered. */
export function meanScoreCell(dist: readonly number[], patients: number): Cell {
  const n = dist.reduce((a, b) => a + b, 0);
  return shown({ value: meanOfDistribution(dist), denominator: n, ratePer100: null, distribution: [...dist] }, patients);
}

/**
 * Secondary (complementary) suppression within one indicator whose months add up to the period: when
 * the period is shown and exactly one month is suppressed, its numbers would be the period's minus the
 * other months', so the shown month with the smallest non-zero weight (how many facts it holds; ties:
 * the earliest) is suppressed too. Suppressed cells look the same whatever the reason.
 */
export function complementarySuppression(total: Cell, months: readonly Cell[], weight: (c: Cell) => number): Cell[] {
  if (total.suppressed || months.filter((c) => c.suppressed).length !== 1) return [...months];
  const rank = (c: Cell) => [weight(c) > 0 ? 0 : 1, weight(c)];
  let pick = -1;
  months.forEach((c, i) => {
    if (c.suppressed) return;
    if (pick < 0) {
      pick = i;
      return;
    }
    const [a0, a1] = rank(c);
    const [b0, b1] = rank(months[pick]);
    if (a0 < b0 || (a0 === b0 && a1 < b1)) pick = i;
  });
  return months.map((c, i) => (i === pick ? { ...SUPPRESSED } : c));
}
