import { firstDayOfMonth, stockholmDate, subtractSpan } from '../src/common/calendar';
import type { Fixtures } from './fixtures';
import type { OutgoingRequest, RequestSource } from './lib/load';
import type { Scenario } from './scenarios';

/**
 * The joint follow-up (src/follow-up/), as the unit managers and the MAS use it: Esther only (the
 * floor and PostGraphile answer the caseload alone).
 * They act as managers, not as the bench nurse: each request carries its token (the probe's too).
 */

export const INDICATORS_QUERY = `query Indicators($period: FollowUpPeriodInput!) {
  followUpIndicators(period: $period) {
    from to asOf suppressionThreshold scope { description }
    indicators { code definition { nameSv unit } total { value denominator ratePer100 suppressed distribution }
      months { month value denominator ratePer100 suppressed distribution } }
  }
}`;

export const COMPARE_QUERY = `query Compare($period: FollowUpPeriodInput!) {
  compareFollowUp(period: $period) {
    from to indicators { code nameSv unit }
    municipalities { organisation { id name } values { code cell { value denominator ratePer100 suppressed distribution } } }
    primaryCareCentres { organisation { id name } values { code cell { value denominator ratePer100 suppressed distribution } } }
  }
}`;

export const EXPORT_QUERY = `query Export($period: FollowUpPeriodInput!) {
  exportFollowUpCsv(period: $period, content: INDICATORS, dialect: EXCEL_SV)
}`;

/** The last `months` calendar months in Stockholm (default 12), the current one up to today: one cell per month. */
export function followUpPeriod(now = new Date(), months = 12): { from: string; to: string } {
  const today = stockholmDate(now);
  return { from: firstDayOfMonth(subtractSpan(today, { months: months - 1 })), to: today };
}

/** The same request, alternating between the given tokens (the UNIT_MANAGER and the MAS). */
function alternate(query: string, tokens: string[]): () => OutgoingRequest {
  const text = JSON.stringify({ query, variables: { period: followUpPeriod() } });
  let i = 0;
  return () => ({ body: text, token: tokens[i++ % tokens.length] });
}

function scenario(name: string, description: string, query: string, tokens: (fx: Fixtures) => string[]): Scenario {
  return {
    name,
    description,
    maxConnections: 10,
    probe: (fx) => [{ label: 'one call', ...alternate(query, tokens(fx))() }],
    source: async (_db, fx): Promise<RequestSource> => {
      const next = alternate(query, tokens(fx));
      return () => [next()];
    },
  };
}

export const FOLLOW_UP_SCENARIOS: Scenario[] = [
  scenario(
    'indicators',
    'followUpIndicators of the largest municipality (its UNIT_MANAGER and its MAS in turn): the last 12 months with each month, all 17 indicators (Esther only)',
    INDICATORS_QUERY,
    (fx) => [fx.followUp.municipalityManager, fx.followUp.municipalityMas],
  ),
  scenario(
    'compare',
    'compareFollowUp: every municipality and primary care centre side by side, the last 12 months (the MAS of the largest municipality and a centre’s manager in turn; Esther only)',
    COMPARE_QUERY,
    (fx) => [fx.followUp.municipalityMas, fx.followUp.centreManager],
  ),
  scenario(
    'export',
    'exportFollowUpCsv (INDICATORS, EXCEL_SV) of the largest municipality: the last 12 months with each month as CSV (its UNIT_MANAGER and MAS in turn; Esther only)',
    EXPORT_QUERY,
    (fx) => [fx.followUp.municipalityManager, fx.followUp.municipalityMas],
  ),
];
