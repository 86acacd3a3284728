import fc from 'fast-check';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLInputObjectType,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { addDays } from '../../src/common/calendar';
import { withCheckDigit } from '../../src/demo/patients';
import { rootFieldDocument } from './matrix';

/**
 * Arbitraries for the arguments of any root field, built from the schema alone: every argument is
 * declared as a variable of its own type, and a value is generated for it recursively (input
 * objects, lists, enums, scalars). Nothing here is written per operation; ids come from pools of
 * real rows chosen by the argument's name, so that a fair share of inputs reaches past "not found".
 *
 * The modes, from kind to rough:
 *  - `plain`: values of the right type, mostly plausible (short text, dates near today, ids of the
 *    table the argument names), now and then a hostile one: these get deepest into the resolvers;
 *  - `hostile`: values of the right type with hostile content (odd text, odd dates, long lists, ids
 *    of other tables): they pass variable coercion, and the resolvers' validation must refuse them;
 *  - `wrong`: also values of the wrong type, null where not nullable, required fields missing and
 *    unknown fields: refused at variable coercion, as BAD_USER_INPUT;
 *  - pointed inputs (pointedArb): `plain` ones, or ones that succeeded earlier, with one position of
 *    any depth given an `edge` value of its type (hostile text, a far or odd instant, another
 *    spelling of a real id, null): one odd value among good ones is what reaches the database.
 */

export type Mode = 'plain' | 'hostile' | 'wrong' | 'edge';
const strict = (m: Mode) => m !== 'wrong';

/** Real values from the database, by table (ids) and kind. */
export interface Pools {
  /** Ids by table name. */
  ids: Record<string, string[]>;
  /** Personnummer of existing patients (twelve digits). */
  personnummer: string[];
  /** HSA-ids of existing staff and organisations. */
  hsaIds: string[];
  /** Today in Europe/Stockholm, YYYY-MM-DD. */
  today: string;
}

/** An omitted object field or variable: removed from the generated object. */
const OMIT = Symbol('omit');
type Gen = fc.Arbitrary<unknown>;

// ---- text ----

/** Very long text; the last is over the request body limit (200kb), to be refused with a 413, not a 5xx. */
const LONG = [
  'a'.repeat(10_001),
  'ö'.repeat(12_000),
  '🙂'.repeat(6_000),
  'Ab1 '.repeat(3_000),
  '\u0000'.repeat(10_001),
  'x'.repeat(70_000),
  'x'.repeat(250_000),
];

/** Hand-picked hostile strings: empty and blank, control characters, NUL, unicode edge cases, SQL- and JSON-ish text. */
export const SPECIAL_STRINGS = [
  '',
  ' ',
  '   ',
  '\t\n',
  '\r\n',
  '\u0000',
  'a\u0000b',
  'Anna\u0000',
  '\u0001\u0002\u0003\u001f\u007f',
  '\u0008\u000b\u000c',
  '\u200b',
  '\u202eabc',
  '\ufeff',
  '\u00a0',
  '\u2028\u2029',
  '\ud800',
  '\udfff',
  'a\ud83d',
  '\udc00b',
  '🙂',
  '👩‍⚕️',
  '🇸🇪',
  'e\u0301',
  'Åsa Öberg-Ängström',
  'ÅÄÖ åäö ÆØ ß',
  'ﬀ',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '中文',
  'مرحبا',
  "'; DROP TABLE patient; --",
  "' OR '1'='1",
  '" OR 1=1 --',
  "O'Brien",
  '%',
  '_',
  '%_\\',
  '\\',
  '\\0',
  '\\u0000',
  '$1',
  '$$ $$',
  '{"a":1}',
  '{"$ne":null}',
  '[1,2,3]',
  '[]',
  '{}',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  'NaN',
  'Infinity',
  '1e309',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  '%00',
  '__proto__',
  'constructor',
  'x'.repeat(100),
  'x'.repeat(255),
  'x'.repeat(256),
  'x'.repeat(1001),
  'x'.repeat(2001),
  'x'.repeat(4001),
];

const PLAIN = [
  'Uppföljning',
  'Anna Nilsson',
  'Patienten mår bra.',
  'Hjärtsvikt',
  'Sjuksköterska',
  'Dottern Lisa',
  'Ring vid försämring',
  'Morfin 5 mg vid behov',
  'Kommunen',
  'Inlagd med andningsbesvär',
  'Befogad: patienten medvetslös',
  'Att få bo hemma.',
  'ok',
  'A',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const controlChar = fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c));

/** Hostile text: empty, blank, control characters and NUL, lone surrogates, emoji, SQL- and JSON-ish, very long. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PLAIN) },
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), loneSurrogate, fc.string({ maxLength: 8 })).map(([a, s, b]) => a + s + b) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(controlChar, fc.string({ minLength: 1, maxLength: 1 })), maxLength: 20 }) },
  { weight: 5, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...PLAIN), fc.constantFrom(...SPECIAL_STRINGS), fc.constantFrom(...PLAIN)).map(([a, s, b]) => `${a} ${s} ${b}`),
  },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...LONG), fc.string({ minLength: 10_001, maxLength: 10_200 })) },
);

const text = (mode: Mode): fc.Arbitrary<string> =>
  mode === 'plain'
    ? fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...PLAIN) }, { weight: 2, arbitrary: hostileText })
    : mode === 'edge'
      ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) }, { weight: 1, arbitrary: hostileText })
      : hostileText;

// ---- dates and times ----

function localDate(p: Pools, mode: Mode): Gen {
  const near = fc.integer({ min: -400, max: 400 }).map((d) => addDays(p.today, d));
  const valid = fc.oneof(
    { weight: 6, arbitrary: near },
    {
      weight: 2,
      arbitrary: fc
        .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    },
    { weight: 1, arbitrary: fc.constantFrom('2024-02-29', '1900-01-01', '9999-12-31', '2026-12-31', ` ${p.today} `, p.today) },
  );
  if (mode === 'plain') return fc.oneof({ weight: 8, arbitrary: near }, { weight: 1, arbitrary: valid });
  if (mode === 'hostile' || mode === 'edge') return valid;
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '2026-02-30',
        '2026-13-01',
        '26-01-01',
        '',
        '0000-00-00',
        '0001-01-01',
        '2026-1-1',
        '2026-01-01T00:00:00Z',
        'today',
        '\u0000',
        20260101,
        true,
      ),
    },
  );
}

/** RFC 3339 and not: NestJS's DateTime scalar takes whatever `new Date()` takes, so all of these pass coercion today. */
function dateTime(mode: Mode, onlyStrings: boolean): Gen {
  const now = Date.now();
  const valid = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -60 * 24, max: 60 * 24 }).map((h) => new Date(now + h * 3_600_000).toISOString()) },
    { weight: 2, arbitrary: fc.integer({ min: -400 * 24, max: 400 * 24 }).map((h) => new Date(now + h * 3_600_000).toISOString()) },
    {
      weight: 2,
      arbitrary: fc
        .integer({ min: -30 * 24, max: 30 * 24 })
        .map((h) => new Date(now + h * 3_600_000 + 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+02:00')),
    },
  );
  const odd = fc.constantFrom(
    '2026-02-30T10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-05-01T25:00:00Z',
    '2026-05-01T10:00:00',
    '2026-05-01',
    '2026-05-01 10:00',
    '2026-05-01t10:00:00z',
    'garbage',
    '',
    ' ',
    '\u0000',
    'Tue, 01 Jan 2030 10:00:00 GMT',
    '1',
    '1e20',
    '+275760-09-13T00:00:00.001Z',
  );
  /** Far instants: JavaScript dates reach ±271,821 years, PostgreSQL timestamps 4713 BC to 294276 AD. */
  const far = fc.constantFrom(
    '1900-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '0000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '-004714-11-23T00:00:00Z',
    '-271821-04-20T00:00:00.000Z',
    '+275760-09-13T00:00:00.000Z',
  );
  const nonString = fc.oneof(fc.constantFrom(0, -1, 1.5, 1e15, 8.64e15, 8.64e15 + 1, -8.64e15, -8.64e15 - 1, true, false), fc.integer());
  const arbs: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: mode === 'plain' ? 16 : mode === 'edge' ? 0 : 6, arbitrary: valid },
    { weight: 2, arbitrary: odd },
    { weight: 2, arbitrary: far },
  ];
  if (!onlyStrings) arbs.push({ weight: 1, arbitrary: nonString });
  if (mode === 'wrong') arbs.push({ weight: 1, arbitrary: fc.constantFrom({}, [], { a: 1 }, ['2026-01-01T00:00:00Z']) });
  return fc.oneof(...arbs);
}

// ---- identity numbers ----

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function personnummer(p: Pools, mode: Mode): Gen {
  const fresh = fc
    .tuple(
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 999 }),
      fc.boolean(),
    )
    .map(([d, serial, coordination]) => {
      const day = d.getUTCDate() + (coordination ? 60 : 0);
      return withCheckDigit(`${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(day, 2)}`, pad(serial, 3));
    });
  const twelve = fc.oneof({ weight: 3, arbitrary: p.personnummer.length ? fc.constantFrom(...p.personnummer) : fresh }, { weight: 3, arbitrary: fresh });
  const formatted = fc
    .tuple(twelve, fc.constantFrom('12', '8-4', '10-', '10+'))
    .map(([n, f]) => (f === '12' ? n : f === '8-4' ? `${n.slice(0, 8)}-${n.slice(8)}` : `${n.slice(2, 8)}${f === '10-' ? '-' : '+'}${n.slice(8)}`));
  const known = fc.constantFrom('19121212-1212', '191212121212', '121212-1212', '121212+1212', ' 19121212-1212 ');
  if (strict(mode)) return fc.oneof({ weight: 6, arbitrary: formatted }, { weight: 1, arbitrary: known });
  const bad = fc.oneof(
    fc.constantFrom('19121212-1213', '19121312-1212', '', 'abc', '1912121212123', '19121212–1212', '\u0000', 191212121212),
    twelve.map((n) => n.slice(0, 11) + String((Number(n[11]) + 1) % 10)),
  );
  return fc.oneof({ weight: 3, arbitrary: formatted }, { weight: 1, arbitrary: known }, { weight: 2, arbitrary: bad });
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function hsaId(p: Pools, mode: Mode): Gen {
  const fresh = fc
    .tuple(fc.integer({ min: 0, max: 9_999_999_999 }), fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 1, maxLength: 18 }))
    .map(([org, local]) => `SE${pad(org, 10)}-${local}`);
  const valid = fc.oneof(
    { weight: 3, arbitrary: p.hsaIds.length ? fc.constantFrom(...p.hsaIds) : fresh },
    { weight: 3, arbitrary: fresh },
    { weight: 1, arbitrary: fresh.map((h) => ` ${h.toLowerCase()} `) },
  );
  if (strict(mode)) return valid;
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    {
      weight: 1,
      arbitrary: fc.constantFrom('SE123-1', '', 'SE2120000530-', 'SE2120000530-ÅÄÖ', `SE2120000530-${'A'.repeat(19)}`, '\u0000', 'x'.repeat(40), 2120000530),
    },
  );
}

function municipalityCode(mode: Mode): Gen {
  const valid = fc.oneof(
    fc.constantFrom('0680', '0643', '0000', '9999', ' 0680 '),
    fc.integer({ min: 0, max: 9999 }).map((n) => pad(n, 4)),
  );
  if (strict(mode)) return valid;
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom('680', '06800', 'abcd', '', 680) });
}

// ---- ids ----

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Tables whose ids an ID argument of this name (in this input type) plausibly takes. */
export function tablesFor(name: string, parentType: string | null, tables: string[]): string[] {
  const has = (t: string) => tables.includes(t);
  const alias: Record<string, string[]> = {
    meetingId: ['care_plan_meeting'],
    planId: ['deterioration_plan', 'care_plan'],
    processId: ['discharge_process'],
    messageId: ['discharge_message'],
    itemId: parentType === 'CarePlanOutcomeInput' ? ['care_plan_goal', 'care_plan_need', 'care_plan_action'] : ['round_agenda_item'],
    memberId: ['care_team_member'],
    blockId: ['information_block'],
    openingId: ['block_opening'],
    enrollmentId: ['home_healthcare_enrollment'],
    primaryCareCentreId: ['organisation'],
    openCareReceiverId: ['organisation'],
    teamId: ['organisation'],
    municipalityId: ['organisation'],
    namedNurseId: ['staff'],
    namedPhysicianId: ['staff'],
  };
  if (alias[name]) return alias[name].filter(has);
  if (/[oO]rganisationIds?$/.test(name)) return ['organisation'];
  if (/[sS]taffIds?$/.test(name)) return ['staff'];
  if (name === 'id' && parentType) {
    const t = snake(parentType.replace(/Input$/, ''));
    return has(t) ? [t] : [];
  }
  const t = snake(name.replace(/Ids?$/, ''));
  return has(t) ? [t] : [];
}

function id(p: Pools, name: string, parentType: string | null, mode: Mode): Gen {
  const tables = Object.keys(p.ids).filter((t) => p.ids[t].length > 0);
  const own = tablesFor(name, parentType, tables).flatMap((t) => p.ids[t]);
  const any = tables.flatMap((t) => p.ids[t]);
  const arbs: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: 2, arbitrary: fc.uuid() },
    {
      weight: 1,
      arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '00000000-0000-4000-8000-00000000a11d'),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constantFrom(
          'not-a-uuid',
          '',
          ' ',
          '1',
          "' OR 1=1 --",
          '\u0000',
          '{}',
          '00000000-0000-0000-0000-00000000000',
          '00000000-0000-0000-0000-0000000000000',
          'x'.repeat(1000),
        ),
        fc.integer(),
        fc.uuid().map((u) => u.toUpperCase()),
        fc.uuid().map((u) => `{${u}}`),
        fc.uuid().map((u) => u.replace(/-/g, '')),
        fc.uuid().map((u) => ` ${u} `),
      ),
    },
  ];
  if (any.length) arbs.push({ weight: 2, arbitrary: fc.constantFrom(...any) });
  if (own.length) arbs.push({ weight: mode === 'plain' ? 40 : mode === 'edge' ? 2 : 10, arbitrary: fc.constantFrom(...own) });
  // The same row, spelled differently: PostgreSQL reads a uuid in any case.
  if (own.length && mode !== 'plain') arbs.push({ weight: 2, arbitrary: fc.constantFrom(...own).map((u) => u.toUpperCase()) });
  if (mode === 'wrong') arbs.push({ weight: 1, arbitrary: fc.constantFrom(1.5, true, {}, [], null) });
  return fc.oneof(...arbs);
}

// ---- numbers ----

function int(name: string, mode: Mode): Gen {
  const small = name === 'expectedVersion' ? fc.integer({ min: 1, max: 4 }) : fc.integer({ min: -2, max: 10 });
  const valid = fc.oneof(
    { weight: mode === 'plain' ? 20 : mode === 'edge' ? 1 : 5, arbitrary: small },
    { weight: 2, arbitrary: fc.constantFrom(0, -1, 2147483647, -2147483648, 100, 1000, 2026, 99999) },
    { weight: 2, arbitrary: fc.integer() },
  );
  if (strict(mode)) return valid;
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(2147483648, -2147483649, 1.5, 1e20, '1', '', true, null, 2 ** 53) });
}

function float(mode: Mode): Gen {
  const valid = fc.oneof(
    { weight: mode === 'plain' ? 12 : mode === 'edge' ? 1 : 3, arbitrary: fc.double({ min: -100, max: 500, noNaN: true }) },
    { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
    { weight: 2, arbitrary: fc.constantFrom(0, -0, 1, 37.5, 1e308, -1e308, 5e-324, 2147483648, 2 ** 53 + 1) },
    { weight: 1, arbitrary: fc.integer() },
  );
  if (strict(mode)) return valid;
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom('1.5', '', true, {}, 'NaN') });
}

// ---- strings by field name ----

function stringFor(name: string, p: Pools, mode: Mode): Gen {
  const kinds: Array<fc.WeightedArbitrary<unknown>> = [{ weight: 4, arbitrary: text(mode) }];
  if (/At$/.test(name)) kinds.push({ weight: 8, arbitrary: dateTime(mode === 'wrong' ? 'hostile' : mode, true) });
  else if (/(Date|On)$/.test(name)) kinds.push({ weight: 8, arbitrary: localDate(p, mode === 'wrong' || mode === 'edge' ? 'hostile' : mode) });
  else if (/[lL]ink$|[uU]rl$/.test(name)) {
    const odd = fc.oneof(
      fc.constantFrom('http://video.example.se/rond', 'javascript:alert(1)', 'https://', 'ftp://x', 'https://x\u0000y', `https://${'a'.repeat(600)}.se`),
      fc.webUrl(),
    );
    kinds.push({
      weight: 8,
      arbitrary: fc.oneof({ weight: mode === 'plain' ? 6 : 1, arbitrary: fc.constant('https://video.example.se/rond') }, { weight: 2, arbitrary: odd }),
    });
  } else if (/[pP]hone$/.test(name)) {
    kinds.push({ weight: 8, arbitrary: fc.constantFrom('036-10 20 30', '+46 70 123 45 67', '112', '070-0000000', 'ring inte') });
  }
  return strict(mode)
    ? fc.oneof(...kinds)
    : fc.oneof({ weight: 6, arbitrary: fc.oneof(...kinds) }, { weight: 1, arbitrary: fc.constantFrom(1, 0, true, {}, [], ['a'], null) });
}

// ---- the schema walk ----

/** Any JSON value of the wrong shape, in place of a value. */
const wrongType: Gen = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.string({ maxLength: 6 }),
  fc.constantFrom({}, [], { a: 1 }, [null], [[]]),
);

function scalar(typeName: string, name: string, parentType: string | null, p: Pools, mode: Mode): Gen {
  switch (typeName) {
    case 'ID':
      return id(p, name, parentType, mode);
    case 'String':
      return stringFor(name, p, mode);
    case 'Int':
      return int(name, mode);
    case 'Float':
      return float(mode);
    case 'Boolean':
      return strict(mode) ? fc.boolean() : fc.oneof({ weight: 5, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 0, 1, null) });
    case 'LocalDate':
      return localDate(p, mode);
    case 'DateTime':
      return dateTime(mode, false);
    case 'Personnummer':
      return personnummer(p, mode);
    case 'HsaId':
      return hsaId(p, mode);
    case 'MunicipalityCode':
      return municipalityCode(mode);
    default:
      // A scalar the fuzzer does not know yet: still try strings and numbers, rather than skip it.
      return fc.oneof(hostileText, fc.integer(), fc.boolean());
  }
}

/** Input-object arbitraries, per pool (the pools are re-read between operations). */
const caches = new WeakMap<Pools, Map<string, Gen>>();

/** A value for a position of the given type; `field` is the argument or field name (it picks ids and date-ish strings). */
export function valueArb(type: GraphQLInputType, field: string, parentType: string | null, p: Pools, mode: Mode, depth = 0): Gen {
  if (isNonNullType(type)) {
    const inner = valueArb(type.ofType, field, parentType, p, mode, depth);
    return strict(mode) ? inner : fc.oneof({ weight: 20, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: wrongType });
  }
  if (isListType(type)) {
    const elem = valueArb(type.ofType, field, parentType, p, mode, depth + 1);
    const arbs: Array<fc.WeightedArbitrary<unknown>> = [
      { weight: 8, arbitrary: fc.array(elem, mode === 'plain' ? { minLength: 1, maxLength: 2 } : { maxLength: depth > 0 ? 2 : 4 }) },
      { weight: mode === 'plain' ? 2 : 0, arbitrary: fc.constant([]) },
      // A single value where a list is expected: GraphQL coerces it into a list of one.
      { weight: 1, arbitrary: elem },
    ];
    const perEnum = onePerEnumValue(getNamedType(type.ofType), p, mode, depth);
    if (perEnum) arbs.push({ weight: 4, arbitrary: perEnum });
    if (depth === 0 && mode !== 'plain') arbs.push({ weight: 1, arbitrary: fc.array(elem, { minLength: 20, maxLength: 60 }) });
    return fc.oneof(...arbs);
  }
  const named = getNamedType(type);
  if (isEnumType(named)) {
    const values = named.getValues().map((v) => v.value as string);
    return strict(mode)
      ? fc.constantFrom(...values)
      : fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...values) },
          { weight: 1, arbitrary: fc.constantFrom('NOT_A_VALUE', values[0].toLowerCase(), '', 0) },
        );
  }
  if (isScalarType(named)) return scalar(named.name, field, parentType, p, mode);
  if (isInputObjectType(named)) return inputObject(named, p, mode, depth);
  throw new Error(`no generator for ${String(named)}`);
}

/** A nullable position: the value, explicit null, or left out (more often in `plain` mode, where a given value is more often a wrong one). */
function optional(arb: Gen, mode: Mode): Gen {
  return fc.oneof(
    { weight: mode === 'plain' ? 4 : 6, arbitrary: arb },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: mode === 'plain' ? 5 : 3, arbitrary: fc.constant(OMIT) },
  );
}

/** A field or argument: required ones given (or, in `wrong` mode, now and then missing), the others given, null or left out. */
function presence(type: GraphQLInputType, defaultValue: unknown, v: Gen, mode: Mode): Gen {
  if (isNonNullType(type) && defaultValue === undefined)
    return strict(mode) ? v : fc.oneof({ weight: 25, arbitrary: v }, { weight: 1, arbitrary: fc.constant(OMIT) });
  if (isNonNullType(type)) return fc.oneof({ weight: 3, arbitrary: v }, { weight: 1, arbitrary: fc.constant(OMIT) });
  return optional(v, mode);
}

function inputObject(type: GraphQLInputObjectType, p: Pools, mode: Mode, depth: number): Gen {
  const key = `${type.name}/${mode}/${depth}`;
  let cache = caches.get(p);
  if (!cache) caches.set(p, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const model: Record<string, Gen> = {};
  for (const f of Object.values(type.getFields()) as GraphQLInputField[]) {
    model[f.name] = presence(f.type, f.defaultValue, valueArb(f.type, f.name, type.name, p, mode, depth + 1), mode);
  }
  let arb: Gen = fc.record(model).map(stripOmitted);
  if (mode === 'wrong') {
    arb = fc.oneof(
      { weight: 12, arbitrary: arb },
      {
        weight: 1,
        arbitrary: fc.tuple(arb, fc.constantFrom('unknownField', '__typename', 'id', 'patientId')).map(([o, k]) => ({ ...(o as object), [k]: 'x' })),
      },
      { weight: 1, arbitrary: wrongType },
    );
  }
  cache.set(key, arb);
  return arb;
}

/** For a list of input objects with a required enum field (e.g. risk assessments per risk area): one element per value. */
function onePerEnumValue(elemType: ReturnType<typeof getNamedType>, p: Pools, mode: Mode, depth: number): Gen | null {
  if (!isInputObjectType(elemType)) return null;
  const enumField = (Object.values(elemType.getFields()) as GraphQLInputField[]).find((f) => isNonNullType(f.type) && isEnumType(getNamedType(f.type)));
  if (!enumField) return null;
  const values = (getNamedType(enumField.type) as GraphQLEnumType).getValues().map((v) => v.value);
  const elem = inputObject(elemType, p, mode === 'wrong' ? 'hostile' : mode, depth + 1);
  return fc
    .array(elem, { minLength: values.length, maxLength: values.length })
    .map((items) => items.map((o, i) => (o && typeof o === 'object' ? { ...o, [enumField.name]: values[i] } : o)));
}

function stripOmitted(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== OMIT) out[k] = v;
  return out;
}

/** The document for one root field: every argument a variable of its own type, `__typename` selected on composite results. */
export function documentOf(root: 'mutation' | 'query', field: GraphQLField<unknown, unknown>): string {
  return rootFieldDocument(root, 'Fuzz', field, field.args as GraphQLArgument[]);
}

/** The variables for one root field. */
export function variablesArb(field: GraphQLField<unknown, unknown>, p: Pools, mode: Mode): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, Gen> = {};
  for (const a of field.args as GraphQLArgument[]) model[a.name] = presence(a.type, a.defaultValue, valueArb(a.type, a.name, null, p, mode), mode);
  return fc.record(model).map(stripOmitted);
}

// ---- one edge value among plain ones ----

type Key = string | number;
interface Leaf {
  path: Key[];
  type: GraphQLInputType;
  name: string;
  parent: string | null;
}

/** Every scalar or enum position of a value (given or not: a left-out field is a position too), with its type. */
function leavesOf(value: unknown, type: GraphQLInputType, name: string, parent: string | null, path: Key[], out: Leaf[]): void {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    if (Array.isArray(value)) value.forEach((v, i) => leavesOf(v, inner.ofType, name, parent, [...path, i], out));
    return;
  }
  if (isInputObjectType(inner)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const f of Object.values(inner.getFields()) as GraphQLInputField[])
        leavesOf((value as Record<string, unknown>)[f.name], f.type, f.name, inner.name, [...path, f.name], out);
    }
    return;
  }
  out.push({ path, type, name, parent });
}

function setAt(root: Record<string, unknown>, path: Key[], v: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  let at: Record<Key, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<Key, unknown>;
  at[path[path.length - 1]] = v;
  return copy;
}

/**
 * An input with one position, anywhere in its variables, given an edge value of its type (or null,
 * where nullable). `base` gives the inputs to start from: `plain` ones, or inputs that succeeded
 * earlier in the run, so that the one odd value sits among values that get all the way through.
 */
export function pointedArb<A>(
  field: GraphQLField<unknown, unknown>,
  p: Pools,
  base: fc.Arbitrary<{ actor: A; variables: Record<string, unknown> }>,
): fc.Arbitrary<{ actor: A; variables: Record<string, unknown> }> {
  return base.chain(({ actor, variables }) => {
    const leaves: Leaf[] = [];
    for (const a of field.args as GraphQLArgument[]) leavesOf(variables[a.name], a.type, a.name, null, [a.name], leaves);
    if (!leaves.length) return fc.constant({ actor, variables });
    return fc.nat({ max: leaves.length - 1 }).chain((i) => {
      const leaf = leaves[i];
      const edge = valueArb(isNonNullType(leaf.type) ? leaf.type.ofType : leaf.type, leaf.name, leaf.parent, p, 'edge');
      const v = isNonNullType(leaf.type) ? edge : fc.oneof({ weight: 4, arbitrary: edge }, { weight: 1, arbitrary: fc.constant(null) });
      return v.map((x) => ({ actor, variables: setAt(variables, leaf.path, x) }));
    });
  });
}

// ---- showing inputs and answers ----

/** JSON with long strings cut (their length and whether they hold a NUL are kept); NUL and lone surrogates stay visible as escapes. */
export function show(v: unknown, max = 2_000): string {
  const s = JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'string' && x.length > 80) return `${x.slice(0, 40)}…[${x.length} chars${x.includes('\u0000') ? ', contains NUL' : ''}]…${x.slice(-12)}`;
    return x;
  });
  if (s === undefined) return String(v);
  return s.length > max ? `${s.slice(0, max)}…[${s.length} chars]` : s;
}
