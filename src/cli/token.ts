import 'reflect-metadata';
import { signDevToken } from '../auth/token.service';
import { loadConfig } from '../config/config';
import { DEMO_ORGS, DEMO_STAFF } from '../demo/region';

/**
 * Development tokens. `npm run token -- <staff HSA-id> [organisation HSA-id] [role]`;
 * with only the staff HSA-id, their first demo assignment is used. `--list` shows the demo staff.
 */
async function main() {
  const config = loadConfig();
  if (config.isProduction) throw new Error('Development tokens are not available when NODE_ENV=production');
  const args = process.argv.slice(2);
  const orgName = new Map(Object.values(DEMO_ORGS).map((o) => [o.hsaId as string, o.name as string]));
  const orgHsa = new Map(Object.entries(DEMO_ORGS).map(([k, o]) => [k, o.hsaId as string]));
  if (args.length === 0 || args[0] === '--list' || args[0] === '-l') {
    const lines = ['Demo staff and their assignments (npm run token -- <staff HSA-id> [organisation HSA-id] [role]):', ''];
    for (const s of Object.values(DEMO_STAFF)) {
      for (const [org, role] of s.assignments) {
        lines.push(`${s.hsaId.padEnd(20)} ${s.name.padEnd(16)} ${role.padEnd(22)} ${orgHsa.get(org)}  ${orgName.get(orgHsa.get(org)!)}`);
      }
    }
    process.stdout.write(lines.join('\n') + '\n');
    return;
  }
  const [staffHsaId, orgArg, roleArg] = args;
  let organisationHsaId = orgArg;
  let role = roleArg;
  if (!organisationHsaId || !role) {
    const demo = Object.values(DEMO_STAFF).find((s) => s.hsaId === staffHsaId);
    if (!demo) throw new Error('Not a demo staff member: give the organisation HSA-id and role too, or see --list');
    const match = demo.assignments.find(([o]) => !organisationHsaId || orgHsa.get(o) === organisationHsaId) ?? demo.assignments[0];
    organisationHsaId = organisationHsaId ?? orgHsa.get(match[0])!;
    role = role ?? match[1];
  }
  process.stdout.write((await signDevToken(config, { staffHsaId, organisationHsaId, role }, '12h')) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
