/**
 * Pure trigger evaluation for deterioration action plans (handlingsplan vid försämring).
 *
 * A plan step has a trigger: either a measured sign with a threshold ("respiratory rate > 25 /min",
 * "weight change ≥ 2 kg over 3 days", "NEWS2 ≥ 5") or a free-text sign ("new confusion") that only
 * the nurse can judge. Given the observations a nurse recorded, `evaluateTriggers` tells which
 * steps are triggered, which could not be evaluated for want of an observation, and which need the
 * nurse's judgement. Everything here is deterministic: no clock, no randomness, no I/O, and the
 * inputs are never mutated.
 */
import type { FieldError } from '../common/errors';

/** Measurable signs recorded in home healthcare. ACVPU is not numeric and is left out on purpose. */
export enum ObservationKind {
  RESPIRATORY_RATE = 'RESPIRATORY_RATE',
  OXYGEN_SATURATION = 'OXYGEN_SATURATION',
  PULSE = 'PULSE',
  SYSTOLIC_BP = 'SYSTOLIC_BP',
  TEMPERATURE = 'TEMPERATURE',
  /** Change in kg over `overDays` days; positive = gain. */
  WEIGHT_CHANGE = 'WEIGHT_CHANGE',
  /** National Early Warning Score 2, 0–20. */
  NEWS2 = 'NEWS2',
  BLOOD_GLUCOSE = 'BLOOD_GLUCOSE',
  /** Numeric rating scale for pain, 0–10. */
  PAIN_NRS = 'PAIN_NRS',
}

/** Unit shown after a value; empty for unitless scores. */
export const OBSERVATION_UNITS: Record<ObservationKind, string> = {
  [ObservationKind.RESPIRATORY_RATE]: '/min',
  [ObservationKind.OXYGEN_SATURATION]: '%',
  [ObservationKind.PULSE]: '/min',
  [ObservationKind.SYSTOLIC_BP]: 'mmHg',
  [ObservationKind.TEMPERATURE]: '°C',
  [ObservationKind.WEIGHT_CHANGE]: 'kg',
  [ObservationKind.NEWS2]: '',
  [ObservationKind.BLOOD_GLUCOSE]: 'mmol/L',
  [ObservationKind.PAIN_NRS]: '',
};

/** Plausible values (inclusive); anything outside is treated as a typing error, not a reading. */
export const OBSERVATION_RANGES: Record<ObservationKind, { min: number; max: number }> = {
  [ObservationKind.RESPIRATORY_RATE]: { min: 0, max: 80 },
  [ObservationKind.OXYGEN_SATURATION]: { min: 50, max: 100 },
  [ObservationKind.PULSE]: { min: 0, max: 300 },
  [ObservationKind.SYSTOLIC_BP]: { min: 40, max: 300 },
  [ObservationKind.TEMPERATURE]: { min: 30, max: 45 },
  [ObservationKind.WEIGHT_CHANGE]: { min: -30, max: 30 },
  [ObservationKind.NEWS2]: { min: 0, max: 20 },
  [ObservationKind.BLOOD_GLUCOSE]: { min: 0.5, max: 50 },
  [ObservationKind.PAIN_NRS]: { min: 0, max: 10 },
};

/** Human-readable names, lower case as used inside a sentence. */
export const OBSERVATION_LABELS: Record<ObservationKind, string> = {
  [ObservationKind.RESPIRATORY_RATE]: 'respiratory rate',
  [ObservationKind.OXYGEN_SATURATION]: 'oxygen saturation',
  [ObservationKind.PULSE]: 'pulse',
  [ObservationKind.SYSTOLIC_BP]: 'systolic blood pressure',
  [ObservationKind.TEMPERATURE]: 'temperature',
  [ObservationKind.WEIGHT_CHANGE]: 'weight change',
  [ObservationKind.NEWS2]: 'NEWS2',
  [ObservationKind.BLOOD_GLUCOSE]: 'blood glucose',
  [ObservationKind.PAIN_NRS]: 'pain (NRS)',
};

/** Scores that only take whole numbers, for observed values and thresholds alike. */
export const WHOLE_NUMBER_OBSERVATIONS: ReadonlySet<ObservationKind> = new Set([ObservationKind.NEWS2, ObservationKind.PAIN_NRS]);

/** Longest period a weight change may be stated over. */
export const MAX_OVER_DAYS = 365;
/** Longest free-text sign, in characters. */
export const MAX_SIGN_LENGTH = 500;
/** Absolute tolerance for the equality part of comparisons. */
export const COMPARE_TOLERANCE = 1e-9;

export enum Comparator {
  GT = 'GT',
  GTE = 'GTE',
  LT = 'LT',
  LTE = 'LTE',
  EQ = 'EQ',
}

export const COMPARATOR_SYMBOLS: Record<Comparator, string> = {
  [Comparator.GT]: '>',
  [Comparator.GTE]: '≥',
  [Comparator.LT]: '<',
  [Comparator.LTE]: '≤',
  [Comparator.EQ]: '=',
};

/**
 * `value <comparator> threshold`, where values within COMPARE_TOLERANCE of each other count as
 * equal: GTE/LTE/EQ accept them, GT/LT reject them (so GT is exactly "not LTE"). Non-finite input
 * or an unknown comparator never satisfies anything.
 */
export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  if (!Number.isFinite(value) || !Number.isFinite(threshold)) return false;
  const diff = value - threshold;
  switch (comparator) {
    case Comparator.GT:
      return diff > COMPARE_TOLERANCE;
    case Comparator.GTE:
      return diff >= -COMPARE_TOLERANCE;
    case Comparator.LT:
      return diff < -COMPARE_TOLERANCE;
    case Comparator.LTE:
      return diff <= COMPARE_TOLERANCE;
    case Comparator.EQ:
      return Math.abs(diff) <= COMPARE_TOLERANCE;
    default:
      return false;
  }
}

export interface MeasuredTrigger {
  kind: 'MEASURED';
  observation: ObservationKind;
  comparator: Comparator;
  threshold: number;
  /** Only for WEIGHT_CHANGE: the period, in days, the change is measured over. */
  overDays?: number;
}

/** A sign in words ("new confusion"); never matched automatically. */
export interface FreeTextTrigger {
  kind: 'SIGN';
  sign: string;
}

export type Trigger = MeasuredTrigger | FreeTextTrigger;

/** The least a plan step must have to be evaluated; real steps carry more (action, contact…). */
export interface PlanStep {
  id: string;
  order: number;
  trigger: Trigger;
}

export interface Observation {
  kind: ObservationKind;
  value: number;
  /** Only for WEIGHT_CHANGE: the period, in days, the change was measured over. */
  overDays?: number;
}

export type NotEvaluableReason = 'NO_OBSERVATION' | 'NEEDS_JUDGEMENT';

export interface TriggerMatch<S> {
  step: S;
  observed: Observation;
  reason: string;
}

export interface TriggerEvaluation<S> {
  /** Steps whose measured trigger is met, in plan order. */
  matched: Array<TriggerMatch<S>>;
  /** Steps that could not be decided automatically, in plan order. */
  notEvaluable: Array<{ step: S; reason: NotEvaluableReason }>;
}

export function isObservationKind(value: unknown): value is ObservationKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(OBSERVATION_RANGES, value);
}

function isComparator(value: unknown): value is Comparator {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(COMPARATOR_SYMBOLS, value);
}

function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

/** Trims floating-point noise for display (0.1 + 0.2 shows as 0.3) without hiding real digits. */
function formatNumber(n: number): string {
  return String(Number(n.toPrecision(15)));
}

function withUnit(n: number, kind: ObservationKind): string {
  const unit = OBSERVATION_UNITS[kind];
  return unit ? `${formatNumber(n)} ${unit}` : formatNumber(n);
}

function days(n: number): string {
  return `${formatNumber(n)} ${n === 1 ? 'day' : 'days'}`;
}

function period(overDays: number | null | undefined): string {
  return overDays == null ? '' : ` over ${days(overDays)}`;
}

/** Errors for a number (observed value or threshold) of the given kind. */
function valueErrors(kind: ObservationKind, value: unknown, field: string): FieldError[] {
  if (typeof value !== 'number' || !Number.isFinite(value)) return [{ field, message: 'must be a finite number' }];
  const { min, max } = OBSERVATION_RANGES[kind];
  if (value < min || value > max) {
    return [{ field, message: `must be between ${withUnit(min, kind)} and ${withUnit(max, kind)} for ${OBSERVATION_LABELS[kind]}` }];
  }
  if (WHOLE_NUMBER_OBSERVATIONS.has(kind) && !Number.isInteger(value)) {
    return [{ field, message: `must be a whole number for ${OBSERVATION_LABELS[kind]}` }];
  }
  return [];
}

/** The overDays rule: required (positive whole number ≤ MAX_OVER_DAYS) for weight change, absent otherwise. */
function overDaysErrors(kind: ObservationKind, overDays: unknown, field: string): FieldError[] {
  if (kind !== ObservationKind.WEIGHT_CHANGE) {
    return overDays == null ? [] : [{ field, message: 'only applies to weight change' }];
  }
  if (overDays == null) return [{ field, message: 'is required for weight change: the number of days the change is measured over' }];
  if (typeof overDays !== 'number' || !Number.isInteger(overDays) || overDays < 1) {
    return [{ field, message: 'must be a positive whole number of days' }];
  }
  if (overDays > MAX_OVER_DAYS) return [{ field, message: `must be at most ${MAX_OVER_DAYS} days` }];
  return [];
}

/**
 * Field errors for a set of recorded observations (an empty array when valid). One observation per
 * kind, except weight change, which may be given once per period.
 */
export function validateObservations(observations: readonly Observation[], path = 'observations'): FieldError[] {
  const errors: FieldError[] = [];
  const firstIndexByKey = new Map<string, number>();
  observations.forEach((o, i) => {
    const base = join(path, i);
    if (!isObservationKind(o.kind)) {
      errors.push({ field: join(base, 'kind'), message: 'is not a known observation kind' });
      return;
    }
    errors.push(...valueErrors(o.kind, o.value, join(base, 'value')));
    errors.push(...overDaysErrors(o.kind, o.overDays, join(base, 'overDays')));
    const isWeight = o.kind === ObservationKind.WEIGHT_CHANGE;
    const key = isWeight ? `${o.kind}:${String(o.overDays)}` : o.kind;
    const first = firstIndexByKey.get(key);
    if (first === undefined) {
      firstIndexByKey.set(key, i);
    } else {
      const what = isWeight ? `${OBSERVATION_LABELS[o.kind]}${period(o.overDays)}` : OBSERVATION_LABELS[o.kind];
      errors.push({ field: join(base, 'kind'), message: `duplicate observation of ${what} (see ${join(path, first)})` });
    }
  });
  return errors;
}

/** Field errors for one trigger, with fields under `path` (e.g. "input.steps.2.trigger"). */
export function validateTrigger(t: Trigger, path: string): FieldError[] {
  const kind: unknown = t.kind;
  if (t.kind === 'SIGN') {
    const sign: unknown = t.sign;
    const field = join(path, 'sign');
    if (typeof sign !== 'string' || sign.trim() === '') return [{ field, message: 'must not be empty' }];
    if (sign.length > MAX_SIGN_LENGTH) return [{ field, message: `must be at most ${MAX_SIGN_LENGTH} characters` }];
    return [];
  }
  if (kind !== 'MEASURED') return [{ field: join(path, 'kind'), message: `is not a known trigger kind: ${String(kind)}` }];
  const errors: FieldError[] = [];
  if (!isComparator(t.comparator)) errors.push({ field: join(path, 'comparator'), message: 'is not a known comparator' });
  if (!isObservationKind(t.observation)) {
    errors.push({ field: join(path, 'observation'), message: 'is not a known observation kind' });
    return errors;
  }
  errors.push(...valueErrors(t.observation, t.threshold, join(path, 'threshold')));
  errors.push(...overDaysErrors(t.observation, t.overDays, join(path, 'overDays')));
  return errors;
}

/** E.g. "Respiratory rate > 25 /min", "Weight change ≥ 2 kg over 3 days", "NEWS2 ≥ 5". */
export function describeTrigger(t: Trigger): string {
  if (t.kind === 'SIGN') return t.sign.trim();
  const label = OBSERVATION_LABELS[t.observation] ?? String(t.observation);
  const sentence = `${label} ${COMPARATOR_SYMBOLS[t.comparator] ?? String(t.comparator)} ${describeAmount(t.threshold, t.observation, t.overDays)}`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function describeAmount(n: number, kind: ObservationKind, overDays: number | undefined): string {
  const amount = isObservationKind(kind) ? withUnit(n, kind) : formatNumber(n);
  return kind === ObservationKind.WEIGHT_CHANGE ? `${amount}${period(overDays)}` : amount;
}

/**
 * Whether an observation can be used for a trigger. For weight change the observed period must be
 * no longer than the trigger's: a gain of 2 kg in 2 days meets "≥ 2 kg over 3 days", a gain over
 * 5 days does not. An observation without a period only counts for a trigger without one.
 */
function usableFor(trigger: MeasuredTrigger, o: Observation): boolean {
  if (o.kind !== trigger.observation || !Number.isFinite(o.value)) return false;
  if (trigger.observation !== ObservationKind.WEIGHT_CHANGE || trigger.overDays == null) return true;
  return o.overDays != null && o.overDays <= trigger.overDays;
}

/**
 * Evaluates each step's trigger against the observations. Steps come back in plan order (by
 * `order`, ties kept in input order). A measured step matches when some usable observation meets
 * the threshold; if several do (weight change over several periods), the one over the longest
 * period is reported, ties going to the earlier observation. A measured step with no usable
 * observation is NO_OBSERVATION; a free-text sign is NEEDS_JUDGEMENT. A measured step that was
 * evaluated and not met appears in neither list.
 */
export function evaluateTriggers<S extends PlanStep>(steps: readonly S[], observations: readonly Observation[]): TriggerEvaluation<S> {
  const ordered = steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => (a.step.order < b.step.order ? -1 : a.step.order > b.step.order ? 1 : a.index - b.index))
    .map(({ step }) => step);

  const result: TriggerEvaluation<S> = { matched: [], notEvaluable: [] };
  for (const step of ordered) {
    const trigger = step.trigger;
    if (trigger.kind !== 'MEASURED') {
      // Free-text signs, and any trigger kind this code does not know, go to the nurse.
      result.notEvaluable.push({ step, reason: 'NEEDS_JUDGEMENT' });
      continue;
    }
    const usable = observations.filter((o) => usableFor(trigger, o));
    if (usable.length === 0) {
      result.notEvaluable.push({ step, reason: 'NO_OBSERVATION' });
      continue;
    }
    let best: Observation | undefined;
    for (const o of usable) {
      if (!compare(o.value, trigger.comparator, trigger.threshold)) continue;
      if (best === undefined || (o.overDays ?? 0) > (best.overDays ?? 0)) best = o;
    }
    if (best !== undefined) result.matched.push({ step, observed: best, reason: matchReason(trigger, best) });
  }
  return result;
}

/** E.g. "respiratory rate 28 /min > 25 /min", "weight change 2.5 kg over 2 days ≥ 2 kg over 3 days". */
function matchReason(trigger: MeasuredTrigger, observed: Observation): string {
  const kind = trigger.observation;
  const observedPeriod = kind === ObservationKind.WEIGHT_CHANGE ? observed.overDays : undefined;
  return (
    `${OBSERVATION_LABELS[kind]} ${describeAmount(observed.value, kind, observedPeriod)} ` +
    `${COMPARATOR_SYMBOLS[trigger.comparator]} ${describeAmount(trigger.threshold, kind, trigger.overDays)}`
  );
}
