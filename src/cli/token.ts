import 'reflect-metadata';
import { signDevPatientToken, signDevToken } from '../auth/token.service';
import { parsePersonnummer } from '../common/personnummer';
import { loadConfig } from '../config/config';
import { DEMO_ORGS, DEMO_STAFF } from '../demo/region';

/**
 * Development tokens. `npm run token -- <staff HSA-id> [organisation HSA-id] [role]`;
 * with only the staff HSA-id, their first demo assignment is used. `--list` shows the demo staff.
 * `npm run token -- --patient <personnummer>`: a patient's token, as the patients' identity provider
 * (1177 e-identification) would issue it, for the patient or a recorded representative.
 */
async function main() {
  const config = loadConfig();
  if (config.isProduction) throw new Error('Development tokens are not available when NODE_ENV=production');
  const args = process.argv.slice(2);
  if (args[0] === '--patient') {
    const p = args[1] ? parsePersonnummer(args[1]) : null;
    if (!p) throw new Error('usage: npm run token -- --patient <personnummer> (e.g. the demo patient Esther; see src/demo/patients.ts)');
    process.stdout.write((await signDevPatientToken(config, p.normalised, '1h')) + '\n');
    return;
  }
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
