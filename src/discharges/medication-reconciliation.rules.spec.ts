import { Role } from '../common/roles';
import { MedicationDiscrepancyKind as D, MedicationLineStatus as S, MedicationRoute } from './discharge.enums';
import { isCurrent, lineName, medicationLineErrors, MedicationLineRecord } from './medication-lines';
import { discrepancyAssignee, discrepancyDueDate, discrepancyTaskText, reconciliationErrors } from './medication-reconciliation.rules';

const line = (l: Partial<MedicationLineRecord>): MedicationLineRecord => ({
  substance: null,
  product: 'Furosemid 40 mg tablett',
  strength: null,
  dose: '1 tablett på morgonen',
  route: MedicationRoute.ORAL,
  status: S.UNCHANGED,
  reason: null,
  followUpDate: null,
  nllReference: null,
  ...l,
});

describe('medication lines', () => {
  it('a line names its product or substance; CHANGED and STOPPED say why; errors name the field path', () => {
    const base = { dose: '1 x 1', route: MedicationRoute.ORAL };
    expect(
      medicationLineErrors(
        [
          { ...base, product: 'Alvedon', status: S.UNCHANGED },
          { ...base, status: S.NEW },
          { ...base, substance: 'furosemid', status: S.CHANGED },
          { ...base, substance: 'ibuprofen', status: S.STOPPED, reason: '' },
          { ...base, substance: 'kaliumklorid', status: S.CHANGED, reason: 'Dosen höjd.' },
        ],
        'input.handover.medications',
      ),
    ).toEqual([
      { field: 'input.handover.medications.1.product', message: 'is required when substance is not given: name the product, the substance or both' },
      { field: 'input.handover.medications.2.reason', message: 'is required when the status is CHANGED (ändrad): say why' },
      { field: 'input.handover.medications.3.reason', message: 'is required when the status is STOPPED (utsatt): say why' },
    ]);
  });

  it('the name as the free-text list had it: product (or substance) with the strength when not already in it', () => {
    expect(lineName(line({ product: 'Furosemid 40 mg tablett', strength: '40 mg' }))).toBe('Furosemid 40 mg tablett');
    expect(lineName(line({ product: null, substance: 'furosemid', strength: '40 mg' }))).toBe('furosemid 40 mg');
    expect(lineName(line({ product: 'Furix', substance: 'furosemid', strength: null }))).toBe('Furix');
  });

  it('current lines: all but STOPPED; a line migrated from free text (status null) was on the current list', () => {
    expect([S.NEW, S.CHANGED, S.UNCHANGED, null, S.STOPPED].map((status) => isCurrent({ status }))).toEqual([true, true, true, true, false]);
  });
});

describe('reconciliationErrors', () => {
  const lines = [
    line({}),
    line({ product: 'Ibuprofen 400 mg tablett', status: S.STOPPED, reason: 'Njurfunktion' }),
    line({ product: 'Kaliumklorid', status: null, route: null }),
  ];
  const d = (x: Partial<{ kind: D; lineNumber: number | null; medicine: string | null }>) => ({ kind: D.DOSE_DIFFERS, description: 'x', ...x });

  it('matches and discrepancies agree', () => {
    expect(reconciliationErrors({ matches: true, discrepancies: [] }, lines)).toEqual([]);
    expect(reconciliationErrors({ matches: true, discrepancies: [d({ lineNumber: 1 })] }, lines)).toEqual([
      { field: 'input.discrepancies', message: 'must be empty when matches is true' },
    ]);
    expect(reconciliationErrors({ matches: false, discrepancies: [] }, lines)).toEqual([
      { field: 'input.discrepancies', message: 'must hold at least one discrepancy when matches is false' },
    ]);
  });

  it('each discrepancy names a line or a medicine not on the list, as its kind asks, and the line exists', () => {
    const errors = reconciliationErrors(
      {
        matches: false,
        discrepancies: [
          d({ lineNumber: 1 }), // fine
          d({ lineNumber: 4 }), // no such line
          d({ lineNumber: null }), // DOSE_DIFFERS needs a line
          d({ kind: D.NOT_ON_LIST, medicine: 'Omeprazol 20 mg' }), // fine
          d({ kind: D.NOT_ON_LIST, lineNumber: 2 }), // NOT_ON_LIST takes no line
          d({ kind: D.NOT_ON_LIST }), // needs the medicine
          d({ lineNumber: 1, medicine: 'x' }), // both
          d({ kind: D.OTHER, medicine: 'Sömntablett' }), // fine: OTHER about a medicine not on the list
          d({ kind: D.OTHER }), // neither
          d({ kind: D.STOPPED_BUT_AT_HOME, lineNumber: 2 }), // fine: line 2 is STOPPED
          d({ kind: D.STOPPED_BUT_AT_HOME, lineNumber: 1 }), // line 1 is not STOPPED
          d({ kind: D.MISSING_AT_HOME, lineNumber: 2 }), // a stopped line is not missing
          d({ kind: D.MISSING_AT_HOME, lineNumber: 3 }), // fine: a migrated line (status null) is current
        ],
      },
      lines,
    );
    expect(errors).toEqual([
      { field: 'input.discrepancies.1.lineNumber', message: 'is not a line of the discharge medication list (it has lines 1–3)' },
      { field: 'input.discrepancies.2.lineNumber', message: 'is required for DOSE_DIFFERS: name the line of the discharge medication list' },
      { field: 'input.discrepancies.4.lineNumber', message: 'is not for NOT_ON_LIST: name the medicine found at home in medicine' },
      { field: 'input.discrepancies.5.medicine', message: 'is required for NOT_ON_LIST: name the medicine found at home' },
      { field: 'input.discrepancies.6.medicine', message: 'is only for a medicine not on the list: give either lineNumber or medicine' },
      {
        field: 'input.discrepancies.8.lineNumber',
        message: 'is required: name the line of the discharge medication list, or give medicine for a medicine not on it',
      },
      { field: 'input.discrepancies.10.kind', message: 'is for a line that is STOPPED (utsatt); line 1 is UNCHANGED' },
      { field: 'input.discrepancies.11.kind', message: 'is for a line still to be taken; line 2 is STOPPED (utsatt)' },
    ]);
  });

  it('an empty list has no lines to name', () => {
    expect(reconciliationErrors({ matches: false, discrepancies: [d({ lineNumber: 1 })] }, [])).toEqual([
      { field: 'input.discrepancies.0.lineNumber', message: 'is not a line of the discharge medication list (it has no lines)' },
    ]);
  });
});

describe('discrepancyAssignee', () => {
  it('the named GP of the active enrollment while they work at its centre', () => {
    expect(discrepancyAssignee({ primaryCareId: 'vc1', namedPhysicianId: 'gp', physicianWorksThere: true }, 'vc2')).toEqual({
      organisationId: 'vc1',
      staffId: 'gp',
    });
  });
  it('otherwise the physicians of the process’s receiving centre', () => {
    expect(discrepancyAssignee({ primaryCareId: 'vc1', namedPhysicianId: 'gp', physicianWorksThere: false }, 'vc2')).toEqual({
      organisationId: 'vc2',
      role: Role.PHYSICIAN,
    });
    expect(discrepancyAssignee(null, 'vc2')).toEqual({ organisationId: 'vc2', role: Role.PHYSICIAN });
  });
});

describe('the task a discrepancy becomes', () => {
  it('names the medicine and the line as the list has it', () => {
    const text = discrepancyTaskText(
      { kind: D.DOSE_DIFFERS, lineNumber: 1, description: 'Dosetten delad med 1 tablett.' },
      line({ dose: '2 tabletter på morgonen', status: S.CHANGED, reason: 'Höjd' }),
      '2026-12-15',
    );
    expect(text).toEqual({
      title: 'Läkemedelsavstämning: annan dosering hemma – Furosemid 40 mg tablett',
      description:
        'Annan dosering hemma: Dosetten delad med 1 tablett.\nEnligt läkemedelslistan vid utskrivningen 2026-12-15, rad 1: Furosemid 40 mg tablett, 2 tabletter på morgonen, peroralt, ändrad.',
    });
  });
  it('a medicine not on the list', () => {
    expect(discrepancyTaskText({ kind: D.NOT_ON_LIST, medicine: 'Omeprazol 20 mg', description: 'Tar den varje morgon.' }, null, '2026-12-15')).toEqual({
      title: 'Läkemedelsavstämning: finns hemma men inte på listan – Omeprazol 20 mg',
      description: 'Finns hemma men inte på listan: Tar den varje morgon.\nFinns inte på läkemedelslistan vid utskrivningen 2026-12-15.',
    });
  });
  it('stays within the task’s limits', () => {
    const long = discrepancyTaskText(
      { kind: D.OTHER, medicine: 'x'.repeat(200), description: 'y'.repeat(1000) },
      line({ product: 'z'.repeat(200), dose: 'd'.repeat(200) }),
      '2026-12-15',
    );
    expect(long.title.length).toBeLessThanOrEqual(300);
    expect(long.description.length).toBeLessThanOrEqual(2000);
  });
  it('is due the next calendar day, across month and year ends', () => {
    expect(discrepancyDueDate('2026-12-15')).toBe('2026-12-16');
    expect(discrepancyDueDate('2026-12-31')).toBe('2027-01-01');
    expect(discrepancyDueDate('2026-10-25')).toBe('2026-10-26');
  });
});
