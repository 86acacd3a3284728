/** `--name value` from the command line, or `def`. */
export function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

/** `--name 1,2,3`: positive whole numbers, comma separated. */
export function numbers(name: string, def: string): number[] {
  const list = arg(name, def).split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--${name} takes positive whole numbers, comma separated`);
  return list;
}

/** `--name 12.5`: a number of at least `min`. */
export function number(name: string, def: number, min = 0): number {
  const n = Number(arg(name, String(def)));
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} takes a number of at least ${min}`);
  return n;
}
