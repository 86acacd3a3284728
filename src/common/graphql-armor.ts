import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Limits every document must pass before anything runs (validation phase: a refused query costs
 * no SQL). Introspection gets no exemption: the limits are sized so that a standard introspection
 * query passes in development and an abusive data query does not.
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxTokens: 5000,
  maxCost: 20000,
  maxDirectives: 20,
};

export function armorProtection(isProduction: boolean) {
  const reject = { propagateOnRejection: true };
  return new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, ignoreIntrospection: false, flattenFragments: true, ...reject },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, ...reject },
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens, ...reject },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, ...reject },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, ignoreIntrospection: false, flattenFragments: true, ...reject },
    blockFieldSuggestion: { enabled: isProduction },
  }).protect();
}
