import { AgendaReason, AgendaSuggestionSource, checkSources, suggestionQuery, suggestionUnion } from './agenda-suggestions';

const source = (reason: AgendaReason, sql = 'SELECT patient_id, NULL AS detail FROM x'): AgendaSuggestionSource => ({ reason, description: reason, sql });

describe('agenda suggestion sources', () => {
  it('refuses two sources for one reason, and placeholders beyond $1..$3', () => {
    expect(() => checkSources([source(AgendaReason.OVERDUE_TASKS), source(AgendaReason.OVERDUE_TASKS)])).toThrow(/two agenda suggestion sources/);
    expect(() => checkSources([source(AgendaReason.SIP_FOLLOW_UP_DUE, 'SELECT patient_id, NULL AS detail FROM x WHERE y = $4')])).toThrow(/\$4/);
    expect(() =>
      checkSources([source(AgendaReason.SIP_FOLLOW_UP_DUE, 'SELECT patient_id, NULL AS detail FROM x WHERE d <= $1 AND o = ANY ($3)')]),
    ).not.toThrow();
  });

  it('unions any number of sources into one statement, each row tagged with its reason and asked about one patient', () => {
    const union = suggestionUnion(
      [source(AgendaReason.NEWLY_ENROLLED), source(AgendaReason.RECENTLY_DISCHARGED), source(AgendaReason.DETERIORATION_PLAN_MISSING)],
      'c.patient_id',
    );
    expect(union.match(/UNION ALL/g)).toHaveLength(2);
    expect(union).toContain(`'RECENTLY_DISCHARGED'::text AS reason`);
    expect(union.match(/WHERE src\.patient_id = c\.patient_id/g)).toHaveLength(3);
    expect(suggestionUnion([], 'c.patient_id')).toMatch(/WHERE false/);
    // One statement whatever the number of sources: no statement separators.
    const sql = suggestionQuery([source(AgendaReason.NEWLY_ENROLLED), source(AgendaReason.OVERDUE_TASKS)]);
    expect(sql.replace(/'[^']*'/g, "''")).not.toContain(';');
  });
});
