import { GraphQLSchemaHost } from '@nestjs/graphql';
import fs from 'node:fs';
import { printSchema } from 'graphql';
import { renderAccessTable } from '../src/access/access-table';
import { ACCESS } from '../src/app/registry';
import { SCHEMA_FILE, SCHEMA_HEADER } from '../src/cli/schema-file';
import { startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the API contract', () => {
  it('schema/schema.gql is current (run `npm run schema` after changing resolvers or types)', () => {
    const sdl = printSchema(t.app.get(GraphQLSchemaHost).schema);
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(SCHEMA_HEADER + sdl + '\n');
  });

  it('docs/ACCESS.md is current (run `npm run docs:access` after changing a policy)', () => {
    expect(fs.readFileSync('docs/ACCESS.md', 'utf8')).toBe(renderAccessTable(ACCESS));
  });

  it('declares a role rule for every operation, and no rule for an operation that does not exist', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) => (type ? Object.keys(type.getFields()) : []));
    expect(roots.filter((f) => !ACCESS.operations.has(f))).toEqual([]);
    expect([...ACCESS.operations.keys()].filter((op) => !roots.includes(op))).toEqual([]);
  });

  it('describes every type and field for client developers', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name)) continue;
      if (!type.description && !/(Connection|Edge)$|^(Query|Mutation|Subscription)$/.test(type.name)) missing.push(type.name);
      if ('getFields' in type && ['Query', 'Mutation', 'Subscription'].includes(type.name)) {
        for (const f of Object.values(type.getFields())) if (!f.description) missing.push(`${type.name}.${f.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
