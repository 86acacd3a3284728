import fs from 'node:fs';
import { Client } from 'pg';
import { withDatabase } from '../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as Record<string, unknown>).__ESTHER_PG__ as { stop(): Promise<void>; dir: string } | undefined;
  if (pg) {
    await pg.stop();
    fs.rmSync(pg.dir, { recursive: true, force: true });
    return;
  }
  const url = process.env.ESTHER_TEST_SERVER_URL;
  if (url) {
    const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${process.env.ESTHER_TEST_TEMPLATE} WITH (FORCE)`);
    await admin.end();
  }
}
