import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig, DATABASE_DIRECT_URL } from '../config/config';
import { LEADER_JOBS, LeaderLock } from '../database/leader-lock';
import { OrganisationsService } from '../organisations/organisations.service';
import { ensureWritableDirectory, writeFileAtomically } from './reserve-files';
import { RESERVE_UNIT_KINDS } from './reserve.policy';
import { ReserveSnapshotService } from './reserve.service';

/** What one call of `runOnce` did. */
export type ReserveRunOutcome =
  | { outcome: 'written' | 'partial' | 'failed'; runId: string; units: number; failedUnits: number; patients: number; files: string[]; durationMs: number }
  | { outcome: 'skipped'; reason: 'off' | 'running' | 'another-instance' | 'lock-unavailable' };

/** What the schedule has done since the service started (for /metrics). */
export interface ReserveScheduleStatus {
  enabled: boolean;
  /** Whether this instance holds the schedule's lock (it is the one writing the files). */
  leader: boolean;
  lastSuccessAt: Date | null;
  runs: Record<'written' | 'partial' | 'failed' | 'skipped', number>;
}

/** The first run after start comes this soon, so a restarted service refreshes the files at once. */
export const FIRST_RUN_DELAY_MS = 2000;

/**
 * The reserve routine's schedule: with RESERVE_SNAPSHOT_DIR set, every
 * RESERVE_SNAPSHOT_INTERVAL_MINUTES the service writes each home healthcare unit's latest
 * snapshot, `reservutskrift-<unit HSA-id>.pdf` and `.json`, into the directory, each file replaced
 * atomically (written beside it, then renamed over it). When several instances run, only one does
 * it: the one holding a PostgreSQL advisory lock (LeaderLock), which it keeps until it stops or
 * loses its connection, when another takes over at its next tick. Each run is audited per patient
 * as the service itself (systemActor, trigger 'schedule') and logged in one line without patient
 * data. Off by default.
 */
@Injectable()
export class ReserveScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('ReserveSchedule');
  private readonly lock: LeaderLock;
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<ReserveRunOutcome> | null = null;
  private readonly state: ReserveScheduleStatus;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_DIRECT_URL) databaseUrl: string,
    private readonly reserve: ReserveSnapshotService,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
  ) {
    this.lock = new LeaderLock(databaseUrl, LEADER_JOBS.reserveSnapshot, 'esther-reserve');
    this.state = { enabled: !!config.reserveSnapshot.dir, leader: false, lastSuccessAt: null, runs: { written: 0, partial: 0, failed: 0, skipped: 0 } };
  }

  get directory(): string | undefined {
    return this.config.reserveSnapshot.dir;
  }

  status(): ReserveScheduleStatus {
    return { ...this.state, leader: this.lock.held, runs: { ...this.state.runs } };
  }

  /** With the setting on: the directory must be usable (else the service does not start), then the timer. */
  async onApplicationBootstrap(): Promise<void> {
    const dir = this.directory;
    if (!dir) return;
    await ensureWritableDirectory(dir, 'RESERVE_SNAPSHOT_DIR');
    const every = this.config.reserveSnapshot.intervalMinutes * 60_000;
    const tick = () => void this.runOnce().catch((e: unknown) => this.log.error(`reserve snapshot run failed: ${e instanceof Error ? e.name : 'error'}`));
    // Unref'd: the schedule alone never keeps the process alive.
    this.timers = [setTimeout(tick, FIRST_RUN_DELAY_MS), setInterval(tick, every)];
    for (const t of this.timers) t.unref();
    this.log.log(`reserve snapshot schedule on: every ${this.config.reserveSnapshot.intervalMinutes} min into RESERVE_SNAPSHOT_DIR (one instance at a time)`);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await this.running?.catch(() => undefined);
    await this.lock.release();
  }

  /**
   * One run: unless another run of this instance is under way or another instance holds the
   * schedule's lock, every unit's files. A unit that fails is logged and the others still get
   * theirs. Resolves with what it did (also logged).
   */
  runOnce(): Promise<ReserveRunOutcome> {
    if (!this.directory) return Promise.resolve({ outcome: 'skipped', reason: 'off' });
    if (this.running) return Promise.resolve(this.skip('running'));
    const run = this.run(this.directory).finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private skip(reason: 'running' | 'another-instance' | 'lock-unavailable'): ReserveRunOutcome {
    this.state.runs.skipped++;
    return { outcome: 'skipped', reason };
  }

  private async run(dir: string): Promise<ReserveRunOutcome> {
    let leader: boolean;
    try {
      leader = await this.lock.hold();
    } catch (e) {
      this.log.warn(`reserve snapshot run skipped: the schedule's lock could not be asked for (${e instanceof Error ? e.message : 'error'})`);
      return this.skip('lock-unavailable');
    }
    if (!leader) {
      this.log.debug('reserve snapshot run skipped: another instance writes the files');
      return this.skip('another-instance');
    }
    const started = Date.now();
    const runId = randomUUID();
    const units = await this.organisations.ofKinds(RESERVE_UNIT_KINDS);
    const files: string[] = [];
    let patients = 0;
    let failedUnits = 0;
    for (const unit of units) {
      try {
        const { snapshot, files: made } = await this.reserve.forUnit(unit, 'schedule', false, runId);
        for (const f of made) files.push(await writeFileAtomically(dir, f.fileName, f.content));
        patients += snapshot.patientCount;
      } catch (e) {
        failedUnits++;
        // The unit's HSA-id and the kind of error: never a patient, never the message (it may quote data).
        this.log.error({
          msg: 'reserve snapshot of a unit failed; its previous files are kept',
          unit: unit.hsaId,
          error: e instanceof Error ? e.name : 'error',
          code: (e as NodeJS.ErrnoException).code,
        });
      }
    }
    const outcome = failedUnits === 0 ? 'written' : failedUnits < units.length ? 'partial' : 'failed';
    const durationMs = Date.now() - started;
    this.state.runs[outcome]++;
    if (outcome !== 'failed') this.state.lastSuccessAt = this.clock.now();
    const line = { msg: 'reserve snapshot run', run: runId, outcome, units: units.length, failedUnits, patients, files: files.length, durationMs };
    if (outcome === 'written') this.log.log(line);
    else this.log.error(line);
    return { outcome, runId, units: units.length, failedUnits, patients, files, durationMs };
  }
}
