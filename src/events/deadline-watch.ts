import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig, DATABASE_DIRECT_URL } from '../config/config';
import { LEADER_JOBS, LeaderLock } from '../database/leader-lock';
import { DeadlineSources } from './deadline-sources';
import { EventBus } from './event-bus';

/** At most this many deadlines of one source are raised per run (the rest at the next). */
const BATCH = 500;

/** Stored events are deleted this many at a time, so a long backlog never holds one long transaction. */
const PRUNE_BATCH = 5000;

export type LeaderRun<T> = { outcome: 'ran'; result: T } | { outcome: 'skipped'; reason: 'off' | 'running' | 'another-instance' | 'lock-unavailable' };

/**
 * The live inbox's two scheduled jobs, each run by one instance at a time (the one holding its
 * LeaderLock, as the reserve snapshot's schedule is):
 *
 * - the deadline watcher, every DEADLINE_WATCH_INTERVAL_SECONDS: for each deadline source
 *   (src/app/deadline.sources.ts), the deadlines that fell due unmet within the look-back
 *   (DEADLINE_WATCH_LOOKBACK_HOURS) and were not raised yet each get one inbox event to the
 *   organisation owning them. Exactly once even if two instances ran it at the same moment: the
 *   deadline is recorded as raised (primary key (kind, record, due at), INSERT … ON CONFLICT DO
 *   NOTHING) in the transaction that stores the event, and without that row nothing is stored;
 * - pruning, every INBOX_PRUNE_INTERVAL_MINUTES: stored events older than the replay window, and
 *   raised-deadline rows older than the look-back (and a day), are deleted.
 *
 * Both are off in tests unless their setting is given; tests may call `watchOnce`/`sweep`/`pruneOnce`.
 */
@Injectable()
export class LiveEventsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('LiveEvents');
  private readonly watchLock: LeaderLock;
  private readonly pruneLock: LeaderLock;
  private timers: NodeJS.Timeout[] = [];
  private running: { watch: Promise<unknown> | null; prune: Promise<unknown> | null } = { watch: null, prune: null };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_DIRECT_URL) databaseUrl: string,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly bus: EventBus,
    private readonly sources: DeadlineSources,
    private readonly clock: Clock,
  ) {
    this.watchLock = new LeaderLock(databaseUrl, LEADER_JOBS.deadlineWatch, 'esther-deadlines');
    this.pruneLock = new LeaderLock(databaseUrl, LEADER_JOBS.inboxEventPruning, 'esther-inbox-prune');
  }

  onApplicationBootstrap(): void {
    const { deadlineWatchSeconds, pruneIntervalMinutes } = this.config.liveEvents;
    const every = (ms: number, job: () => Promise<unknown>, what: string) => {
      const tick = () => void job().catch((e: unknown) => this.log.error(`${what} failed: ${e instanceof Error ? e.message : 'error'}`));
      // Unref'd: the schedule alone never keeps the process alive.
      const t = setInterval(tick, ms);
      t.unref();
      this.timers.push(t);
    };
    if (deadlineWatchSeconds > 0) every(deadlineWatchSeconds * 1000, () => this.watchOnce(), 'deadline watch');
    if (pruneIntervalMinutes > 0) every(pruneIntervalMinutes * 60_000, () => this.pruneOnce(), 'inbox event pruning');
  }

  async onApplicationShutdown(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.allSettled([this.running.watch, this.running.prune]);
    await Promise.allSettled([this.watchLock.release(), this.pruneLock.release()]);
  }

  /** Whether this instance holds the deadline watcher's lock (it is the one raising events). */
  get watching(): boolean {
    return this.watchLock.held;
  }

  /** One run of the deadline watcher, if this instance is its leader: how many events it raised. */
  watchOnce(): Promise<LeaderRun<number>> {
    return this.asLeader('watch', this.watchLock, () => this.sweep());
  }

  /** One pruning run, if this instance is its leader: how many stored events it deleted. */
  pruneOnce(): Promise<LeaderRun<number>> {
    return this.asLeader('prune', this.pruneLock, () => this.prune());
  }

  private asLeader<T>(job: 'watch' | 'prune', lock: LeaderLock, work: () => Promise<T>): Promise<LeaderRun<T>> {
    if (this.running[job]) return Promise.resolve({ outcome: 'skipped', reason: 'running' });
    const run = (async (): Promise<LeaderRun<T>> => {
      let leader: boolean;
      try {
        leader = await lock.hold();
      } catch (e) {
        this.log.warn(`${job} skipped: its lock could not be asked for (${e instanceof Error ? e.message : 'error'})`);
        return { outcome: 'skipped', reason: 'lock-unavailable' };
      }
      if (!leader) return { outcome: 'skipped', reason: 'another-instance' };
      return { outcome: 'ran', result: await work() };
    })().finally(() => {
      this.running[job] = null;
    });
    this.running[job] = run;
    return run;
  }

  /**
   * Raises the overdue deadlines not raised yet, each in its own transaction (the raised row
   * first: if another run has it, nothing is stored), then announces each committed event.
   * Not leader-locked itself: `watchOnce` is. Safe to run on several instances at once all the same.
   */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - this.config.liveEvents.deadlineLookbackHours * 3_600_000);
    let raised = 0;
    for (const [kind, source] of Object.entries(this.sources.table)) {
      const rows = (await this.ds.query(
        `SELECT s.record_id, s.patient_id, s.organisation_id, s.due_at FROM (${source.sql}) s
          WHERE NOT EXISTS (SELECT 1 FROM inbox_deadline_raised r WHERE r.kind = $3 AND r.record_id = s.record_id AND r.due_at = s.due_at)
          ORDER BY s.due_at, s.record_id LIMIT ${BATCH}`,
        [now, since, kind],
      )) as { record_id: string; patient_id: string | null; organisation_id: string; due_at: Date }[];
      for (const row of rows) {
        const id = randomUUID();
        const event = await this.ds.transaction(async (m) => {
          const claimed = (await m.query(
            `INSERT INTO inbox_deadline_raised (kind, record_id, due_at, organisation_id, event_id, raised_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT DO NOTHING RETURNING kind`,
            [kind, row.record_id, row.due_at, row.organisation_id, id, now],
          )) as unknown[];
          if (!claimed.length) return null;
          return this.bus.record(m, { kind: source.event, patientId: row.patient_id, entityId: row.record_id, organisationIds: [row.organisation_id] }, id);
        });
        if (!event) continue;
        raised++;
        await this.bus.announce(event);
      }
    }
    if (raised) this.log.log({ msg: 'deadline watch raised overdue deadlines', raised });
    return raised;
  }

  /** Deletes stored events older than the replay window, and raised deadlines older than the look-back and a day. */
  async prune(): Promise<number> {
    const now = this.clock.now().getTime();
    const { replayDays, deadlineLookbackHours } = this.config.liveEvents;
    const events = new Date(now - replayDays * 86_400_000);
    const raised = new Date(now - (deadlineLookbackHours + 24) * 3_600_000);
    let deleted = 0;
    for (;;) {
      const [{ count }] = (await this.ds.query(
        `WITH gone AS (DELETE FROM inbox_event WHERE ctid IN (SELECT ctid FROM inbox_event WHERE created_at < $1 LIMIT ${PRUNE_BATCH}) RETURNING 1)
         SELECT count(*)::int AS count FROM gone`,
        [events],
      )) as { count: number }[];
      deleted += count;
      if (count < PRUNE_BATCH) break;
    }
    await this.ds.query(`DELETE FROM inbox_deadline_raised WHERE due_at < $1`, [raised]);
    if (deleted) this.log.log({ msg: 'stored inbox events pruned', deleted });
    return deleted;
  }
}
