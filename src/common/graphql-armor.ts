import { GraphQLError } from 'graphql';
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

/**
 * What the armor's parsing hook throws: the token limit, or the syntax error of a malformed
 * document (it parses before Apollo does). The other limits are validation rules: 400 already.
 */
const PARSE_REFUSAL = /^Syntax Error: /;

interface ArmorPlugin {
  unexpectedErrorProcessingRequest?: (ctx: { error: Error }) => Promise<void>;
}

export function armorProtection(isProduction: boolean) {
  const reject = { propagateOnRejection: true };
  const protection = new ApolloArmor({
    maxDepth: { n: isProduction ? GRAPHQL_LIMITS.maxDepth : GRAPHQL_LIMITS.maxDepthDevelopment, ignoreIntrospection: false, flattenFragments: true, ...reject },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, ...reject },
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens, ...reject },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, ...reject },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, ignoreIntrospection: false, flattenFragments: true, ...reject },
    blockFieldSuggestion: { enabled: isProduction },
  }).protect();
  // The token limit fires in a parsing hook, outside Apollo's own parse error handling, and the
  // armor's hook for unexpected errors turned every unexpected error (ours included) into a
  // validation failure that Apollo answered with 500. A document the hook cannot parse (over the
  // token limit, or malformed) is a bad request (400); anything else stays unexpected (INTERNAL, 500).
  const plugins = (protection.plugins as ArmorPlugin[]).map((p) =>
    p.unexpectedErrorProcessingRequest
      ? {
          ...p,
          async unexpectedErrorProcessingRequest({ error }: { error: Error }) {
            if (PARSE_REFUSAL.test(error.message)) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          },
        }
      : p,
  );
  return { ...protection, plugins };
}
