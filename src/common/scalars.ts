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
