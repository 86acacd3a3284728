import { AgendaReason, checkSources } from '../patients/agenda-suggestions';
import { AGENDA_SUGGESTION_SOURCES } from './agenda-suggestion.sources';
import { PATIENT_GLANCE, PATIENT_GLANCE_SOURCES } from './patient-glance.sources';
import { TaskSourceKind } from '../tasks/task.entity';
import { TASK_SOURCE_KINDS } from './task-sources';

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

  it('gives every kind of task source its record kind, each in a table of its own', () => {
    expect(Object.keys(TASK_SOURCE_KINDS).sort()).toEqual(Object.values(TaskSourceKind).sort());
    const tables = Object.values(TASK_SOURCE_KINDS).map((k) => k.table);
    expect(new Set(tables).size).toBe(tables.length);
    // The column is varchar(40): a kind's name must fit.
    for (const kind of Object.values(TaskSourceKind)) expect(kind.length).toBeLessThanOrEqual(40);
  });
});
