import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import Personnummer from 'personnummer';

export interface ParsedPersonnummer {
  /** Twelve digits, YYYYMMDDNNNN. */
  normalised: string;
  /** Birth date as YYYY-MM-DD (for a samordningsnummer, the day less 60). */
  birthDate: string;
  coordinationNumber: boolean;
}

/**
 * Swedish personal identity number (personnummer) or coordination number (samordningsnummer,
 * day + 60). Accepts YYYYMMDDNNNN, YYYYMMDD-NNNN, YYMMDD-NNNN and YYMMDD+NNNN (100 years or
 * older); checks the date and the Luhn check digit with the `personnummer` library.
 */
export function parsePersonnummer(input: string): ParsedPersonnummer | null {
  const s = input.trim();
  if (!/^(\d{2})?\d{6}[-+]?\d{4}$/.test(s)) return null;
  let p: Personnummer;
  try {
    p = Personnummer.parse(s, { allowCoordinationNumber: true, allowInterimNumber: false });
  } catch {
    return null;
  }
  const normalised = p.format(true);
  const coordination = p.isCoordinationNumber();
  const day = Number(p.day) - (coordination ? 60 : 0);
  return {
    normalised,
    birthDate: `${p.fullYear}-${p.month}-${String(day).padStart(2, '0')}`,
    coordinationNumber: coordination,
  };
}

const EXPECTED = 'a valid personnummer or samordningsnummer, e.g. 19121212-1212 (date and check digit are verified)';

function parse(v: unknown): string {
  if (typeof v !== 'string') throw new GraphQLError(`Personnummer must be a string: ${EXPECTED}`);
  const p = parsePersonnummer(v);
  if (!p) throw new GraphQLError(`is not ${EXPECTED}`);
  return p.normalised;
}

export const PersonnummerScalar = new GraphQLScalarType({
  name: 'Personnummer',
  description:
    'Swedish personal identity number (personnummer) or coordination number (samordningsnummer). Accepted as YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN or YYMMDD+NNNN (+ for people aged 100 or more); always returned as twelve digits YYYYMMDDNNNN.',
  serialize: (v) => v as string,
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError(`Personnummer must be a string: ${EXPECTED}`);
    return parse(ast.value);
  },
});
