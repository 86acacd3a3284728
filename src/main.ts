// First: tracing (when configured) must patch http, express, graphql and pg before they load.
import { tracing } from './observability/tracing';
import 'reflect-metadata';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { createApp, shutdownGracefully } from './bootstrap';
import { loadDemoData } from './demo/load';
import { ConfigError, loadConfig } from './config/config';
import { startEmbeddedPostgres } from './database/embedded-postgres';

async function main() {
  const config = loadConfig();
  let databaseUrl = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!databaseUrl) {
    // Development: a real PostgreSQL from the npm registry, kept under .data/.
    const pg = await startEmbeddedPostgres({ dir: config.embeddedPgDir, port: config.embeddedPgPort, persistent: true });
    databaseUrl = pg.url;
    stopEmbedded = pg.stop;
  }
  const app = await createApp(config, databaseUrl);
  const log = app.get(Logger);
  if (config.demoData) {
    const created = await loadDemoData(app.get<DataSource>(getDataSourceToken()), { onlyIfEmpty: true });
    if (created) log.log('Loaded demo data into an empty database');
  }
  // SIGTERM (a deploy) and SIGINT (Ctrl-C): finish what is running, then stop; a second signal stops at once.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.log(`${signal}: stopping after the requests in flight (at most ${config.shutdownDrainMs} ms)`);
    const afterClose = async () => {
      await stopEmbedded?.();
      // The spans of the last requests are still buffered.
      await tracing?.shutdown().catch((e: unknown) => log.warn(`tracing did not flush its last spans: ${e instanceof Error ? e.message : String(e)}`));
    };
    shutdownGracefully(app, { drainMs: config.shutdownDrainMs, afterClose, log: (m) => log.log(m) }).then(
      () => process.exit(0),
      (e) => {
        process.stderr.write(`Shutdown failed: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  await app.listen(config.port, '0.0.0.0');
  const url = await app.getUrl();
  log.log(
    `Esther is listening: GraphQL at ${url.replace('[::1]', 'localhost')}/graphql${stopEmbedded ? ' (embedded PostgreSQL under ' + config.embeddedPgDir + ')' : ''}`,
  );
}

main().catch((e) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
  } else {
    process.stderr.write(`Esther failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  }
  process.exit(1);
});
