/**
 * Writes a migration with the SQL that brings a freshly migrated database in line with the
 * entities. Starts a throwaway embedded PostgreSQL unless DATABASE_URL is set.
 * Usage: npm run migration:generate -- <Name>
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource, runMigrations } from '../app/data-source';
import { startEmbeddedPostgres, withDatabase } from '../database/embedded-postgres';

async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: npm run migration:generate -- <PascalCaseName>');
  const pg = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'esther-gen-')), persistent: false });
  const baseUrl = process.env.DATABASE_URL ?? pg!.url;
  const dbName = `esther_gen_${Date.now()}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const ds = createDataSource(withDatabase(baseUrl, dbName));
  try {
    await ds.initialize();
    await runMigrations(ds);
    const sql = await ds.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      process.stdout.write('No changes: entities and migrations agree.\n');
      return;
    }
    const ts = Date.now();
    const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const up = sql.upQueries.map((x) => `    await q.query(${q(x.query)});`).join('\n');
    const down = [...sql.downQueries]
      .reverse()
      .map((x) => `    await q.query(${q(x.query)});`)
      .join('\n');
    const file = path.resolve(
      __dirname.includes('dist') ? path.join(__dirname, '../../../migrations') : path.join(__dirname, '../../migrations'),
      `${ts}-${name}.ts`,
    );
    fs.writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${ts} implements MigrationInterface {\n  name = '${name}${ts}';\n\n  async up(q: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(q: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    // Register it in migrations/index.ts, after the others.
    const index = path.join(path.dirname(file), 'index.ts');
    const base = path.basename(file, '.ts');
    let src = fs.readFileSync(index, 'utf8');
    src = src.replace(/\n\n\/\/ Every/, `\nimport { ${name}${ts} } from './${base}';\n\n// Every`);
    src = src.replace(/\];\s*$/, `, ${name}${ts}];\n`).replace('[, ', '[');
    fs.writeFileSync(index, src);
    process.stdout.write(`Wrote ${file} and registered it in migrations/index.ts.\n`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
    await pg?.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
