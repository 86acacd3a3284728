import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';

/**
 * HSA-id: the national catalogue id of a care unit or a person in it,
 * "SE" + ten-digit organisation number + "-" + local part, at most 31 characters.
 */
export const HSA_ID_RE = /^SE\d{10}-[A-Za-z0-9]{1,18}$/;
export const MUNICIPALITY_CODE_RE = /^\d{4}$/;
export const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isHsaId(v: unknown): v is string {
  return typeof v === 'string' && HSA_ID_RE.test(v);
}

export function isLocalDate(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = LOCAL_DATE_RE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function stringScalar(name: string, description: string, check: (v: string) => boolean, normalise: (v: string) => string, expected: string) {
  const parse = (v: unknown): string => {
    if (typeof v !== 'string') throw new GraphQLError(`${name} must be a string: ${expected}`);
    const n = normalise(v);
    if (!check(n)) throw new GraphQLError(`is not a valid ${name}: expected ${expected}`);
    return n;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (v) => v as string,
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`${name} must be a string: ${expected}`);
      return parse(ast.value);
    },
  });
}

export const HsaIdScalar = stringScalar(
  'HsaId',
  'HSA-id (HSA-id från HSA-katalogen) of a care unit or staff member, e.g. "SE2321000057-1004": "SE", the ten-digit organisation number, a dash and a local part.',
  (v) => HSA_ID_RE.test(v),
  (v) => v.trim().toUpperCase(),
  'SE + 10 digits + "-" + 1-18 letters or digits, e.g. SE2321000057-1004',
);

export const MunicipalityCodeScalar = stringScalar(
  'MunicipalityCode',
  'Kommunkod: the four-digit code of a Swedish municipality, e.g. "0680" for Jönköping.',
  (v) => MUNICIPALITY_CODE_RE.test(v),
  (v) => v.trim(),
  'four digits, e.g. 0680',
);

export const LocalDateScalar = stringScalar(
  'LocalDate',
  'A calendar date without time, as YYYY-MM-DD, meant in Swedish local time (Europe/Stockholm).',
  isLocalDate,
  (v) => v.trim(),
  'a real calendar date as YYYY-MM-DD',
);

/**
 * RFC 3339 date-time (section 5.6): date, "T", time with optional fraction, and an offset ("Z" or
 * ±HH:MM). Lowercase t/z are allowed as the RFC allows; a space instead of "T" is not.
 */
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 date-time strictly: a real calendar date and time of day, and an offset.
 * Returns the reason when it is not one (for the error message), else the instant.
 */
export function parseDateTime(v: unknown): Date | string {
  if (typeof v !== 'string') return 'must be a string with an RFC 3339 date-time, e.g. 2026-03-29T02:30:00+02:00';
  const m = DATE_TIME_RE.exec(v.trim());
  if (!m) return 'must be an RFC 3339 date-time with an offset, e.g. 2026-03-29T02:30:00+02:00 or 2026-03-29T00:30:00Z';
  const [, y, mo, d, h, mi, s, , , , oh, om] = m;
  if (!isLocalDate(`${y}-${mo}-${d}`)) return `names a day that does not exist (${y}-${mo}-${d})`;
  if (+h > 23 || +mi > 59 || +s > 59) return `names a time of day that does not exist (${h}:${mi}:${s})`;
  if (oh !== undefined && (+oh > 23 || +om > 59)) return `has an offset that does not exist (${oh}:${om})`;
  const at = new Date(v.trim().toUpperCase());
  return Number.isNaN(at.getTime()) ? 'is not a date-time this service can represent' : at;
}

function dateTimeValue(v: unknown): Date {
  const parsed = parseDateTime(v);
  if (typeof parsed === 'string') throw new GraphQLError(parsed);
  return parsed;
}

/**
 * The DateTime every field and argument uses: strict RFC 3339 on the way in (a real calendar
 * date, an offset required, a string only), UTC RFC 3339 on the way out.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'An instant as an RFC 3339 date-time with an offset, e.g. "2026-03-29T02:30:00+02:00" or "2026-03-29T00:30:00Z". Answers are always in UTC ("Z"). A day that does not exist (2026-02-30), a time without an offset, or a number is refused.',
  serialize: (v) => {
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'string') return v;
    throw new GraphQLError('DateTime cannot represent a value that is not a date');
  },
  parseValue: dateTimeValue,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('must be a string with an RFC 3339 date-time, e.g. 2026-03-29T02:30:00+02:00');
    return dateTimeValue(ast.value);
  },
});
