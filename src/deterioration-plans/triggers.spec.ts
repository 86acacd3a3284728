import {
  Comparator,
  MeasuredTrigger,
  Observation,
  ObservationKind,
  OBSERVATION_RANGES,
  OBSERVATION_UNITS,
  Trigger,
  compare,
  describeTrigger,
  evaluateTriggers,
  validateObservations,
  validateTrigger,
} from './triggers';

const K = ObservationKind;
const C = Comparator;

function measured(observation: ObservationKind, comparator: Comparator, threshold: number, overDays?: number): MeasuredTrigger {
  return overDays === undefined ? { kind: 'MEASURED', observation, comparator, threshold } : { kind: 'MEASURED', observation, comparator, threshold, overDays };
}

interface Step {
  id: string;
  order: number;
  trigger: Trigger;
  action: string;
}

const step = (id: string, order: number, trigger: Trigger): Step => ({ id, order, trigger, action: `action for ${id}` });

/** A heart-failure plan as a GP might write it. */
const weight = step('weight', 1, measured(K.WEIGHT_CHANGE, C.GTE, 2, 3));
const resp = step('resp', 2, measured(K.RESPIRATORY_RATE, C.GT, 25));
const sat = step('sat', 3, measured(K.OXYGEN_SATURATION, C.LT, 90));
const news = step('news', 4, measured(K.NEWS2, C.GTE, 5));
const temp = step('temp', 5, measured(K.TEMPERATURE, C.GTE, 38.0));
const confusion = step('confusion', 6, { kind: 'SIGN', sign: 'new confusion' });
const plan = [weight, resp, sat, news, temp, confusion];

const ids = (list: Array<{ step: Step }>) => list.map((x) => x.step.id);

describe('compare', () => {
  // threshold 25; columns: equal, just above, well above, just below, well below
  it.each([
    [C.GT, [false, true, true, false, false]],
    [C.GTE, [true, true, true, false, false]],
    [C.LT, [false, false, false, true, true]],
    [C.LTE, [true, false, false, true, true]],
    [C.EQ, [true, false, false, false, false]],
  ])('%s against 25 for 25, 25.000001, 26, 24.999999, 24', (comparator, expected) => {
    expect([25, 25.000001, 26, 24.999999, 24].map((v) => compare(v, comparator, 25))).toEqual(expected);
  });

  it('treats 0.1 + 0.2 as equal to 0.3', () => {
    const v = 0.1 + 0.2; // 0.30000000000000004
    expect(compare(v, C.GTE, 0.3)).toBe(true);
    expect(compare(v, C.LTE, 0.3)).toBe(true);
    expect(compare(v, C.EQ, 0.3)).toBe(true);
    expect(compare(v, C.GT, 0.3)).toBe(false);
    expect(compare(v, C.LT, 0.3)).toBe(false);
    expect(compare(0.3, C.LT, v)).toBe(false);
    expect(compare(0.3, C.GTE, v)).toBe(true);
  });

  it('keeps 37.999999 below 38 but 38 - 1e-10 equal to it', () => {
    expect(compare(37.999999, C.GTE, 38)).toBe(false);
    expect(compare(37.999999, C.LT, 38)).toBe(true);
    expect(compare(37.999999, C.EQ, 38)).toBe(false);
    expect(compare(38 - 1e-10, C.GTE, 38)).toBe(true);
    expect(compare(38 - 1e-10, C.LT, 38)).toBe(false);
    expect(compare(38 + 1e-10, C.GT, 38)).toBe(false);
    expect(compare(38 + 1e-8, C.GT, 38)).toBe(true);
  });

  it('is false for non-finite numbers and unknown comparators', () => {
    for (const c of [C.GT, C.GTE, C.LT, C.LTE, C.EQ]) {
      expect(compare(Number.NaN, c, 25)).toBe(false);
      expect(compare(25, c, Number.NaN)).toBe(false);
      expect(compare(Number.POSITIVE_INFINITY, c, 25)).toBe(false);
      expect(compare(Number.NEGATIVE_INFINITY, c, 25)).toBe(false);
    }
    expect(compare(30, 'ABOUT' as unknown as Comparator, 25)).toBe(false);
  });
});

describe('describeTrigger', () => {
  it.each<[Trigger, string]>([
    [measured(K.RESPIRATORY_RATE, C.GT, 25), 'Respiratory rate > 25 /min'],
    [measured(K.OXYGEN_SATURATION, C.LT, 90), 'Oxygen saturation < 90 %'],
    [measured(K.NEWS2, C.GTE, 5), 'NEWS2 ≥ 5'],
    [measured(K.WEIGHT_CHANGE, C.GTE, 2, 3), 'Weight change ≥ 2 kg over 3 days'],
    [measured(K.WEIGHT_CHANGE, C.GTE, 1, 1), 'Weight change ≥ 1 kg over 1 day'],
    [measured(K.WEIGHT_CHANGE, C.LTE, -2.5, 7), 'Weight change ≤ -2.5 kg over 7 days'],
    [measured(K.TEMPERATURE, C.GTE, 38.0), 'Temperature ≥ 38 °C'],
    [measured(K.TEMPERATURE, C.GTE, 38.5), 'Temperature ≥ 38.5 °C'],
    [measured(K.SYSTOLIC_BP, C.LTE, 90), 'Systolic blood pressure ≤ 90 mmHg'],
    [measured(K.PULSE, C.EQ, 40), 'Pulse = 40 /min'],
    [measured(K.BLOOD_GLUCOSE, C.LT, 4), 'Blood glucose < 4 mmol/L'],
    [measured(K.PAIN_NRS, C.GTE, 7), 'Pain (NRS) ≥ 7'],
    [{ kind: 'SIGN', sign: '  new confusion ' }, 'new confusion'],
  ])('%j reads "%s"', (trigger, text) => {
    expect(describeTrigger(trigger)).toBe(text);
  });
});

describe('evaluateTriggers', () => {
  it('matches several steps at once, in plan order, with readable reasons', () => {
    const obs: Observation[] = [
      { kind: K.TEMPERATURE, value: 38.0 },
      { kind: K.RESPIRATORY_RATE, value: 28 },
      { kind: K.OXYGEN_SATURATION, value: 88 },
      { kind: K.NEWS2, value: 6 },
      { kind: K.WEIGHT_CHANGE, value: 2.5, overDays: 2 },
    ];
    const r = evaluateTriggers(plan, obs);
    expect(r.matched).toEqual([
      { step: weight, observed: obs[4], reason: 'weight change 2.5 kg over 2 days ≥ 2 kg over 3 days' },
      { step: resp, observed: obs[1], reason: 'respiratory rate 28 /min > 25 /min' },
      { step: sat, observed: obs[2], reason: 'oxygen saturation 88 % < 90 %' },
      { step: news, observed: obs[3], reason: 'NEWS2 6 ≥ 5' },
      { step: temp, observed: obs[0], reason: 'temperature 38 °C ≥ 38 °C' },
    ]);
    expect(r.notEvaluable).toEqual([{ step: confusion, reason: 'NEEDS_JUDGEMENT' }]);
    expect(r.matched[1].observed).toBe(obs[1]);
    expect(r.matched[0].step.action).toBe('action for weight');
  });

  it('matches nothing when every sign is within limits', () => {
    const r = evaluateTriggers(plan, [
      { kind: K.WEIGHT_CHANGE, value: 0.5, overDays: 3 },
      { kind: K.RESPIRATORY_RATE, value: 16 },
      { kind: K.OXYGEN_SATURATION, value: 96 },
      { kind: K.NEWS2, value: 1 },
      { kind: K.TEMPERATURE, value: 36.8 },
    ]);
    expect(r.matched).toEqual([]);
    expect(r.notEvaluable).toEqual([{ step: confusion, reason: 'NEEDS_JUDGEMENT' }]);
  });

  it('lists measured steps without an observation as NO_OBSERVATION', () => {
    expect(evaluateTriggers(plan, []).notEvaluable).toEqual([
      { step: weight, reason: 'NO_OBSERVATION' },
      { step: resp, reason: 'NO_OBSERVATION' },
      { step: sat, reason: 'NO_OBSERVATION' },
      { step: news, reason: 'NO_OBSERVATION' },
      { step: temp, reason: 'NO_OBSERVATION' },
      { step: confusion, reason: 'NEEDS_JUDGEMENT' },
    ]);
    const r = evaluateTriggers(plan, [{ kind: K.RESPIRATORY_RATE, value: 30 }]);
    expect(ids(r.matched)).toEqual(['resp']);
    expect(ids(r.notEvaluable)).toEqual(['weight', 'sat', 'news', 'temp', 'confusion']);
    expect(r.notEvaluable.map((n) => n.reason)).toEqual(['NO_OBSERVATION', 'NO_OBSERVATION', 'NO_OBSERVATION', 'NO_OBSERVATION', 'NEEDS_JUDGEMENT']);
  });

  it('never matches free-text signs, whatever was observed', () => {
    const signs = [step('a', 1, { kind: 'SIGN', sign: 'new confusion' }), step('b', 2, { kind: 'SIGN', sign: 'not drinking' })];
    const r = evaluateTriggers(signs, [{ kind: K.NEWS2, value: 12 }]);
    expect(r.matched).toEqual([]);
    expect(r.notEvaluable).toEqual([
      { step: signs[0], reason: 'NEEDS_JUDGEMENT' },
      { step: signs[1], reason: 'NEEDS_JUDGEMENT' },
    ]);
  });

  it('returns steps in plan order when given out of order, keeping ties in input order', () => {
    const shuffled = [temp, sat, confusion, weight, news, resp];
    const obs: Observation[] = [
      { kind: K.RESPIRATORY_RATE, value: 26 },
      { kind: K.TEMPERATURE, value: 39.1 },
      { kind: K.OXYGEN_SATURATION, value: 85 },
    ];
    const r = evaluateTriggers(shuffled, obs);
    expect(ids(r.matched)).toEqual(['resp', 'sat', 'temp']);
    expect(ids(r.notEvaluable)).toEqual(['weight', 'news', 'confusion']);

    const tieB = step('b', 2, measured(K.PULSE, C.GT, 100));
    const tieA = step('a', 2, measured(K.PULSE, C.GT, 110));
    const first = step('first', 1, measured(K.PULSE, C.GT, 120));
    expect(ids(evaluateTriggers([tieB, tieA, first], [{ kind: K.PULSE, value: 130 }]).matched)).toEqual(['first', 'b', 'a']);
  });

  it.each([
    ['resp', resp, 25, false],
    ['resp', resp, 26, true],
    ['resp', resp, 24, false],
    ['sat', sat, 90, false],
    ['sat', sat, 89, true],
    ['sat', sat, 91, false],
    ['news', news, 5, true],
    ['news', news, 6, true],
    ['news', news, 4, false],
    ['temp', temp, 38.0, true],
    ['temp', temp, 38.1, true],
    ['temp', temp, 37.9, false],
    ['temp', temp, 37.999999, false],
    ['temp', temp, 38 - 1e-12, true],
  ])('%s observed at %s matches: %s', (_name, s, value, expected) => {
    const r = evaluateTriggers([s], [{ kind: s.trigger.kind === 'MEASURED' ? s.trigger.observation : K.PULSE, value }]);
    expect(r.matched.length).toBe(expected ? 1 : 0);
    expect(r.notEvaluable).toEqual([]);
  });

  it('reports an evaluated, unmet step in neither list', () => {
    const r = evaluateTriggers([resp], [{ kind: K.RESPIRATORY_RATE, value: 18 }]);
    expect(r).toEqual({ matched: [], notEvaluable: [] });
  });

  it('evaluates every comparator the same way compare does', () => {
    const steps = [C.GT, C.GTE, C.LT, C.LTE, C.EQ].map((c, i) => step(c, i, measured(K.PAIN_NRS, c, 7)));
    expect(ids(evaluateTriggers(steps, [{ kind: K.PAIN_NRS, value: 7 }]).matched)).toEqual(['GTE', 'LTE', 'EQ']);
    expect(ids(evaluateTriggers(steps, [{ kind: K.PAIN_NRS, value: 8 }]).matched)).toEqual(['GT', 'GTE']);
    expect(ids(evaluateTriggers(steps, [{ kind: K.PAIN_NRS, value: 6 }]).matched)).toEqual(['LT', 'LTE']);
  });

  describe('weight change period', () => {
    const gain = (value: number, overDays?: number): Observation =>
      overDays === undefined ? { kind: K.WEIGHT_CHANGE, value } : { kind: K.WEIGHT_CHANGE, value, overDays };

    it('counts a gain over a shorter or equal period', () => {
      expect(evaluateTriggers([weight], [gain(2, 2)]).matched[0].reason).toBe('weight change 2 kg over 2 days ≥ 2 kg over 3 days');
      expect(evaluateTriggers([weight], [gain(2, 3)]).matched[0].reason).toBe('weight change 2 kg over 3 days ≥ 2 kg over 3 days');
      expect(evaluateTriggers([weight], [gain(2.2, 1)]).matched[0].reason).toBe('weight change 2.2 kg over 1 day ≥ 2 kg over 3 days');
    });

    it('does not count a gain over a longer period', () => {
      expect(evaluateTriggers([weight], [gain(2.5, 5)])).toEqual({ matched: [], notEvaluable: [{ step: weight, reason: 'NO_OBSERVATION' }] });
      expect(evaluateTriggers([weight], [gain(2.5)]).notEvaluable).toEqual([{ step: weight, reason: 'NO_OBSERVATION' }]);
    });

    it('does not match below the threshold', () => {
      expect(evaluateTriggers([weight], [gain(1.9, 3)])).toEqual({ matched: [], notEvaluable: [] });
      // 3 kg over 7 days is too long a period; 1 kg over 2 days is too little
      expect(evaluateTriggers([weight], [gain(3, 7), gain(1, 2)])).toEqual({ matched: [], notEvaluable: [] });
    });

    it('picks the matching observation over the longest usable period', () => {
      const obs = [gain(1, 1), gain(2.4, 3), gain(4, 10)];
      expect(evaluateTriggers([weight], obs).matched[0].observed).toBe(obs[1]);
      const both = [gain(2.1, 1), gain(2.2, 3)];
      expect(evaluateTriggers([weight], both).matched[0].observed).toBe(both[1]);
      const reversed = [gain(2.2, 3), gain(2.1, 1)];
      expect(evaluateTriggers([weight], reversed).matched[0].observed).toBe(reversed[0]);
    });

    it('handles weight loss triggers', () => {
      const loss = step('loss', 1, measured(K.WEIGHT_CHANGE, C.LTE, -2, 7));
      expect(evaluateTriggers([loss], [gain(-2.5, 7)]).matched[0].reason).toBe('weight change -2.5 kg over 7 days ≤ -2 kg over 7 days');
      expect(evaluateTriggers([loss], [gain(-1, 7)]).matched).toEqual([]);
    });
  });

  it('reports the earlier observation when duplicates both match', () => {
    const obs: Observation[] = [
      { kind: K.PULSE, value: 130 },
      { kind: K.PULSE, value: 140 },
    ];
    const r = evaluateTriggers([step('pulse', 1, measured(K.PULSE, C.GT, 120))], obs);
    expect(r.matched[0].observed).toBe(obs[0]);
    expect(r.matched[0].reason).toBe('pulse 130 /min > 120 /min');
  });

  it('treats a non-finite observed value as no observation', () => {
    const r = evaluateTriggers([resp], [{ kind: K.RESPIRATORY_RATE, value: Number.NaN }]);
    expect(r.notEvaluable).toEqual([{ step: resp, reason: 'NO_OBSERVATION' }]);
  });

  it('does not mutate its inputs and is deterministic', () => {
    const steps = [temp, resp, confusion, weight];
    const obs: Observation[] = [
      { kind: K.TEMPERATURE, value: 38.4 },
      { kind: K.WEIGHT_CHANGE, value: 2, overDays: 3 },
    ];
    const stepsBefore = structuredClone(steps);
    const obsBefore = structuredClone(obs);
    for (const x of [steps, obs, ...steps, ...obs]) Object.freeze(x);
    const first = evaluateTriggers(steps, obs);
    const second = evaluateTriggers(steps, obs);
    expect(steps).toEqual(stepsBefore);
    expect(obs).toEqual(obsBefore);
    expect(steps.map((s) => s.id)).toEqual(['temp', 'resp', 'confusion', 'weight']);
    expect(second).toEqual(first);
    expect(ids(first.matched)).toEqual(['weight', 'temp']);
  });

  it('returns empty lists for an empty plan', () => {
    expect(evaluateTriggers([], [{ kind: K.PULSE, value: 80 }])).toEqual({ matched: [], notEvaluable: [] });
  });
});

describe('validateObservations', () => {
  it('accepts a normal set, range bounds included, and several weight periods', () => {
    expect(validateObservations([])).toEqual([]);
    expect(
      validateObservations([
        { kind: K.RESPIRATORY_RATE, value: 0 },
        { kind: K.OXYGEN_SATURATION, value: 50 },
        { kind: K.TEMPERATURE, value: 45 },
        { kind: K.NEWS2, value: 20 },
        { kind: K.PAIN_NRS, value: 0 },
        { kind: K.BLOOD_GLUCOSE, value: 0.5 },
        { kind: K.WEIGHT_CHANGE, value: -30, overDays: 1 },
        { kind: K.WEIGHT_CHANGE, value: 30, overDays: 3 },
      ]),
    ).toEqual([]);
  });

  it('rejects non-finite values', () => {
    expect(
      validateObservations([
        { kind: K.PULSE, value: 80 },
        { kind: K.TEMPERATURE, value: Number.NaN },
        { kind: K.NEWS2, value: Number.POSITIVE_INFINITY },
      ]),
    ).toEqual([
      { field: 'observations.1.value', message: 'must be a finite number' },
      { field: 'observations.2.value', message: 'must be a finite number' },
    ]);
  });

  it('rejects out-of-range values and fractional scores', () => {
    expect(
      validateObservations([
        { kind: K.OXYGEN_SATURATION, value: 101 },
        { kind: K.RESPIRATORY_RATE, value: 81 },
        { kind: K.TEMPERATURE, value: 29.9 },
        { kind: K.NEWS2, value: 5.5 },
        { kind: K.WEIGHT_CHANGE, value: -30.5, overDays: 3 },
      ]),
    ).toEqual([
      { field: 'observations.0.value', message: 'must be between 50 % and 100 % for oxygen saturation' },
      { field: 'observations.1.value', message: 'must be between 0 /min and 80 /min for respiratory rate' },
      { field: 'observations.2.value', message: 'must be between 30 °C and 45 °C for temperature' },
      { field: 'observations.3.value', message: 'must be a whole number for NEWS2' },
      { field: 'observations.4.value', message: 'must be between -30 kg and 30 kg for weight change' },
    ]);
  });

  it('rejects duplicates of the same kind, and of weight change over the same period', () => {
    expect(
      validateObservations([
        { kind: K.RESPIRATORY_RATE, value: 20 },
        { kind: K.WEIGHT_CHANGE, value: 1, overDays: 3 },
        { kind: K.RESPIRATORY_RATE, value: 22 },
        { kind: K.WEIGHT_CHANGE, value: 2, overDays: 3 },
        { kind: K.WEIGHT_CHANGE, value: 2, overDays: 7 },
      ]),
    ).toEqual([
      { field: 'observations.2.kind', message: 'duplicate observation of respiratory rate (see observations.0)' },
      { field: 'observations.3.kind', message: 'duplicate observation of weight change over 3 days (see observations.1)' },
    ]);
  });

  it('applies the overDays rule', () => {
    const bad = (overDays: number | null | undefined) =>
      validateObservations([{ kind: K.WEIGHT_CHANGE, value: 2, overDays } as Observation]).map((e) => e.message);
    expect(bad(undefined)).toEqual(['is required for weight change: the number of days the change is measured over']);
    expect(bad(null)).toEqual(['is required for weight change: the number of days the change is measured over']);
    expect(bad(0)).toEqual(['must be a positive whole number of days']);
    expect(bad(-3)).toEqual(['must be a positive whole number of days']);
    expect(bad(2.5)).toEqual(['must be a positive whole number of days']);
    expect(bad(366)).toEqual(['must be at most 365 days']);
    expect(bad(365)).toEqual([]);
    expect(validateObservations([{ kind: K.PULSE, value: 90, overDays: 3 }])).toEqual([
      { field: 'observations.0.overDays', message: 'only applies to weight change' },
    ]);
  });

  it('rejects unknown kinds and uses the given path', () => {
    expect(validateObservations([{ kind: 'ACVPU' as ObservationKind, value: 1 }], 'input.observations')).toEqual([
      { field: 'input.observations.0.kind', message: 'is not a known observation kind' },
    ]);
  });

  it('has a unit and a sane range for every kind', () => {
    for (const kind of Object.values(ObservationKind)) {
      expect(typeof OBSERVATION_UNITS[kind]).toBe('string');
      expect(OBSERVATION_RANGES[kind].min).toBeLessThan(OBSERVATION_RANGES[kind].max);
    }
  });
});

describe('validateTrigger', () => {
  const path = 'input.steps.2.trigger';

  it('accepts the usual home-care triggers', () => {
    for (const s of plan) expect(validateTrigger(s.trigger, path)).toEqual([]);
  });

  it('checks the threshold against the kind’s range', () => {
    expect(validateTrigger(measured(K.OXYGEN_SATURATION, C.LT, 120), path)).toEqual([
      { field: 'input.steps.2.trigger.threshold', message: 'must be between 50 % and 100 % for oxygen saturation' },
    ]);
    expect(validateTrigger(measured(K.NEWS2, C.GTE, Number.NaN), path)).toEqual([
      { field: 'input.steps.2.trigger.threshold', message: 'must be a finite number' },
    ]);
    expect(validateTrigger(measured(K.NEWS2, C.GTE, 4.5), '')).toEqual([{ field: 'threshold', message: 'must be a whole number for NEWS2' }]);
  });

  it('applies the overDays rule', () => {
    expect(validateTrigger(measured(K.WEIGHT_CHANGE, C.GTE, 2), path)).toEqual([
      { field: 'input.steps.2.trigger.overDays', message: 'is required for weight change: the number of days the change is measured over' },
    ]);
    expect(validateTrigger(measured(K.RESPIRATORY_RATE, C.GT, 25, 3), path)).toEqual([
      { field: 'input.steps.2.trigger.overDays', message: 'only applies to weight change' },
    ]);
  });

  it('rejects unknown comparators, observations and trigger kinds', () => {
    expect(validateTrigger(measured('ACVPU' as ObservationKind, 'ABOUT' as Comparator, 1), path)).toEqual([
      { field: 'input.steps.2.trigger.comparator', message: 'is not a known comparator' },
      { field: 'input.steps.2.trigger.observation', message: 'is not a known observation kind' },
    ]);
    expect(validateTrigger({ kind: 'SCORE' } as unknown as Trigger, path)).toEqual([
      { field: 'input.steps.2.trigger.kind', message: 'is not a known trigger kind: SCORE' },
    ]);
  });

  it('requires a non-empty sign of at most 500 characters', () => {
    const sign = (text: string) => validateTrigger({ kind: 'SIGN', sign: text }, path);
    expect(sign('new confusion')).toEqual([]);
    expect(sign('x'.repeat(500))).toEqual([]);
    expect(sign('')).toEqual([{ field: 'input.steps.2.trigger.sign', message: 'must not be empty' }]);
    expect(sign('   ')).toEqual([{ field: 'input.steps.2.trigger.sign', message: 'must not be empty' }]);
    expect(sign('x'.repeat(501))).toEqual([{ field: 'input.steps.2.trigger.sign', message: 'must be at most 500 characters' }]);
  });
});
