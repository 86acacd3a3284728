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
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      type ? Object.keys(type.getFields()) : [],
    );
    expect(roots.filter((f) => !ACCESS.operations.has(f))).toEqual([]);
    expect([...ACCESS.operations.keys()].filter((op) => !roots.includes(op))).toEqual([]);
  });
});
