import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import { prepared, PreparedStatement } from '../database/raw';

/**
 * What lists show about each patient at a glance (the caseload: the current SIP, the deterioration
 * plan, open tasks). The capability that owns the data contributes a source, as the capabilities
 * contribute care-relationship and agenda-suggestion sources: a scalar SQL expression over the
 * patient id `g.patient_id` (no parameters) yielding jsonb, or NULL when there is nothing. The
 * patients module fetches every source for a whole page in ONE statement (PatientLoaders.glance);
 * each capability's field resolver reads its own key and applies its own access rule.
 */
export interface PatientGlanceSource {
  /** The key of this source's value in the glance, e.g. "currentCarePlan". */
  key: string;
  /** The Patient fields that read it (so a list fetches the glance only when they are asked for). */
  fields: string[];
  description: string;
  /** A scalar subquery or expression over `g.patient_id`, yielding jsonb or NULL. */
  sql: string;
}

/** Checks the registry: keys are identifiers, used once; sources take no parameters. */
export function checkGlanceSources(sources: readonly PatientGlanceSource[]): void {
  const keys = new Set<string>();
  for (const s of sources) {
    if (!/^[a-zA-Z]+$/.test(s.key) || keys.has(s.key)) throw new Error(`bad or repeated glance key ${s.key}`);
    if (/\$\d/.test(s.sql)) throw new Error(`glance source ${s.key} may not use parameters`);
    keys.add(s.key);
  }
}

/**
 * The sources as select-list expressions over another query's patient id column (`idSql`, e.g.
 * `p.id`), so that a list's page query can bring the glance of its rows along (see caseload).
 */
export function glanceColumns(sources: readonly PatientGlanceSource[], idSql: string): Array<{ key: string; sql: string }> {
  checkGlanceSources(sources);
  return sources.map((s) => ({ key: s.key, sql: `(SELECT (${s.sql}) FROM (SELECT ${idSql} AS patient_id) AS g)` }));
}

/** The statement: one row per patient id in `$1`, one jsonb column per source. */
export function glanceQuery(sources: readonly PatientGlanceSource[]): string {
  checkGlanceSources(sources);
  const columns = sources.map((s) => `(${s.sql}) AS "${s.key}"`);
  return `SELECT g.patient_id${columns.map((c) => `, ${c}`).join('')} FROM unnest($1::uuid[]) AS g(patient_id)`;
}

/** Does the operation select any of these fields, at any depth below the field being resolved? */
export function selectsAnyOf(info: GraphQLResolveInfo, names: ReadonlySet<string>): boolean {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        if (names.has(sel.name.value) || walk(sel.selectionSet)) return true;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (walk(sel.selectionSet)) return true;
      } else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        if (walk(info.fragments[sel.name.value]?.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => walk(node.selectionSet));
}

/**
 * The glance as the patients module uses it, built once from the registered sources. The
 * composition root (src/app/patient-glance.sources.ts) provides it; the patients module injects it.
 */
export class PatientGlance {
  /** One row per patient id in `$1`: PatientLoaders.glance. */
  readonly statement: PreparedStatement;
  /** The Patient fields that read the glance. */
  readonly fields: ReadonlySet<string>;
  /** The glance as columns of a query over patient alias `p` (the caseload's page). */
  readonly columns: ReadonlyArray<{ key: string; sql: string }>;

  constructor(sources: readonly PatientGlanceSource[]) {
    this.statement = prepared(glanceQuery(sources));
    this.fields = new Set(sources.flatMap((s) => s.fields));
    this.columns = glanceColumns(sources, 'p.id');
  }
}
