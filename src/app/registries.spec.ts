import { AgendaReason, checkSources } from '../patients/agenda-suggestions';
import { AGENDA_SUGGESTION_SOURCES } from './agenda-suggestion.sources';
import { PATIENT_GLANCE, PATIENT_GLANCE_SOURCES } from './patient-glance.sources';

describe('the registries of the composition root', () => {
  it('registers an agenda suggestion source for every reason, each once', () => {
    expect(AGENDA_SUGGESTION_SOURCES.map((s) => s.reason).sort()).toEqual(Object.values(AgendaReason).sort());
    expect(() => checkSources(AGENDA_SUGGESTION_SOURCES)).not.toThrow();
  });

  it('builds the patient glance from every registered source: one column and the reading fields of each', () => {
    expect(PATIENT_GLANCE.columns.map((c) => c.key)).toEqual(PATIENT_GLANCE_SOURCES.map((s) => s.key));
    for (const s of PATIENT_GLANCE_SOURCES) for (const f of s.fields) expect(PATIENT_GLANCE.fields.has(f)).toBe(true);
    expect(PATIENT_GLANCE.statement.text).toContain('unnest($1::uuid[])');
  });
});
