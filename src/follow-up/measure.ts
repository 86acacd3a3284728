import { Cell, complementarySuppression, countCell, meanScoreCell, medianCell, perEnrolledCell, shareCell } from './cells';
import { IndicatorDefinition, Measure } from './indicators';

/**
 * The metrics of one (group, bucket) as the SQL families return them: counts, and lists (values for a
 * median, answers per score). A metric no family returned for the cell is 0 (or an empty list).
 */
export type Metrics = Record<string, number | number[]>;

/** Which organisation(s) a row of metrics is about: the asked scope, or one organisation in a comparison. */
export type GroupDim = 'SCOPE' | 'MUNICIPALITY' | 'PRIMARY_CARE';

export interface MetricRow {
  dim: GroupDim;
  orgId: string | null;
  bucket: string;
  metrics: Metrics;
}

export const groupKey = (dim: GroupDim, orgId: string | null) => `${dim}:${orgId ?? ''}`;

/** Metrics by group, then by bucket; rows of different families for the same cell are merged. */
export class MetricTable {
  private readonly cells = new Map<string, Map<string, Metrics>>();

  add(rows: Iterable<MetricRow>): this {
    for (const r of rows) {
      const g = groupKey(r.dim, r.orgId);
      let byBucket = this.cells.get(g);
      if (!byBucket) this.cells.set(g, (byBucket = new Map()));
      byBucket.set(r.bucket, { ...byBucket.get(r.bucket), ...r.metrics });
    }
    return this;
  }

  get(dim: GroupDim, orgId: string | null, bucket: string): Metrics {
    return this.cells.get(groupKey(dim, orgId))?.get(bucket) ?? {};
  }
}

/** Metric names of the experience answers of one question. */
export const experienceMetric = (question: string) => ({ dist: `exp_${question}_dist`, patients: `exp_${question}_patients` });

const num = (m: Metrics, k: string): number => {
  const v = m[k];
  return typeof v === 'number' ? v : 0;
};
const list = (m: Metrics, k: string): number[] => {
  const v = m[k];
  return Array.isArray(v) ? v : [];
};

/** One indicator's cell from the metrics of one (group, bucket). */
export function measureCell(measure: Measure, m: Metrics): Cell {
  switch (measure.kind) {
    case 'COUNT':
      return countCell(num(m, measure.value));
    case 'SHARE':
      return shareCell(num(m, measure.numerator), num(m, measure.denominator), num(m, measure.patients));
    case 'PER_ENROLLED':
      return perEnrolledCell(num(m, measure.value), measure.patients ? num(m, measure.patients) : 0, num(m, 'enrolled'));
    case 'MEDIAN':
      return medianCell(list(m, measure.values), num(m, measure.patients));
    case 'MEAN_SCORE': {
      const k = experienceMetric(measure.question);
      const dist = list(m, k.dist);
      return meanScoreCell(dist.length ? dist : [0, 0, 0, 0, 0], num(m, k.patients));
    }
  }
}

export function indicatorCell(def: IndicatorDefinition, m: Metrics): Cell {
  return measureCell(def.measure, m);
}

/**
 * An indicator's period cell and month cells, with secondary suppression where the months add up to
 * the period. The weight of a month is how many facts it holds: the count of a rate per 100 enrolled,
 * otherwise the denominator (facts due, discharges, answers).
 */
export function indicatorCells(def: IndicatorDefinition, total: Metrics, months: readonly Metrics[]): { total: Cell; months: Cell[] } {
  const t = indicatorCell(def, total);
  const m = months.map((x) => indicatorCell(def, x));
  if (!def.additive) return { total: t, months: m };
  const weight = (c: Cell) => (def.measure.kind === 'PER_ENROLLED' ? (c.value ?? 0) : (c.denominator ?? 0));
  return { total: t, months: complementarySuppression(t, m, weight) };
}
