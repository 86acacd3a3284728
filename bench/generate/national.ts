/**
 * The national profile of the generated region (used from NATIONAL_FROM enrolled, see region.ts):
 * the whole country's home healthcare in one database. 290 municipalities in 21 regions, about
 * 1,200 primary care centres and each region's hospitals (3 wards each), all of uneven size.
 *
 * - Municipality sizes follow a log-normal curve by rank (a wider spread above the median than
 *   below it, as Swedish municipalities do): the largest holds about 9 % of the enrolled, the
 *   smallest about 1/490 of the largest, the ten largest about 35 %. Municipality 1 is the
 *   largest (the bench actor's), then by size.
 * - Regions: 21 with the number of municipalities of the Swedish regions (from 49 down to 1). The 21
 *   largest municipalities are one region's seat each (the largest region gets the largest), the
 *   other 269 are dealt to the regions in an order shuffled by the seed, so regions are uneven too.
 * - Centres: at least one per municipality, the other ~910 by the municipality's share; within a
 *   municipality the centres' sizes vary (log-normal weights, σ 0.5). A patient's centre is in the
 *   patient's municipality, the patient's ward in a hospital of the patient's region.
 * - Hospitals: by the region's share of the enrolled, at least one per region.
 *
 * Everything here is computed in JavaScript from the seed (no randomness outside it) and handed to
 * the SQL as small temp tables and arrays; the patients are still drawn inside PostgreSQL.
 */

export const NATIONAL_MUNICIPALITIES = 290;
export const NATIONAL_CENTRES = 1200;
/** Hospitals per share of the enrolled: a region with a tenth of the country gets about 6. */
const HOSPITALS_PER_COUNTRY = 60;
/**
 * Municipalities per region, the regions in order of size (as the Swedish regions: Stockholm,
 * Västra Götaland, Skåne, Östergötland, Uppsala, Jönköping, Halland, Örebro, Gävleborg, Dalarna,
 * Värmland, Västmanland, Södermanland, Västerbotten, Norrbotten, Kalmar, Västernorrland, Kronoberg,
 * Blekinge, Jämtland, Gotland). 290 in all.
 */
const REGION_MUNICIPALITIES = [26, 49, 33, 13, 8, 13, 6, 12, 10, 15, 16, 10, 9, 15, 14, 12, 7, 8, 5, 8, 1];
/** The log-normal spread of municipality sizes above and below the median. */
const SIGMA_ABOVE = 1.5;
const SIGMA_BELOW = 0.62;

export interface NationalMunicipality {
  m: number;
  region: number;
  share: number;
  /** Nurses of its home healthcare: about one per 25 enrolled, at least 4. */
  nurses: number;
  /** Its centres are vcFirst … vcFirst + vcCuts.length. */
  vcFirst: number;
  /** Cumulative weights of its centres but the last (width_bucket thresholds in [0,1)). */
  vcCuts: number[];
}

export interface NationalRegion {
  region: number;
  share: number;
  /** Its hospitals are hospFirst … hospFirst + hospitals - 1; hospital h has wards 3h-2 … 3h. */
  hospFirst: number;
  hospitals: number;
}

export interface NationalLayout {
  municipalities: NationalMunicipality[];
  regions: NationalRegion[];
  /** Cumulative shares of municipalities 1 … 289 (width_bucket thresholds for drawing a patient's municipality). */
  munCuts: number[];
  centres: number;
  hospitals: number;
}

/** A small deterministic generator (mulberry32) for the layout. */
function prng(seed: number): () => number {
  let a = (seed * 2654435761) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Splits `total` into integer parts proportional to `weights` (largest remainder), each at least `min`. */
function apportion(weights: number[], total: number, min: number): number[] {
  const sum = weights.reduce((x, y) => x + y, 0);
  const rest = total - min * weights.length;
  const exact = weights.map((w) => (w / sum) * rest);
  const parts = exact.map((x) => min + Math.floor(x));
  let left = total - parts.reduce((x, y) => x + y, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (let k = 0; left > 0; k++, left--) parts[order[k % order.length][1]]++;
  return parts;
}

export function nationalLayout(enrolled: number, seed: number): NationalLayout {
  const rand = prng(seed);
  const n = NATIONAL_MUNICIPALITIES;
  const weights = Array.from({ length: n }, (_, k) => {
    const z = normalQuantile(1 - (k + 0.5) / n);
    return Math.exp((z > 0 ? SIGMA_ABOVE : SIGMA_BELOW) * z);
  });
  const total = weights.reduce((x, y) => x + y, 0);
  const shares = weights.map((w) => w / total);

  // Regions: seats first, then the rest dealt in a shuffled order.
  const regionOf = new Array<number>(n);
  for (let r = 0; r < REGION_MUNICIPALITIES.length; r++) regionOf[r] = r + 1;
  const rest = Array.from({ length: n - REGION_MUNICIPALITIES.length }, (_, k) => k + REGION_MUNICIPALITIES.length);
  for (let k = rest.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [rest[k], rest[j]] = [rest[j], rest[k]];
  }
  let next = 0;
  REGION_MUNICIPALITIES.forEach((count, r) => {
    for (let k = 1; k < count; k++) regionOf[rest[next++]] = r + 1;
  });

  const centresPer = apportion(shares, NATIONAL_CENTRES, 1);
  let vc = 1;
  const municipalities = shares.map((share, k): NationalMunicipality => {
    const cw = Array.from({ length: centresPer[k] }, () => Math.exp(0.5 * normalQuantile(0.001 + 0.998 * rand())));
    const cs = cw.reduce((x, y) => x + y, 0);
    const cuts: number[] = [];
    let acc = 0;
    for (let j = 0; j < cw.length - 1; j++) cuts.push((acc += cw[j] / cs));
    const row = { m: k + 1, region: regionOf[k], share, nurses: Math.max(4, Math.ceil((enrolled * share) / 25)), vcFirst: vc, vcCuts: cuts };
    vc += cw.length;
    return row;
  });

  const regionShares = REGION_MUNICIPALITIES.map((_, r) => municipalities.filter((x) => x.region === r + 1).reduce((s, x) => s + x.share, 0));
  const hospitalsPer = regionShares.map((s) => Math.max(1, Math.round(s * HOSPITALS_PER_COUNTRY)));
  let h = 1;
  const regions = regionShares.map((share, r): NationalRegion => {
    const row = { region: r + 1, share, hospFirst: h, hospitals: hospitalsPer[r] };
    h += hospitalsPer[r];
    return row;
  });
  const munCuts: number[] = [];
  let acc = 0;
  for (let k = 0; k < n - 1; k++) munCuts.push((acc += shares[k]));
  return { municipalities, regions, munCuts, centres: vc - 1, hospitals: h - 1 };
}
