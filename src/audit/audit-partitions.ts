import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig, DATABASE_URL } from '../config/config';
import { LEADER_JOBS, LeaderLock } from '../database/leader-lock';

/**
 * The access log's monthly partitions (docs/AUDIT-LOG.md). `audit_log` is partitioned by range of
 * `at`, one partition per calendar month in UTC, named `audit_log_y2026m12`, beside a DEFAULT
 * partition `audit_log_default` that takes a row whose month has no partition yet (so writing the
 * log never fails for want of one). The migration AuditLogPartitions1797000000000 made the table
 * and the two SQL functions this file calls.
 */

/** A monthly partition's name: `audit_log_y2026m12`. */
export const PARTITION_NAME = /^audit_log_y(\d{4})m(\d{2})$/;

/** How long a partition's DDL may wait for its lock before the run gives up (and the next run tries again). */
const LOCK_TIMEOUT = '5s';

/** The first instant of the UTC month `months` after the one `d` is in. */
export function monthStart(d: Date, months = 0): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
}

/** `YYYY-MM` of a month's first instant (UTC). */
export function monthLabel(d: Date): string {
  return d.toISOString().slice(0, 7);
}

/** The partition of the UTC month `d` is in. */
export function partitionName(d: Date): string {
  return `audit_log_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * The oldest instant the log is kept and read for: `now` less `years` (the same day and time).
 * The log extract and the review read no row older; the archive command detaches only partitions
 * that end before it. So detaching a partition never changes what a reader is shown.
 */
export function retentionStart(now: Date, years: number): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** A monthly partition of the log, attached or detached (a table named like one, no longer attached). */
export interface AuditPartition {
  name: string;
  /** Its month's first instant (UTC), and the next month's. */
  from: Date;
  to: Date;
  attached: boolean;
  /** PostgreSQL's estimate of its rows (pg_class.reltuples; -1 before it is first analysed), and its size with indexes. */
  estimatedRows: number;
  bytes: number;
}

/** Every table named like a monthly partition of the log, oldest first. */
export async function listPartitions(query: Query): Promise<AuditPartition[]> {
  const rows = await query(
    `SELECT c.relname AS name, c.reltuples::bigint::text AS rows, pg_total_relation_size(c.oid)::text AS bytes,
            EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid AND i.inhparent = 'public.audit_log'::regclass) AS attached
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname ~ '^audit_log_y[0-9]{4}m[0-9]{2}$'
      ORDER BY c.relname`,
  );
  return rows.map((r) => {
    const [, y, m] = PARTITION_NAME.exec(r.name as string)!;
    const from = new Date(Date.UTC(Number(y), Number(m) - 1, 1));
    return { name: r.name as string, from, to: monthStart(from, 1), attached: r.attached as boolean, estimatedRows: Number(r.rows), bytes: Number(r.bytes) };
  });
}

/** What one run of `ensurePartitions` did. */
export interface EnsureResult {
  /** Partitions made, oldest first. */
  created: string[];
  /** Rows moved from the DEFAULT partition into monthly ones. */
  rehomed: number;
}

/**
 * Makes sure the partitions of the month `now` is in and of the next `ahead` months exist, in one
 * transaction. First, if the DEFAULT partition holds rows (written for a month that had no
 * partition: a clock far ahead, a bulk load of old rows), each of their months gets a partition
 * and the rows move there (audit_log_rehome_default: nothing is deleted or changed; a month's
 * partition could not be made while the default held rows of that month). Idempotent; two
 * instances running it at once make each partition once (audit_log_ensure_partition).
 */
export async function ensurePartitions(ds: DataSource, now: Date, ahead: number): Promise<EnsureResult> {
  return ds.transaction(async (m: EntityManager) => {
    await m.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    const names = async () => new Set((await listPartitions((s, p) => m.query(s, p))).map((p) => p.name));
    const before = await names();
    const [{ moved }] = (await m.query(`SELECT audit_log_rehome_default() AS moved`)) as Array<{ moved: number }>;
    const created = moved ? [...(await names())].filter((n) => !before.has(n)) : [];
    for (let k = 0; k <= ahead; k++) {
      const month = monthStart(now, k);
      const [{ made }] = (await m.query(`SELECT audit_log_ensure_partition($1::date) AS made`, [`${monthLabel(month)}-01`])) as Array<{ made: boolean }>;
      if (made) created.push(partitionName(month));
    }
    return { created: created.sort(), rehomed: moved };
  });
}

/** A command-line mistake or a refusal of the archive command (exit status 2). */
export class ArchiveRefusal extends Error {}

export interface ArchiveOptions {
  /** `YYYY-MM`: detach the partitions of the months before this one. Default: every partition ending before the retention start. */
  before?: string;
  dryRun: boolean;
  now: Date;
  retentionYears: number;
}

export interface ArchiveResult {
  /** The oldest instant still within the retention. */
  retentionStart: Date;
  /** Partitions ending at or before this instant are detached. */
  cutoff: Date;
  /** Detached by this run (or, with dryRun, that would be). */
  detached: AuditPartition[];
  /** Detached by an earlier run and not dropped yet. */
  waiting: AuditPartition[];
}

/**
 * Detaches the monthly partitions that end before `before` (default: before the retention start),
 * refusing a `before` later than the retention start. Each partition is detached in its own
 * transaction (DETACH PARTITION takes a short exclusive lock on the log, bounded by lock_timeout:
 * not CONCURRENTLY, which PostgreSQL refuses while a DEFAULT partition exists). A detached
 * partition keeps its TRUNCATE trigger and gets the UPDATE/DELETE one again (PostgreSQL drops the
 * clone it had from the log), so it stays unchanged until it is dumped and dropped.
 */
export async function archivePartitions(ds: DataSource, o: ArchiveOptions): Promise<ArchiveResult> {
  const keptFrom = retentionStart(o.now, o.retentionYears);
  let cutoff = keptFrom;
  if (o.before !== undefined) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(o.before)) throw new ArchiveRefusal(`--before: ${o.before} is not a month like 2021-12`);
    cutoff = new Date(`${o.before}-01T00:00:00Z`);
    if (cutoff > keptFrom)
      throw new ArchiveRefusal(
        `--before ${o.before}: the access log is kept ${o.retentionYears} years; only months ending by ${keptFrom.toISOString()} may be archived (use --before ${monthLabel(monthStart(keptFrom))} or earlier)`,
      );
  }
  const all = await listPartitions((s, p) => ds.query(s, p));
  const due = all.filter((p) => p.attached && p.to <= cutoff);
  const waiting = all.filter((p) => !p.attached);
  if (!o.dryRun) {
    for (const p of due) {
      await ds.transaction(async (m) => {
        await m.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
        await m.query(`ALTER TABLE public.audit_log DETACH PARTITION public."${p.name}"`);
        await m.query(
          `CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON public."${p.name}" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`,
        );
      });
    }
  }
  return { retentionStart: keptFrom, cutoff, detached: due, waiting };
}

export const AUDIT_ARCHIVE_USAGE = `Usage: npm run audit:archive -- [--before YYYY-MM] [--dry-run]

Detaches the access log's monthly partitions (audit_log_y2021m11, …) that end
before --before (default: before the retention start, now less
AUDIT_RETENTION_YEARS, default 5 years), so they can be dumped and dropped.
Refuses a --before later than the retention start: a partition with rows
younger than the retention stays attached. --dry-run lists what would be
detached and changes nothing. Each partition is detached in its own short
transaction; a detached partition still refuses UPDATE, DELETE and TRUNCATE.
Prints how to dump and drop each one (docs/AUDIT-LOG.md). Uses the database of
npm start (DATABASE_URL, or the embedded one under EMBEDDED_PG_DIR).`;

/** What the archive command prints: what it detached, and how to dump and drop each detached partition. */
export function archiveReport(r: ArchiveResult, dryRun: boolean, retentionYears: number): string {
  const lines = [
    `Access log kept ${retentionYears} years: from ${r.retentionStart.toISOString()}. This run detaches the partitions ending by ${r.cutoff.toISOString()}.`,
  ];
  const size = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  if (r.detached.length === 0) lines.push('No partition to detach.');
  else {
    lines.push(dryRun ? 'Would detach (dry run, nothing changed):' : 'Detached:');
    for (const p of r.detached)
      lines.push(
        `  ${p.name}  ${p.from.toISOString().slice(0, 7)}  ${p.estimatedRows < 0 ? 'rows not counted yet' : `~${p.estimatedRows} rows`}  ${size(p.bytes)}`,
      );
  }
  const toArchive = [...r.waiting, ...(dryRun ? [] : r.detached)];
  if (toArchive.length) {
    lines.push('', 'Detached and not dropped yet; dump each, check the dump, then drop it:');
    for (const p of toArchive) {
      lines.push(`  pg_dump --format=custom --table=public.${p.name} --file=${p.name}.dump "$DATABASE_URL"`);
      lines.push(`  pg_restore --list ${p.name}.dump >/dev/null && psql "$DATABASE_URL" -c 'DROP TABLE public.${p.name}'`);
    }
  }
  return lines.join('\n');
}

export type PartitionRun = { outcome: 'ran'; result: EnsureResult } | { outcome: 'skipped'; reason: 'running' | 'another-instance' | 'lock-unavailable' };

/** How often the partitions are looked at after the run at start. */
const EVERY_MS = 24 * 3_600_000;

/**
 * The partitions made ahead of time: at start and then daily, one instance (the one taking the
 * LeaderLock; it lets go after each run, as the job is short and idempotent) makes sure the
 * current month and the next AUDIT_PARTITIONS_AHEAD months have their partition. Should every run
 * fail for months on end, rows still land in the DEFAULT partition, and the next run that succeeds
 * moves them into their months.
 */
@Injectable()
export class AuditPartitions implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger('AuditPartitions');
  private readonly lock: LeaderLock;
  private timer?: NodeJS.Timeout;
  private running: Promise<PartitionRun> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {
    this.lock = new LeaderLock(databaseUrl, LEADER_JOBS.auditPartitions, 'esther-audit-partitions');
  }

  onApplicationBootstrap(): void {
    const tick = () => void this.runOnce().catch((e: unknown) => this.log.error(`audit partitions run failed: ${e instanceof Error ? e.message : 'error'}`));
    tick();
    // Unref'd: the schedule alone never keeps the process alive.
    this.timer = setInterval(tick, EVERY_MS);
    this.timer.unref();
  }

  /** Before any module's shutdown hook: a run under way finishes while the database connections are still open. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.beforeApplicationShutdown();
    await this.lock.release();
  }

  /** One run, unless one is under way here or another instance holds the job's lock. */
  runOnce(): Promise<PartitionRun> {
    if (this.running) return Promise.resolve({ outcome: 'skipped', reason: 'running' });
    const run = (async (): Promise<PartitionRun> => {
      let leader: boolean;
      try {
        leader = await this.lock.hold();
      } catch (e) {
        this.log.warn(`audit partitions run skipped: its lock could not be asked for (${e instanceof Error ? e.message : 'error'})`);
        return { outcome: 'skipped', reason: 'lock-unavailable' };
      }
      if (!leader) return { outcome: 'skipped', reason: 'another-instance' };
      try {
        const result = await ensurePartitions(this.ds, this.clock.now(), this.config.audit.partitionsAhead);
        if (result.created.length || result.rehomed) this.log.log({ msg: 'audit log partitions made', created: result.created, rehomed: result.rehomed });
        return { outcome: 'ran', result };
      } finally {
        await this.lock.release();
      }
    })().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }
}
