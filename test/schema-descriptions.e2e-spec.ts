import fs from 'node:fs';
import {
  buildSchema,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
} from 'graphql';
import { SCHEMA_FILE } from '../src/cli/schema-file';

/**
 * The schema lint: every element a client developer sees carries a description. It reads the committed
 * schema/schema.gql (test/contract.e2e-spec.ts fails when that file is stale, so this is the schema the app
 * serves) and walks every named type except the built-in scalars and the introspection types, every field and
 * every argument of object and interface types, every input field, every enum value, and the directives we
 * define with their arguments. A description that is empty, only whitespace or only the element's own name
 * (`id: "id"`) counts as missing.
 */

interface DescriptionReport {
  /** Coordinates of the undescribed elements: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@directive(arg:)`. */
  missing: string[];
  /** How many elements were checked. */
  total: number;
}

/** Letters and digits only, lower case: `fast_läkarkontakt`, `FastLäkarkontakt` and `fast läkarkontakt` are alike. */
const bare = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

function checkDescriptions(schema: GraphQLSchema): DescriptionReport {
  const missing: string[] = [];
  let total = 0;
  const check = (coordinate: string, name: string, description: string | null | undefined) => {
    total++;
    const text = description?.trim() ?? '';
    if (text === '' || bare(text) === bare(name)) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(type.name, type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.name, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.name, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.name, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.name, value.description);
    }
  }
  for (const directive of schema.getDirectives()) {
    if (isSpecifiedDirective(directive)) continue;
    check(`@${directive.name}`, directive.name, directive.description);
    for (const arg of directive.args) check(`@${directive.name}(${arg.name}:)`, arg.name, arg.description);
  }
  return { missing, total };
}

const percent = ({ missing, total }: DescriptionReport) => (total === 0 ? 100 : (100 * (total - missing.length)) / total);

describe('the schema describes itself (schema lint)', () => {
  it('every type, field, argument, input field and enum value of schema/schema.gql has a description', () => {
    const report = checkDescriptions(buildSchema(fs.readFileSync(SCHEMA_FILE, 'utf8')));
    process.stdout.write(
      `schema descriptions: ${report.total - report.missing.length} of ${report.total} elements described (${percent(report).toFixed(1)} %), ${report.missing.length} missing\n`,
    );
    expect(report.total).toBeGreaterThan(1000);
    expect(report.missing, `undescribed (describe them in the code, then \`npm run schema\`):\n${report.missing.join('\n')}`).toEqual([]);
  });

  it('the check itself: finds each kind of undescribed element by its coordinate, and takes blank or name-only text for none', () => {
    const toy = buildSchema(`
      """A query"""
      type Query {
        """Described"""
        a(
          """The first n"""
          first: Int
          after: String
        ): T
        b: E
      }
      type T { id: ID! """ """ blank: Int """Name""" name: String }
      """E"""
      enum E { """Agreed""" YES NO }
      """Input"""
      input I { x: Int """   x2 is the second""" x2: Int }
      directive @d("""Why""" reason: String, other: Int) on FIELD_DEFINITION
      scalar S`);
    const report = checkDescriptions(toy);
    expect([...report.missing].sort()).toEqual(['@d', '@d(other:)', 'E', 'E.NO', 'I.x', 'Query.a(after:)', 'Query.b', 'S', 'T', 'T.blank', 'T.id', 'T.name']);
    expect(report.total).toBe(19);
    expect(percent(report)).toBeCloseTo((100 * 7) / 19);
  });
});
