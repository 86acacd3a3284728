import 'reflect-metadata';
import { createApp } from '../bootstrap';
import { ConfigError, loadConfig } from '../config/config';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { parseReserveArgs, RESERVE_USAGE, runReserveCommand, UsageError } from './reserve-command';

/** `npm run reserve -- --unit <organisation HSA-id> [--out <dir>]`: see RESERVE_USAGE. */
async function main(): Promise<void> {
  const parsed = parseReserveArgs(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${RESERVE_USAGE}\n`);
    return;
  }
  const env = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  // This run writes one unit's files: the schedule stays with the running service.
  const config = { ...env, reserveSnapshot: { ...env.reserveSnapshot, dir: undefined } };
  const pg = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dir: config.embeddedPgDir, port: config.embeddedPgPort, persistent: true });
  try {
    const app = await createApp(config, config.databaseUrl ?? pg!.url);
    try {
      const { files, patients } = await runReserveCommand(app, parsed);
      process.stdout.write(`Reserve snapshot of ${parsed.unit}: ${patients} patient(s)\n${files.map((f) => `  ${f}\n`).join('')}`);
    } finally {
      await app.close();
    }
  } finally {
    await pg?.stop();
  }
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n\n${RESERVE_USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`${e instanceof ConfigError ? e.message : `reserve failed: ${e instanceof Error ? e.message : String(e)}`}\n`);
  process.exit(1);
});
