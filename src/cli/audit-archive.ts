import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ArchiveRefusal, ArchiveResult, archivePartitions, archiveReport, AUDIT_ARCHIVE_USAGE } from '../audit/audit-partitions';
import { ConfigError, loadConfig } from '../config/config';
import { withDatabase } from './standalone';

export interface AuditArchiveArgs {
  before?: string;
  dryRun: boolean;
}

/** `--before 2021-12`, `--before=2021-12`, `--dry-run`; mistakes are ArchiveRefusal naming the argument. */
export function parseAuditArchiveArgs(argv: readonly string[]): AuditArchiveArgs | 'help' {
  const out: AuditArchiveArgs = { dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--dry-run') {
      out.dryRun = true;
      continue;
    }
    const m = /^--before(?:=(.*))?$/.exec(arg);
    if (!m) throw new ArchiveRefusal(`${arg}: not an argument of this command`);
    const value = m[1] ?? argv[++i];
    if (!value || (m[1] === undefined && value.startsWith('--'))) throw new ArchiveRefusal('--before: needs a month, like 2021-12');
    if (out.before !== undefined) throw new ArchiveRefusal('--before: given twice');
    out.before = value;
  }
  return out;
}

/** The archive run against a database (in this process, or in a test), with the report it prints. */
export async function runAuditArchive(
  ds: DataSource,
  args: AuditArchiveArgs,
  now: Date,
  retentionYears: number,
): Promise<{ result: ArchiveResult; report: string }> {
  const result = await archivePartitions(ds, { ...args, now, retentionYears });
  return { result, report: archiveReport(result, args.dryRun, retentionYears) };
}

async function main(): Promise<void> {
  const args = parseAuditArchiveArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${AUDIT_ARCHIVE_USAGE}\n`);
    return;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const { report } = await withDatabase((ds) => runAuditArchive(ds, args, new Date(), config.audit.retentionYears));
  process.stdout.write(`${report}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    if (e instanceof ArchiveRefusal) {
      process.stderr.write(`${e.message}\n\n${AUDIT_ARCHIVE_USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`${e instanceof ConfigError ? e.message : `audit:archive failed: ${e instanceof Error ? e.message : String(e)}`}\n`);
    process.exit(1);
  });
}
