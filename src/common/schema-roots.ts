import { GraphQLSchema } from 'graphql';

/**
 * Descriptions of the root operation types. The code-first schema builder makes Query, Mutation and
 * Subscription itself and takes no description for them, so they are set on the built schema
 * (GraphQL module option `transformSchema`); the schema is printed into schema/schema.gql with them.
 */
export const ROOT_TYPE_DESCRIPTIONS = {
  Query:
    'Reads. Every field needs a bearer token naming a staff member and the assignment (organisation and role) they act in. Patient data is reached only through the access gate: a patient or record you may not reach answers NOT_FOUND exactly like one that does not exist, and every read of patient data is written to the access log (åtkomstlogg). Who may call what: docs/ACCESS.md.',
  Mutation:
    'Changes. Same token and access rules as the reads; emergency access (nödåtkomst) never changes anything. Shared documents take `expectedVersion` and answer CONFLICT when it is stale. Send an `Idempotency-Key` header (a fresh UUID per intended change) to make a retry safe: the same request with the same key gets the first answer again and writes nothing.',
  Subscription:
    'Live updates over graphql-ws at the same path, authenticated once on connect with `connectionParams: { authorization: "Bearer …" }`. Events carry ids only, and reach you only for patients you may read; events published while the event bus was away are not replayed, so catch up by querying.',
} as const;

/** Sets the root types' descriptions on a freshly built schema (used as `transformSchema`). */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const roots = { Query: schema.getQueryType(), Mutation: schema.getMutationType(), Subscription: schema.getSubscriptionType() };
  for (const [name, type] of Object.entries(roots)) if (type) type.description = ROOT_TYPE_DESCRIPTIONS[name as keyof typeof ROOT_TYPE_DESCRIPTIONS];
  return schema;
}
