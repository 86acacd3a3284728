/** The requests benchmarked, as staff send them. Each names the acting demo/bench staff member. */
export interface Scenario {
  name: string;
  description: string;
  /** GraphQL document and variables, or null when the scenario needs setup (see run.ts). */
  query: string;
  variables?: Record<string, unknown>;
  write?: boolean;
}

/** A nurse of the largest municipality: the bench actor. */
export const BENCH_ACTOR = { staffHsaId: 'SE2321000057-MNURSE1K1', organisationHsaId: 'SE2120000901-HS1', role: 'NURSE' };

export const CASELOAD_QUERY = `query Caseload($first: Int!) {
  myPatients(first: $first) {
    edges { node { id personnummer givenName familyName
      activeEnrollment { startDate namedNurse { name } primaryCareCentre { name } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const SCENARIOS: Scenario[] = [
  { name: 'caseload', description: 'The caseload page: 50 patients with enrollment, named nurse and primary care centre', query: CASELOAD_QUERY, variables: { first: 50 } },
];
