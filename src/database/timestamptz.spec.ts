import { types } from 'pg';
import { parseTimestamptz } from './timestamptz';

const defaultParser = types.getTypeParser(1184) as (s: string) => Date | number;
const ms = (v: Date | number) => (v instanceof Date ? v.getTime() : v);

describe('timestamptz parsing', () => {
  it('agrees with pg’s default parser on 20,000 generated values (fractions 0–6 digits, offsets ±HH and ±HH:MM)', () => {
    const p = (x: number, l = 2) => String(x).padStart(l, '0');
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const at = new Date(Math.floor(rnd() * 4e12));
      const digits = Math.floor(rnd() * 7);
      const frac = String(Math.floor(rnd() * 1e6))
        .padStart(6, '0')
        .slice(0, digits);
      const offH = [0, 1, 2, -5, 5, 14, -11][i % 7];
      const offM = i % 5 === 0 ? 30 : 0;
      const local = new Date(at.getTime() + (offH * 60 + (offH < 0 ? -offM : offM)) * 60_000);
      const text =
        `${p(local.getUTCFullYear(), 4)}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}` +
        `${frac ? `.${frac}` : ''}${offH < 0 ? '-' : '+'}${p(Math.abs(offH))}${offM ? `:${p(offM)}` : ''}`;
      expect(ms(parseTimestamptz(text)), text).toBe(ms(defaultParser(text)));
    }
  });

  it('agrees with pg’s default parser from year 1 to 9999, on leap days and at the turn of each year', () => {
    const texts: string[] = [];
    for (let year = 1; year <= 9999; year += year < 2200 ? 7 : 97) {
      const y = String(year).padStart(4, '0');
      texts.push(`${y}-01-01 00:00:00+00`, `${y}-12-31 23:59:59.999999-01`, `${y}-03-01 12:00:00.5+05:30`);
      if ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0) texts.push(`${y}-02-29 06:30:00.25+02`);
    }
    texts.push('1900-02-28 23:59:59+00', '2000-02-29 00:00:00+00', '2100-03-01 00:00:00-14');
    for (const text of texts) expect(ms(parseTimestamptz(text)), text).toBe(ms(defaultParser(text)));
  });

  it('leaves offsets with seconds (historic zones) and anything malformed to the default parser', () => {
    for (const text of [
      '1879-01-01 00:00:00+00:53:28',
      '1850-06-01 12:00:00-00:12:12',
      '2026-11-23 17:49:15.+00',
      '2026-11-23 17:4a:15+00',
      '2026-13-23 17:49:15+00',
      '2026-11-23 17:49:15.1x+00',
    ]) {
      expect(String(ms(parseTimestamptz(text))), text).toBe(String(ms(defaultParser(text))));
    }
  });

  it('leaves infinity, BC dates and five-digit years to the default parser', () => {
    for (const text of ['infinity', '-infinity', '0044-03-15 10:00:00+00 BC', '12026-11-23 17:49:15+00', '2026-11-23 17:49:15+00']) {
      expect(ms(parseTimestamptz(text)), text).toEqual(ms(defaultParser(text)));
    }
  });
});
