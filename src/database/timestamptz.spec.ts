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

  it('leaves infinity, BC dates and five-digit years to the default parser', () => {
    for (const text of ['infinity', '-infinity', '0044-03-15 10:00:00+00 BC', '12026-11-23 17:49:15+00', '2026-11-23 17:49:15+00']) {
      expect(ms(parseTimestamptz(text)), text).toEqual(ms(defaultParser(text)));
    }
  });
});
