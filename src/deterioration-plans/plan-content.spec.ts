import { PatientGrant } from '../access/patient-grant';
import { ContactHours, ContactRecord, DeteriorationPlanStatus, PlanStepRecord, TreatmentLimitationKind } from './deterioration-plan.entity';
import { TriggerKind } from './deterioration-plan.types';
import { TriggerInput } from './dto/plan.input';
import { canSeePlan, copySteps, hiddenReason, isDueForReview, ladderFor, signingProblems, toPlanContent, toTrigger } from './plan-content';
import { Comparator, ObservationKind } from './triggers';

const OWN = 'own-org';
const OTHER = 'other-org';

function grant(over: Partial<PatientGrant> = {}): PatientGrant {
  return {
    patientId: 'p',
    exists: true,
    relationships: ['ENROLLMENT'],
    direct: true,
    emergency: false,
    consent: false,
    blockedOrganisationIds: [],
    protectedIdentity: false,
    actorOrganisationId: OWN,
    ...over,
  };
}

const contact = (hours: ContactHours, role: string = hours): ContactRecord => ({ hours, role, name: 'n', phone: '036-10 00 00' });
const step: PlanStepRecord = {
  id: 's1',
  order: 1,
  trigger: { kind: 'MEASURED', observation: ObservationKind.RESPIRATORY_RATE, comparator: Comparator.GT, threshold: 25 },
  actions: [{ description: 'Ring jourläkaren', performer: 'ON_CALL_PHYSICIAN' as never, asNeededMedication: null }],
};

describe('isDueForReview', () => {
  const plan = (status: DeteriorationPlanStatus, reviewDate: string | null) => ({ status, reviewDate });
  it('flags an active plan from its review date on', () => {
    expect(isDueForReview(plan(DeteriorationPlanStatus.ACTIVE, '2027-03-15'), '2027-03-14')).toBe(false);
    expect(isDueForReview(plan(DeteriorationPlanStatus.ACTIVE, '2027-03-15'), '2027-03-15')).toBe(true);
    expect(isDueForReview(plan(DeteriorationPlanStatus.ACTIVE, '2027-03-15'), '2028-01-01')).toBe(true);
  });
  it('never flags drafts, superseded or withdrawn versions', () => {
    for (const s of [DeteriorationPlanStatus.DRAFT, DeteriorationPlanStatus.SUPERSEDED, DeteriorationPlanStatus.WITHDRAWN]) {
      expect(isDueForReview(plan(s, '2020-01-01'), '2027-01-01')).toBe(false);
    }
    expect(isDueForReview(plan(DeteriorationPlanStatus.ACTIVE, null), '2027-01-01')).toBe(false);
  });
});

describe('signingProblems', () => {
  const complete = {
    conditions: ['Hjärtsvikt'],
    steps: [step],
    contacts: [contact(ContactHours.OFFICE_HOURS), contact(ContactHours.OUT_OF_HOURS)],
    reviewDate: '2027-01-01',
  };
  it('accepts a complete draft; one all-hours contact covers both halves of the day', () => {
    expect(signingProblems(complete, '2026-11-20')).toEqual([]);
    expect(signingProblems({ ...complete, contacts: [contact(ContactHours.ALL_HOURS)] }, '2026-11-20')).toEqual([]);
  });
  it('names each missing part', () => {
    expect(signingProblems({ conditions: [], steps: [], contacts: [], reviewDate: null }, '2026-11-20').map((p) => `${p.field} ${p.message}`)).toEqual([
      'conditions must name at least one condition',
      'steps must hold at least one step',
      'contacts must name whom to call in office hours',
      'contacts must name whom to call out of hours',
      'reviewDate is required',
    ]);
  });
  it('wants a review date after today', () => {
    expect(signingProblems({ ...complete, reviewDate: '2026-11-20' }, '2026-11-20')).toEqual([{ field: 'reviewDate', message: 'must be after today' }]);
    expect(signingProblems({ ...complete, reviewDate: '2026-11-21' }, '2026-11-20')).toEqual([]);
  });
});

describe('canSeePlan', () => {
  const plan = (recordedBy: string, signedBy: string | null = null) => ({ recordedByOrganisationId: recordedBy, signedByOrganisationId: signedBy });
  it('shows own plans always, and the versions the organisation signed', () => {
    expect(canSeePlan(grant(), plan(OWN))).toBe(true);
    expect(canSeePlan(grant(), plan(OTHER, OWN))).toBe(true);
  });
  it('shows another organisation’s plan only with consent or emergency access, and not when blocked', () => {
    expect(canSeePlan(grant(), plan(OTHER))).toBe(false);
    expect(hiddenReason(grant(), plan(OTHER))).toBe('no-consent');
    expect(canSeePlan(grant({ consent: true }), plan(OTHER))).toBe(true);
    expect(canSeePlan(grant({ emergency: true }), plan(OTHER))).toBe(true);
    const blocked = grant({ consent: true, blockedOrganisationIds: [OTHER] });
    expect(canSeePlan(blocked, plan(OTHER))).toBe(false);
    expect(hiddenReason(blocked, plan(OTHER))).toBe('blocked');
  });
});

describe('ladderFor', () => {
  const ladder = [contact(ContactHours.OFFICE_HOURS, 'gp'), contact(ContactHours.ALL_HOURS, 'nurse'), contact(ContactHours.OUT_OF_HOURS, 'on-call')];
  it('keeps ladder order and adds the all-hours rungs', () => {
    expect(ladderFor(ladder, ContactHours.OUT_OF_HOURS).map((c) => c.role)).toEqual(['nurse', 'on-call']);
    expect(ladderFor(ladder, ContactHours.OFFICE_HOURS).map((c) => c.role)).toEqual(['gp', 'nurse']);
    expect(ladderFor(ladder, null).map((c) => c.role)).toEqual(['gp', 'nurse', 'on-call']);
  });
});

describe('toTrigger and toPlanContent', () => {
  const measured = (over: Partial<TriggerInput> = {}): TriggerInput => ({
    kind: TriggerKind.MEASURED,
    observation: ObservationKind.NEWS2,
    comparator: Comparator.GTE,
    threshold: 5,
    ...over,
  });

  it('maps a measured trigger, and keeps overDays only when given', () => {
    const errors: never[] = [];
    expect(toTrigger(measured(), 'p', errors)).toEqual({ kind: 'MEASURED', observation: 'NEWS2', comparator: 'GTE', threshold: 5 });
    expect(toTrigger(measured({ observation: ObservationKind.WEIGHT_CHANGE, threshold: 2, overDays: 3 }), 'p', errors)).toMatchObject({ overDays: 3 });
    expect(errors).toEqual([]);
  });

  it('refuses fields of the other kind', () => {
    const errors: Array<{ field: string; message: string }> = [];
    toTrigger({ kind: TriggerKind.SIGN, sign: 'förvirring', comparator: Comparator.GT, overDays: null }, 'p', errors);
    expect(errors).toEqual([{ field: 'p.comparator', message: 'only applies to a MEASURED trigger' }]);
  });

  it('leaves lists that were not given untouched, numbers steps in the order given', () => {
    const { content, errors } = toPlanContent(
      {
        steps: [
          { trigger: measured(), actions: [{ description: 'a', performer: 'NURSE' as never }] },
          { trigger: { kind: TriggerKind.SIGN, sign: ' trött ' }, actions: [{ description: 'b', performer: 'NURSE' as never }] },
        ],
      },
      '2026-11-20',
    );
    expect(errors).toEqual([]);
    expect(Object.keys(content)).toEqual(['steps']);
    expect(content.steps!.map((s) => [s.order, s.trigger])).toEqual([
      [1, { kind: 'MEASURED', observation: 'NEWS2', comparator: 'GTE', threshold: 5 }],
      [2, { kind: 'SIGN', sign: 'trött' }],
    ]);
    expect(content.steps![0].actions[0].asNeededMedication).toBeNull();
    expect(toPlanContent({ reviewDate: null }, '2026-11-20').content).toEqual({ reviewDate: null });
  });

  it('checks treatment limitations', () => {
    const base = { decidedBy: 'Dr', patientTookPart: true, nextOfKinTookPart: false };
    const { errors } = toPlanContent(
      {
        treatmentLimitations: [
          { ...base, kind: TreatmentLimitationKind.HOSPITAL_ONLY_IF, decidedOn: '2026-11-20' },
          { ...base, kind: TreatmentLimitationKind.NO_CPR, decidedOn: '2026-11-21' },
          { ...base, kind: TreatmentLimitationKind.OTHER, details: 'Ingen sondmatning', decidedOn: '2026-01-01' },
        ],
      },
      '2026-11-20',
    );
    expect(errors).toEqual([
      { field: 'input.treatmentLimitations.0.details', message: 'is required for HOSPITAL_ONLY_IF: say what exactly was decided' },
      { field: 'input.treatmentLimitations.1.decidedOn', message: 'cannot be in the future' },
    ]);
  });

  it('copies steps for a revision with new ids and the same content', () => {
    const copy = copySteps([step]);
    expect(copy[0].id).not.toBe(step.id);
    expect({ ...copy[0], id: step.id }).toEqual(step);
    copy[0].actions[0].description = 'changed';
    expect(step.actions[0].description).toBe('Ring jourläkaren');
  });
});
