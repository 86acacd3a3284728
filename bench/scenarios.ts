import { addDays, stockholmDate } from '../src/common/calendar';
import type { Fixtures, Queryable } from './fixtures';
import { prepareAcknowledgePool, preparePublishPool, prepareRoundPool } from './fixtures';
import { FOLLOW_UP_SCENARIOS } from './follow-up-scenarios';
import type { RequestSource } from './lib/load';

/** The operations staff use most, as GraphQL requests from the load process. */
export interface Scenario {
  name: string;
  description: string;
  /** The caseload is also answered by the floor and by PostGraphile. */
  compared?: boolean;
  write?: boolean;
  /** At most this many concurrent clients (a dashboard has a few users, not fifty); larger cells are skipped. */
  maxConnections?: number;
  /** Requests per unit of work (default 1); a unit's latency is the sum of its requests'. */
  steps?: number;
  /** One request alone, for the correctness and SQL-statement checks (list scenarios: at two list lengths). */
  probe(fx: Fixtures): Array<{ label: string; body: string; token?: string }>;
  /**
   * The requests of one load cell; writes prepare their pool here (one target per request).
   * `seconds: 0` asks for a single request (the probe of a write).
   */
  source(db: Queryable, fx: Fixtures, cell: { connections: number; seconds: number; salt: string }): Promise<RequestSource>;
}

const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** Requests rotating over a list of variable sets (reads: different patients, no cache games). */
function rotate(query: string, variables: Array<Record<string, unknown>>): RequestSource {
  const bodies = variables.map((v) => body(query, v));
  let i = 0;
  return () => [{ body: bodies[i++ % bodies.length] }];
}

/** The same as `rotate`, sent as another actor than the fixtures' nurse. */
function rotateAs(token: string, query: string, variables: Array<Record<string, unknown>>): RequestSource {
  const bodies = variables.map((v) => body(query, v));
  let i = 0;
  return () => [{ body: bodies[i++ % bodies.length], token }];
}

export const LOG_EXTRACT_QUERY = `query LogExtract($patientId: ID!, $first: Int!) {
  patientLogExtract(patientId: $patientId, first: $first) {
    edges { node { at operation emergency outcome organisation { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const LOG_REVIEW_QUERY = `query LogReview($patientId: ID!, $first: Int!) {
  auditLog(patientId: $patientId, first: $first) {
    edges { node { id at operation purpose emergency outcome patientId staff { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const CASELOAD_QUERY = `query Caseload($first: Int!) {
  myPatients(first: $first) {
    edges { node { id personnummer givenName familyName
      activeEnrollment { startDate namedNurse { name } primaryCareCentre { name } }
      currentCarePlan { status publishedVersionNumber nextFollowUpDate followUpOverdue }
      activeDeteriorationPlanSummary { reviewDate dueForReview }
      openTaskCount } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const OVERVIEW_QUERY = `query PatientOverview($id: ID!) {
  patient(id: $id) {
    id personnummer givenName familyName birthDate address phone protectedIdentity whatMattersToMe withheld hasBlockedInformation version
    nextOfKin { name relation phone isRepresentative }
    myAccess { relationships emergencyAccess consentCoversMyOrganisation }
    activeEnrollment { startDate jointHomeVisitDate namedNurse { name } namedPhysician { name } primaryCareCentre { name } municipality { name } }
    careTeam { reason addedAt organisation { name kind } }
    consents { kind scope validFrom validUntil active recordedBy { name } }
    careRelationships { kind organisation { name } }
    currentCarePlan { id status publishedVersionNumber nextFollowUpDate followUpOverdue }
    activeDeteriorationPlanSummary { id reviewDate dueForReview }
    openTaskCount
    openTasks(first: 20) { edges { node { id title dueDate overdue status assignee { role organisation { name } staff { name } } } } pageInfo { hasNextPage endCursor } }
  }
  dischargeProcesses(patientId: $id, first: 3) {
    edges { node { id status admittedAt dischargedAt plannedDischargeDate hospitalWard { name } } }
  }
}`;

export const PLAN_QUERY = `query ActivePlan($patientId: ID!) {
  activeDeteriorationPlan(patientId: $patientId) {
    id planVersion status reviewDate dueForReview signedAt conditions
    signedBy { name } signedByOrganisation { name } recordedBy { name }
    treatmentLimitations { kind details decidedBy decidedOn patientTookPart nextOfKinTookPart }
    steps { id order trigger { kind description observation comparator threshold unit overDays sign } actions { description performer asNeededMedication } }
    contactLadder { hours role name phone }
  }
}`;

export const INBOX_QUERY = `query DischargeInbox($first: Int!) {
  dischargeInbox(first: $first) {
    edges { node {
      overdueCount
      awaitingUs { kind dueAt state mine }
      unacknowledgedMessages { id kind sentAt senderOrganisation { name } }
      process { id status admittedAt plannedDischargeDate hospitalWard { name } patient { id personnummer givenName familyName } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const AGENDA_QUERY = `query SuggestedAgenda($roundId: ID!, $first: Int!) {
  suggestedAgenda(roundId: $roundId, first: $first) {
    patient { id personnummer givenName familyName }
    reasons { reason description detail }
  }
}`;

export const PUBLISH_MUTATION = `mutation Publish($input: CarePlanLifecycleInput!) {
  publishCarePlan(input: $input) { id status publishedVersionNumber version nextFollowUpDate }
}`;

export const ACKNOWLEDGE_MUTATION = `mutation Acknowledge($messageId: ID!) {
  acknowledgeDischargeMessage(messageId: $messageId) { id kind sentAt }
}`;

/** Decisions per round in the "complete a round" write; every fourth creates a task. */
export const ROUND_DECISIONS = 20;

export const DECISION_MUTATION = `mutation Decide($input: RecordDecisionInput!) {
  recordDecision(input: $input) { id decidedAt task { id dueDate } }
}`;

export const COMPLETE_ROUND_MUTATION = `mutation Complete($input: CompleteRoundInput!) {
  completeRound(input: $input) { id status completedAt }
}`;

/**
 * Write targets handed out one per unit, prepared in batches: the first before the cell starts,
 * the next in the background while the cell runs, once half of what is left is used (a SIP
 * published in this cell can be revised again for a later request). A cell whose requests outrun
 * the preparation ends early and says so. `seconds: 0` (a probe) prepares exactly one.
 */
async function refilling<T>(
  cell: { seconds: number; salt: string },
  batch: number,
  prepare: (n: number, salt: string) => Promise<T[]>,
): Promise<() => T | null> {
  const pool: T[] = [];
  let next = 0;
  let batches = 0;
  let pending: Promise<void> | null = null;
  const refill = () =>
    (pending ??= prepare(cell.seconds === 0 ? 1 : batch, `${cell.salt}-${batches++}`).then((more) => {
      pool.push(...more);
      pending = null;
    }));
  await refill();
  return () => {
    // A refill still running when the cell ends meets a closed connection: the pool simply runs dry.
    if (cell.seconds > 0 && pool.length - next < batch / 2) refill().catch(() => (pending = null));
    return pool[next++] ?? null;
  };
}

/** The Stockholm date `days` from today. */
function inDays(days: number): string {
  return addDays(stockholmDate(new Date()), days);
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'caseload',
    description: 'myPatients(first: 50): enrollment (named nurse, centre), current SIP summary, active deterioration plan flag, open task count',
    compared: true,
    probe: () => [
      { label: 'first: 5', body: body(CASELOAD_QUERY, { first: 5 }) },
      { label: 'first: 50', body: body(CASELOAD_QUERY, { first: 50 }) },
    ],
    source: async () => rotate(CASELOAD_QUERY, [{ first: 50 }]),
  },
  {
    name: 'overview',
    description:
      'patient(id): one patient on one screen (identity, enrollment, care team, consents, relationships, SIP, plan, open tasks) and the last 3 stays',
    probe: (fx) => [{ label: 'one patient', body: body(OVERVIEW_QUERY, { id: fx.caseloadPatients[0] }) }],
    source: async (_db, fx) =>
      rotate(
        OVERVIEW_QUERY,
        fx.caseloadPatients.map((id) => ({ id })),
      ),
  },
  {
    name: 'plan',
    description: 'activeDeteriorationPlan(patientId): the 3 a.m. read with limitations, steps and contact ladder',
    probe: (fx) => [{ label: 'one plan', body: body(PLAN_QUERY, { patientId: fx.planPatients[0] }) }],
    source: async (_db, fx) =>
      rotate(
        PLAN_QUERY,
        fx.planPatients.map((patientId) => ({ patientId })),
      ),
  },
  {
    name: 'inbox',
    description: 'dischargeInbox(first: 20) of the municipality: deadlines awaiting it, unacknowledged messages, the stay and the patient',
    probe: () => [
      { label: 'first: 2', body: body(INBOX_QUERY, { first: 2 }) },
      { label: 'first: 20', body: body(INBOX_QUERY, { first: 20 }) },
    ],
    source: async () => rotate(INBOX_QUERY, [{ first: 20 }]),
  },
  {
    name: 'agenda',
    description: 'suggestedAgenda(first: 50) for next week’s round of a centre with the municipality',
    probe: (fx) => [
      { label: 'first: 5', body: body(AGENDA_QUERY, { roundId: fx.plannedRoundId, first: 5 }) },
      { label: 'first: 50', body: body(AGENDA_QUERY, { roundId: fx.plannedRoundId, first: 50 }) },
    ],
    source: async (_db, fx) => rotate(AGENDA_QUERY, [{ roundId: fx.plannedRoundId, first: 50 }]),
  },
  {
    name: 'publish SIP',
    description: 'publishCarePlan: a revision of a SIP published as its next version (one prepared revision per request, nurses of every municipality)',
    write: true,
    probe: () => [],
    source: async (db, fx, cell) => {
      const take = await refilling(cell, Math.max(100, cell.connections * 10), (n, salt) => preparePublishPool(db, fx, n, salt));
      return () => {
        const t = take();
        return t ? [{ body: body(PUBLISH_MUTATION, { input: { carePlanId: t.carePlanId, expectedVersion: t.expectedVersion } }), token: t.token }] : null;
      };
    },
  },
  {
    name: 'round',
    description: `a round held: ${ROUND_DECISIONS} recordDecision requests (every fourth creating a task) and completeRound, sent in order by one client; latency is the whole round's (one prepared round per unit)`,
    write: true,
    steps: ROUND_DECISIONS + 1,
    probe: () => [],
    source: async (db, fx, cell) => {
      const take = await refilling(cell, Math.max(10, cell.connections * 2), (n, salt) => prepareRoundPool(db, fx, n, ROUND_DECISIONS, salt));
      const due = inDays(7);
      return () => {
        const r = take();
        if (!r) return null;
        const decisions = r.itemIds.map((itemId, k) => ({
          body: body(DECISION_MUTATION, {
            input:
              k % 4 === 0
                ? {
                    itemId,
                    text: 'Se över läkemedel och följ upp vikt och andning.',
                    task: { title: 'Följ upp vikt och andning', dueDate: due, assignee: { organisationId: fx.organisationId, role: 'NURSE' } },
                  }
                : { itemId, text: 'Oförändrad plan; tas upp igen vid behov.' },
          }),
        }));
        return [...decisions, { body: body(COMPLETE_ROUND_MUTATION, { input: { roundId: r.roundId, attendedStaffIds: [fx.centreGpId, fx.staffId] } }) }];
      };
    },
  },
  // The access log read back (docs/AUDIT-LOG.md): with `--audit-years`, over years of history.
  {
    name: 'log extract',
    description: 'patientLogExtract(first: 20) by the municipality’s MAS: one patient’s log extract, newest first, rotating over the caseload’s patients',
    maxConnections: 10,
    probe: (fx) => [
      { label: 'first: 2', body: body(LOG_EXTRACT_QUERY, { patientId: fx.caseloadPatients[0], first: 2 }), token: fx.followUp.municipalityMas },
      { label: 'first: 20', body: body(LOG_EXTRACT_QUERY, { patientId: fx.caseloadPatients[0], first: 20 }), token: fx.followUp.municipalityMas },
    ],
    source: async (_db, fx) =>
      rotateAs(
        fx.followUp.municipalityMas,
        LOG_EXTRACT_QUERY,
        fx.caseloadPatients.map((patientId) => ({ patientId, first: 20 })),
      ),
  },
  {
    name: 'log review',
    description: 'auditLog(patientId, first: 50) by the municipality’s MAS: what the own staff did with one patient, newest first, rotating over the caseload',
    maxConnections: 10,
    probe: (fx) => [
      { label: 'first: 5', body: body(LOG_REVIEW_QUERY, { patientId: fx.caseloadPatients[0], first: 5 }), token: fx.followUp.municipalityMas },
      { label: 'first: 50', body: body(LOG_REVIEW_QUERY, { patientId: fx.caseloadPatients[0], first: 50 }), token: fx.followUp.municipalityMas },
    ],
    source: async (_db, fx) =>
      rotateAs(
        fx.followUp.municipalityMas,
        LOG_REVIEW_QUERY,
        fx.caseloadPatients.map((patientId) => ({ patientId, first: 50 })),
      ),
  },
  // The joint follow-up: indicators, compare, export (Esther only).
  ...FOLLOW_UP_SCENARIOS,
];

/**
 * A discharge message acknowledged (kvitterad) by a nurse of a receiving municipality, one prepared
 * message per request. Used by the soak (bench/soak.ts); not in the default suite.
 */
export const ACKNOWLEDGE_SCENARIO: Scenario = {
  name: 'acknowledge',
  description: 'acknowledgeDischargeMessage: a discharge message acknowledged by a nurse of a receiving municipality (one prepared message per request)',
  write: true,
  probe: () => [],
  source: async (db, fx, cell) => {
    const take = await refilling(cell, Math.max(100, cell.connections * 10), (n, salt) => prepareAcknowledgePool(db, fx, n, salt));
    return () => {
      const t = take();
      return t ? [{ body: body(ACKNOWLEDGE_MUTATION, { messageId: t.messageId }), token: t.token }] : null;
    };
  },
};
