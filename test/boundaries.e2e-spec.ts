import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, Linter } from 'eslint';

/*
 * The import-boundary check (eslint.config.mjs, `npm run lint` in CI) can fail: snippets at
 * capability paths are linted in memory and must be reported, the same code inside the gate must
 * not, and the real src/ tree must be clean (so CI and this test agree). No database needed.
 */

const ROOT = path.resolve(__dirname, '..');
const CONFIG = path.join(ROOT, 'eslint.config.mjs');
const CAPABILITY = 'src/care-plans/x.service.ts';

interface BoundaryConfig {
  HANDLE_EXCEPTIONS: Record<string, string>;
  boundaries(handleExceptions?: Record<string, string>): Linter.Config[];
}

const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: CONFIG });

/** The rules of the boundary and layer checks; the general lint rules (unused variables, …) are not this test's subject. */
const BOUNDARY_RULES = new Set([null, '@typescript-eslint/no-restricted-imports', 'no-restricted-syntax', 'import-x/no-restricted-paths']);

/** The boundary problems reported for `code` as if it were the file at `file` (relative to the repository). */
async function lint(code: string, file: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => BOUNDARY_RULES.has(m.ruleId));
}

const rules = (messages: Linter.LintMessage[]) => messages.map((m) => m.ruleId);

describe('the layers (eslint.layers.mjs)', () => {
  it.each([
    [
      'the core importing a capability',
      'src/access/x.ts',
      "import { Patient } from '../patients/patient.entity';",
      'access (core) may not import patients (capabilities)',
    ],
    [
      'plumbing importing the core',
      'src/common/x.ts',
      "import { PatientGate } from '../access/patient-gate';",
      'common (plumbing) may not import access (core)',
    ],
    [
      'plumbing importing the composition root',
      'src/database/x.ts',
      "import { ENTITIES } from '../app/entities';",
      'database (plumbing) may not import app (composition)',
    ],
    [
      'a capability importing one not listed for it',
      'src/patients/x.ts',
      "import { TasksService } from '../tasks/tasks.service';",
      'patients (capabilities) may not import tasks (capabilities)',
    ],
    [
      'a capability importing the demo region',
      'src/rounds/x.ts',
      "import { DEMO_ORGS } from '../demo/region';",
      'rounds (capabilities) may not import demo (composition)',
    ],
    [
      'the process importing a command',
      'src/x.ts',
      "import { SCHEMA_FILE } from './cli/schema-file';",
      '(root) (composition) may not import cli (composition)',
    ],
  ])('reports %s', async (_what, file, code, message) => {
    const messages = await lint(code, file);
    expect(messages.map((m) => [m.ruleId, m.severity])).toEqual([['import-x/no-restricted-paths', 2]]);
    expect(messages[0].message).toContain(message);
  });

  it.each([
    [
      'a capability importing the core and plumbing',
      'src/tasks/x.ts',
      "import { PatientGate } from '../access/patient-gate';\nimport { Clock } from '../common/clock';",
    ],
    ['a capability importing one listed for it', 'src/rounds/x.ts', "import { TasksService } from '../tasks/tasks.service';"],
    [
      'the composition root importing capabilities',
      'src/app/x.ts',
      "import { TasksService } from '../tasks/tasks.service';\nimport { Clock } from '../common/clock';",
    ],
  ])('allows %s', async (_what, file, code) => {
    expect(await lint(code, file)).toEqual([]);
  });
});

describe('import boundaries (eslint.config.mjs)', () => {
  it.each([
    ['InjectDataSource', "import { InjectDataSource } from '@nestjs/typeorm';"],
    ['DataSource', "import { DataSource } from 'typeorm';"],
    ['a type-only EntityManager', "import type { EntityManager } from 'typeorm';"],
    ['the pg driver', "import { Client } from 'pg';"],
  ])('reports %s imported by a capability', async (_what, code) => {
    const messages = await lint(code, CAPABILITY);
    expect(rules(messages)).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(messages[0].severity).toBe(2);
    expect(messages[0].message).toContain('access gate');
  });

  it.each([
    ['a string literal', "const sql = 'INSERT INTO audit_log (operation) VALUES ($1)';"],
    ['a template literal across lines', 'const sql = `insert\n     into   audit_log (operation) VALUES (${1})`;'],
  ])('reports a write of the access log in a capability, as %s', async (_what, code) => {
    const messages = await lint(code, CAPABILITY);
    expect(rules(messages)).toEqual(['no-restricted-syntax']);
    expect(messages[0].message).toContain('written only by src/audit');
  });

  it('reports a capability reaching for the connection behind a bound finder or query builder', async () => {
    for (const code of [
      "const qb = tx.repo(Task).createQueryBuilder('t'); await qb.connection.query('SELECT 1');",
      'await scope.tx.repo(Task).manager.find(Task);',
    ]) {
      const messages = await lint(code, CAPABILITY);
      expect(rules(messages)).toEqual(['no-restricted-syntax']);
      expect(messages[0].message).toContain('connection behind a bound finder');
    }
  });

  it('does not report the same imports inside the gate (src/access)', async () => {
    const code = "import { InjectDataSource } from '@nestjs/typeorm';\nimport type { EntityManager } from 'typeorm';\nimport { DataSource } from 'typeorm';";
    expect(await lint(code, 'src/access/x.ts')).toEqual([]);
  });

  it('does not report the rest of typeorm (decorators, operators, types) in a capability', async () => {
    expect(await lint("import { In, Column } from 'typeorm';", CAPABILITY)).toEqual([]);
    expect(
      await lint("import { Entity, IsNull, Not, MoreThan, FindManyOptions, EntityTarget, ObjectLiteral, DeepPartial } from 'typeorm';", CAPABILITY),
    ).toEqual([]);
  });

  it('keeps the access log named only by src/audit (and by the gate, to keep it out of patient scopes)', async () => {
    const read = "const sql = 'SELECT id FROM audit_log WHERE patient_id = $1';";
    expect(rules(await lint(read, CAPABILITY))).toEqual(['no-restricted-syntax']);
    // Log review asks src/audit's reader; it may not name the table itself.
    expect(rules(await lint(read, 'src/log-review/x.ts'))).toEqual(['no-restricted-syntax']);
    expect(await lint(read, 'src/audit/x.ts')).toEqual([]);
    // The gate may name it, never write it.
    expect(await lint(read, 'src/access/patient-tx.ts')).toEqual([]);
    expect(rules(await lint("const sql = 'DELETE FROM audit_log';", 'src/access/patient-tx.ts'))).toEqual(['no-restricted-syntax']);
    expect(await lint("const sql = 'DELETE FROM audit_log';", 'src/audit/x.ts')).toEqual([]);
  });

  it('takes no exception from a comment: eslint-disable has no effect under src/', async () => {
    const messages = await lint("// eslint-disable-next-line\nimport { DataSource } from 'typeorm';", CAPABILITY);
    expect(rules(messages.filter((m) => m.severity === 2))).toEqual(['@typescript-eslint/no-restricted-imports']);
  });

  it('finds nothing in the real src tree (as `npm run lint` in CI)', async () => {
    const results = await eslint.lintFiles(['src']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(results.length).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('lists no exception that is no longer needed', async () => {
    const { HANDLE_EXCEPTIONS, boundaries } = (await import(pathToFileURL(CONFIG).href)) as BoundaryConfig;
    // Without the table, the files that hold a handle are reported…
    const strict = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: boundaries({}) });
    const failing = (await strict.lintFiles(['src'])).filter((r) => r.errorCount > 0).map((r) => r.filePath);
    // …and every entry of the table covers at least one of them (matched as ESLint matches globs).
    const globs = Object.keys(HANDLE_EXCEPTIONS);
    const matcher = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['src/**/*.ts'] }, ...globs.map((glob) => ({ files: [glob], settings: { [glob]: true } }))],
    });
    const used = new Set<string>();
    for (const file of failing) {
      const config = (await matcher.calculateConfigForFile(file)) as { settings?: Record<string, unknown> };
      for (const glob of Object.keys(config.settings ?? {})) used.add(glob);
    }
    expect(globs.filter((glob) => !used.has(glob))).toEqual([]);
  });
});
