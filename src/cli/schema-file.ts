export const SCHEMA_FILE = 'schema/schema.gql';
export const SCHEMA_HEADER = '# Generated from the code-first resolvers by `npm run schema`. Do not edit; a test fails when it is stale.\n\n';
