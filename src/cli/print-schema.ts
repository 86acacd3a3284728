import 'reflect-metadata';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printSchema } from 'graphql';
import { createApp } from '../bootstrap';
import { loadConfig } from '../config/config';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { SCHEMA_FILE, SCHEMA_HEADER } from './schema-file';

/** Boots the app against a throwaway database and writes the SDL clients see. */
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esther-schema-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), persistent: false });
  try {
    const app = await createApp(loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'warn' }), pg.url);
    const sdl = printSchema(app.get(GraphQLSchemaHost).schema);
    await app.close();
    fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
    fs.writeFileSync(SCHEMA_FILE, SCHEMA_HEADER + sdl + '\n');
    process.stdout.write(`Wrote ${SCHEMA_FILE}\n`);
  } finally {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
