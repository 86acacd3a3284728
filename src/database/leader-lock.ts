import { Client } from 'pg';

const noop = () => undefined;

/**
 * The first key of every LeaderLock: 'ESTH' as a 32-bit integer. Leader locks use PostgreSQL's
 * two-key advisory locks, a key space apart from the one-key locks the service takes elsewhere
 * (`pg_advisory_xact_lock(hashtext(…))` per patient series and registration), so no hash of
 * those can ever meet one of these.
 */
export const LEADER_LOCK_SPACE = 0x45535448;

/** The jobs that only one instance of the service runs at a time, each its own second key. */
export const LEADER_JOBS = {
  /** The reserve routine's scheduled snapshot files (src/reserve). */
  reserveSnapshot: 1,
  /** Deleting stored inbox events older than the replay window (src/events, docs/LIVE-EVENTS.md). */
  inboxEventPruning: 2,
  /** The deadline watcher: one inbox event per deadline that fell due (src/events, docs/LIVE-EVENTS.md). */
  deadlineWatch: 3,
  /** Making the access log's monthly partitions ahead of time (src/audit, docs/AUDIT-LOG.md). */
  auditPartitions: 4,
} as const;

/**
 * A PostgreSQL session-level advisory lock, held on a connection of its own (not one of the pool):
 * leadership for a job that only one of several instances may run. The instance that takes it
 * keeps it, and runs the job, until it releases it (on stopping) or loses its connection (then the
 * database lets go of the lock, and the next instance to try takes it over). The others' tries
 * answer false meanwhile. Holds no patient data and runs no other statement.
 */
export class LeaderLock {
  private client?: Client;

  constructor(
    private readonly url: string,
    private readonly job: number,
    private readonly applicationName = 'esther-leader',
  ) {}

  /** This instance holds the lock (taking it when it is free); false when another instance holds it. */
  async hold(): Promise<boolean> {
    const mine = this.client;
    if (mine) {
      // A session that still answers still holds its lock; one that does not has lost it.
      try {
        await mine.query('SELECT 1');
        return true;
      } catch {
        this.drop(mine);
      }
    }
    const c = new Client({
      connectionString: this.url,
      application_name: this.applicationName,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // Before connect: a connection lost later must never be an unhandled 'error'.
    c.on('error', () => this.drop(c));
    c.on('end', () => this.drop(c));
    try {
      await c.connect();
      const { rows } = await c.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS held', [LEADER_LOCK_SPACE, this.job]);
      if (rows[0]?.held) {
        this.client = c;
        return true;
      }
      await c.end().catch(noop);
      return false;
    } catch (e) {
      await c.end().catch(noop);
      throw e;
    }
  }

  /** Whether this instance held the lock when last asked. */
  get held(): boolean {
    return !!this.client;
  }

  /** Lets go of the lock (if held) and closes its connection. */
  async release(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    await c.query('SELECT pg_advisory_unlock($1::int, $2::int)', [LEADER_LOCK_SPACE, this.job]).catch(noop);
    await c.end().catch(noop);
  }

  private drop(c: Client): void {
    if (this.client !== c) return;
    this.client = undefined;
    c.end().catch(noop);
  }
}
