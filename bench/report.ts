import fs from 'node:fs';
import os from 'node:os';
import type { CpuPerRequest } from './lib/cpu';
import type { LoadResult } from './lib/load';
import { SCENARIOS } from './scenarios';

export interface Row {
  enrolled: number;
  scenario: string;
  target: string;
  connections: number;
  r: LoadResult;
  /** SQL statements of one request (the longest list probed). */
  sql: number | null;
  /** CPU milliseconds per request: the target's process and the PostgreSQL server (null: not measured). */
  cpu?: CpuPerRequest | null;
}

/** One scenario's request sent alone to a target, at one or two list lengths. */
export interface Probe {
  enrolled: number;
  scenario: string;
  target: string;
  labels: string[];
  statements: number[];
  ms: number[];
}

export interface RunInfo {
  seconds: number;
  seed: number;
  loadBefore: number[];
  loadAfter: number[];
  minutes: number;
  generated: string[];
  connections: number[];
  sizes: number[];
  /** Another build of the service driven instead of this one (BENCH_SERVICE), if any. */
  service: string | null;
  /** Write bench/results/<out>.md only (not latest.md, not the README). */
  out: string | null;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export function machine(): string {
  const cpu = os.cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** The results as Markdown: bench/results/latest.md and the block between the markers in bench/README.md. */
export function writeReport(rows: Row[], probes: Probe[], info: RunInfo): void {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const lines = [
    `Run ${new Date().toISOString()} on ${machine()}. ${info.seconds} s per cell (after a 2 s warm-up), seed ${info.seed}; ` +
      `the whole run took ${info.minutes.toFixed(1)} min${info.generated.length ? ` including generating the region (${info.generated.join(', ')})` : ''}. ` +
      `Load average (1/5/15 min) before: ${load(info.loadBefore)}, after: ${load(info.loadAfter)}.` +
      (info.service ? ` Service build driven: ${info.service}.` : ''),
    '',
    '| enrolled | scenario | target | clients | req/s | p50 ms | p95 ms | p99 ms | errors | SQL/request | req/s vs floor | req/s vs PostGraphile | p95 vs floor | CPU ms/request: process + PostgreSQL |',
    '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const same = (target: string) =>
      rows.find((x) => x.enrolled === row.enrolled && x.scenario === row.scenario && x.connections === row.connections && x.target.startsWith(target));
    const floor = same('floor');
    const peer = same('PostGraphile');
    const ours = row.target === 'Esther' || row.target.startsWith('Esther (');
    const ratio = (o?: Row) => (o && ours ? fmt(row.r.rps / o.r.rps, 2) : '');
    const note = row.r.exhausted ? ` (${fmt(row.r.seconds)} s: pool used up)` : '';
    lines.push(
      `| ${row.enrolled} | ${row.scenario} | ${row.target} | ${row.connections} | ${fmt(row.r.rps)}${note} | ${fmt(row.r.p50)} | ${fmt(row.r.p95)} | ${fmt(row.r.p99)} | ${row.r.errors} | ${row.sql ?? '?'} | ${ratio(floor)} | ${ratio(peer)} | ${floor && ours ? fmt(row.r.p95 / floor.r.p95, 2) : ''} | ${row.cpu ? `${fmt(row.cpu.process, 2)} + ${fmt(row.cpu.postgres, 2)}` : ''} |`,
    );
  }
  lines.push('', 'SQL statements of one request, sent alone (lists at two lengths: the count must not grow with the list):', '');
  lines.push('| enrolled | scenario | target | request | SQL statements | ms (alone) |', '|---:|---|---|---|---:|---:|');
  for (const p of probes) {
    lines.push(
      `| ${p.enrolled} | ${p.scenario} | ${p.target} | ${p.labels.join(' / ')} | ${p.statements.join(' / ')} | ${p.ms.map((m) => fmt(m)).join(' / ')} |`,
    );
  }
  lines.push('', 'Scenarios:', '');
  for (const s of SCENARIOS) lines.push(`- **${s.name}**: ${s.description}.`);
  const table = lines.join('\n') + '\n';
  fs.mkdirSync('bench/results', { recursive: true });
  if (info.out) {
    fs.writeFileSync(`bench/results/${info.out}.md`, table);
    fs.writeFileSync(`bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}.raw.json`, JSON.stringify({ info, rows, probes }, null, 1));
    process.stdout.write(`\nWrote bench/results/${info.out}.md\n`);
    return;
  }
  fs.writeFileSync('bench/results/latest.md', table);
  fs.writeFileSync(`bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}.raw.json`, JSON.stringify({ info, rows, probes }, null, 1));
  const readme = 'bench/README.md';
  if (fs.existsSync(readme)) {
    const src = fs.readFileSync(readme, 'utf8');
    const start = src.indexOf('<!-- results:start -->');
    const end = src.indexOf('<!-- results:end -->');
    if (start >= 0 && end > start) fs.writeFileSync(readme, src.slice(0, start + '<!-- results:start -->'.length) + '\n' + table + src.slice(end));
  }
  process.stdout.write(`\nWrote bench/results/latest.md${fs.existsSync(readme) ? ' and the table in bench/README.md' : ''}\n`);
}
