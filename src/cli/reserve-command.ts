import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import path from 'node:path';
import { isHsaId } from '../common/scalars';
import { OrganisationsService } from '../organisations/organisations.service';
import { ensureWritableDirectory, writeFileAtomically } from '../reserve/reserve-files';
import { RESERVE_UNIT_KINDS } from '../reserve/reserve.policy';
import { ReserveSnapshotService } from '../reserve/reserve.service';

export const RESERVE_USAGE = `Usage: npm run reserve -- --unit <organisation HSA-id> [--out <dir>]

Writes the reserve snapshot (reservutskrift) of one home healthcare unit, as
reservutskrift-<HSA-id>-<YYYYMMDD-HHmm>.pdf and .json (Swedish time), into --out
(default: the current directory). Every patient included is written to the
access log as read by the service itself for the unit (role SYSTEM, purpose
"reserve snapshot", trigger "command"). Uses the database of npm start
(DATABASE_URL, or the embedded one under EMBEDDED_PG_DIR).`;

/** A mistake in the command line: shown with the usage, exit status 2. */
export class UsageError extends Error {}

export interface ReserveCommandArgs {
  unit: string;
  out: string;
}

/** `--unit X`, `--unit=X`, `--out D`, `--out=D`; errors name the argument. */
export function parseReserveArgs(argv: readonly string[]): ReserveCommandArgs | 'help' {
  const given: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const m = /^--(unit|out)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`${arg}: not an argument of this command`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('--'))) throw new UsageError(`--${m[1]}: needs a value`);
    if (given[m[1]] !== undefined) throw new UsageError(`--${m[1]}: given twice`);
    given[m[1]] = value;
  }
  if (!given.unit) throw new UsageError('--unit: is required (the HSA-id of the home healthcare unit, e.g. SE2120000530-1001)');
  if (!isHsaId(given.unit)) throw new UsageError(`--unit: ${given.unit} is not an HSA-id (like SE2120000530-1001)`);
  if (given.out !== undefined && given.out.includes('\0')) throw new UsageError('--out: must not contain a NUL character');
  return { unit: given.unit, out: path.resolve(given.out ?? '.') };
}

/**
 * Writes one unit's PDF and JSON with the application's own services (in this process, or in a
 * test against its database): the unit must be a home healthcare unit; the directory is created
 * owner-only when missing; each file is written atomically. Resolves with the files written.
 */
export async function runReserveCommand(app: INestApplication, args: ReserveCommandArgs): Promise<{ files: string[]; patients: number }> {
  const unit = await app.get(OrganisationsService).byHsaId(args.unit);
  if (!unit) throw new UsageError(`--unit: no unit with HSA-id ${args.unit} in this service`);
  if (!RESERVE_UNIT_KINDS.includes(unit.kind))
    throw new UsageError(
      `--unit: ${args.unit} is a ${unit.kind} unit; the reserve routine is for units that visit patients at home (${RESERVE_UNIT_KINDS.join(', ')})`,
    );
  await ensureWritableDirectory(args.out, '--out');
  const { snapshot, files } = await app.get(ReserveSnapshotService).forUnit(unit, 'command', true);
  const written: string[] = [];
  for (const f of files) written.push(await writeFileAtomically(args.out, f.fileName, f.content));
  return { files: written, patients: snapshot.patientCount };
}
