import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/**
 * PostgreSQL clusters and PgBouncer from the operating system's packages (Debian: postgresql-15,
 * pgbouncer), for the scaling benchmark (bench/scale.ts): a primary, a streaming replica made with
 * pg_basebackup, and PgBouncer in front of the primary. Everything lives under one directory of the
 * working tree (.data/scale) on ports of its own; a cluster already running on the machine is left
 * alone. As root, the servers run as the `postgres` system user (PostgreSQL and PgBouncer refuse
 * root), and the directory is handed to it.
 */

const root = () => process.getuid?.() === 0;

/** Runs a command (as the postgres user when we are root), its output to `log` when given; rejects on a non-zero exit. */
export function run(cmd: string, args: string[], opts: { log?: string; quiet?: boolean } = {}): Promise<void> {
  const [c, a] = root() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const out = opts.log ? fs.openSync(opts.log, 'a') : opts.quiet ? 'ignore' : 'inherit';
    const child = spawn(c, a, { stdio: ['ignore', out, out] });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (typeof out === 'number') fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}${opts.log ? ` (see ${opts.log})` : ''}`));
    });
  });
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Installs a Debian package when its program is missing (as root; else says what to install). */
export function ensurePackage(program: string, pkg: string, probe = () => has(program)): void {
  if (probe()) return;
  if (!root()) throw new Error(`${program} is missing: install the ${pkg} package (apt-get install -y ${pkg})`);
  process.stdout.write(`Installing ${pkg} (apt-get install -y ${pkg}) …\n`);
  let r = spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    r = spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (r.status !== 0 || !probe()) throw new Error(`could not install ${pkg}`);
}

/** A directory the servers may write: created, and handed to the postgres user when we are root. */
export function ownedDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (root()) {
    const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout.toString().trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout.toString().trim());
    fs.chownSync(dir, uid, gid);
    // The postgres user must reach it through the working tree's directories.
    for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
      const mode = fs.statSync(d).mode;
      if ((mode & 0o001) === 0) fs.chmodSync(d, mode | 0o001);
    }
  }
  return dir;
}

export interface Cluster {
  name: string;
  dir: string;
  port: number;
  /** A connection URL for a database on this cluster (user esther, trust on 127.0.0.1 only). */
  url(database?: string): string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A cluster in `dir` on `port` (not created: see initPrimary / baseBackup). The settings that differ
 * from the package's defaults are given on the command line, so a replica copied from the primary
 * starts with its own port and socket directory.
 */
export function cluster(bin: string, name: string, dir: string, port: number, socketDir: string, settings: Record<string, string>): Cluster {
  const opts = Object.entries({ port: String(port), listen_addresses: '127.0.0.1', unix_socket_directories: socketDir, ...settings })
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  const log = path.join(path.dirname(dir), `${name}.log`);
  const c: Cluster = {
    name,
    dir,
    port,
    url: (database = 'postgres') => `postgres://esther@127.0.0.1:${port}/${database}`,
    async start() {
      await c.stop();
      await run(path.join(bin, 'pg_ctl'), ['-D', dir, '-l', log, '-o', opts, '-w', '-t', '120', 'start'], { quiet: true });
    },
    async stop() {
      if (!fs.existsSync(path.join(dir, 'postmaster.pid'))) return;
      await run(path.join(bin, 'pg_ctl'), ['-D', dir, '-m', 'fast', '-w', 'stop'], { quiet: true }).catch(() => undefined);
    },
  };
  return c;
}

/** initdb for the primary (user esther, trust from 127.0.0.1 only; replication connections included). */
export async function initPrimary(bin: string, dir: string): Promise<boolean> {
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return false;
  ownedDir(path.dirname(dir));
  await run(path.join(bin, 'initdb'), ['-D', dir, '-U', 'esther', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'], { quiet: true });
  return true;
}

/** A streaming replica of `primary` in `dir`: pg_basebackup -R (standby.signal and primary_conninfo written), WAL streamed during the copy. */
export async function baseBackup(bin: string, primary: Cluster, dir: string): Promise<void> {
  fs.rmSync(dir, { recursive: true, force: true });
  await run(
    path.join(bin, 'pg_basebackup'),
    ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'esther', '-D', dir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'],
    { quiet: true },
  );
}

/** Waits until `url` answers `sql` with a true `ok`. */
export async function waitUntil(url: string, sql: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const c = new Client({ connectionString: url });
    try {
      await c.connect();
      const { rows } = await c.query<{ ok: boolean }>(sql);
      if (rows[0]?.ok) return;
    } catch {
      /* not yet */
    } finally {
      await c.end().catch(() => undefined);
    }
    if (Date.now() > end) throw new Error(`${url}: ${sql} did not become true`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface Bouncer {
  port: number;
  url(database: string): string;
  stop(): Promise<void>;
  version: string;
  poolSize: number;
}

/**
 * PgBouncer in transaction pooling mode in front of `primary`: every database, user esther (trust:
 * it listens on 127.0.0.1 only), `poolSize` server connections per database and user however many
 * clients connect, no reset query (transaction mode needs none). Runs as a daemon; stopped by its
 * pid file.
 */
export async function startBouncer(dir: string, port: number, primary: Cluster, poolSize: number, maxClients: number): Promise<Bouncer> {
  ownedDir(dir);
  const pidfile = path.join(dir, 'pgbouncer.pid');
  const stop = async () => {
    if (!fs.existsSync(pidfile)) return;
    const pid = Number(fs.readFileSync(pidfile, 'utf8').trim());
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      /* gone */
    }
    for (let i = 0; i < 50 && fs.existsSync(pidfile); i++) await new Promise((r) => setTimeout(r, 100));
    fs.rmSync(pidfile, { force: true });
  };
  await stop();
  const userlist = path.join(dir, 'userlist.txt');
  fs.writeFileSync(userlist, '"esther" ""\n');
  const ini = path.join(dir, 'pgbouncer.ini');
  fs.writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=127.0.0.1 port=${primary.port}`,
      '',
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${userlist}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'reserve_pool_size = 0',
      `max_client_conn = ${maxClients}`,
      'server_reset_query =',
      // node-postgres sends none of these, but libpq-based tools may.
      'ignore_startup_parameters = extra_float_digits,options',
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      `pidfile = ${pidfile}`,
      'admin_users = esther',
      '',
    ].join('\n'),
  );
  for (const f of [userlist, ini]) if (root()) spawnSync('chown', ['postgres:postgres', f]);
  await run('pgbouncer', ['-d', ini], { quiet: true });
  const version = spawnSync('pgbouncer', ['--version']).stdout.toString().split('\n')[0].trim();
  await waitUntil(`postgres://esther@127.0.0.1:${port}/postgres`, 'SELECT true AS ok', 20_000);
  return { port, url: (database) => `postgres://esther@127.0.0.1:${port}/${database}`, stop, version, poolSize };
}
