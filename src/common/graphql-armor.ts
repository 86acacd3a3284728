import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Limits every document must pass before anything runs (validation phase: a refused query costs
 * no SQL). Introspection gets no exemption: the limits are sized so that a standard introspection
 * query passes in development and an abusive data query does not.
 */
export const GRAPHQL_LIMITS = {
  /** Production (introspection is off there). */
  maxDepth: 10,
  /** Development: the standard introspection query that IDEs send is 15 deep. */
  maxDepthDevelopment: 15,
  maxAliases: 15,
  maxTokens: 5000,
  maxCost: 20000,
  maxDirectives: 20,
};

export function armorProtection(isProduction: boolean) {
  const reject = { propagateOnRejection: true };
  return new ApolloArmor({
    maxDepth: { n: isProduction ? GRAPHQL_LIMITS.maxDepth : GRAPHQL_LIMITS.maxDepthDevelopment, ignoreIntrospection: false, flattenFragments: true, ...reject },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, ...reject },
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens, ...reject },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, ...reject },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, ignoreIntrospection: false, flattenFragments: true, ...reject },
    blockFieldSuggestion: { enabled: isProduction },
  }).protect();
}
