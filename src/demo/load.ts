import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../common/roles';
import { Assignment } from '../organisations/assignment.entity';
import { Organisation } from '../organisations/organisation.entity';
import { organisationProblems } from '../organisations/organisation-rules';
import { Staff } from '../organisations/staff.entity';
import { loadDemoCarePlans } from './care-plans';
import { loadDemoContinuity } from './continuity';
import { loadDemoRepresentatives } from './representatives';
import { loadDemoDeteriorationPlans } from './deterioration-plans';
import { loadDemoDischarges } from './discharges';
import { loadDemoExperience } from './experience';
import { loadDemoPatients } from './patients';
import { DEMO_ORGS, DEMO_STAFF, DemoOrg, DemoStaff } from './region';
import { loadDemoRounds } from './rounds';
import { loadDemoTasks } from './tasks';

/**
 * Loads the demo. Idempotent: units and staff are matched by HSA-id, assignments by
 * (staff, unit, role); nothing is duplicated and nothing existing is changed.
 * Returns true when it created anything.
 */
export async function loadDemoData(ds: DataSource, opts: { onlyIfEmpty?: boolean } = {}): Promise<boolean> {
  return ds.transaction(async (m) => {
    // Serialise concurrent seeders (two instances starting at once).
    await m.query('SELECT pg_advisory_xact_lock(4242001)');
    if (opts.onlyIfEmpty && (await m.getRepository(Organisation).count()) > 0) return false;
    let created = false;
    const orgIds = new Map<string, string>();
    for (const [key, o] of Object.entries(DEMO_ORGS) as Array<[string, DemoOrg]>) {
      let org = await m.getRepository(Organisation).findOneBy({ hsaId: o.hsaId });
      if (!org) {
        const problems = organisationProblems(o, key);
        if (problems.length) throw new Error(`demo unit ${key}: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
        org = await m.getRepository(Organisation).save(
          m.getRepository(Organisation).create({
            hsaId: o.hsaId,
            kind: o.kind,
            name: o.name,
            principalName: o.principalName,
            municipalityCode: o.municipalityCode ?? null,
            principal: o.principal ?? null,
            privatelyRun: o.privatelyRun ?? false,
            parentId: o.parent ? orgIds.get(o.parent)! : null,
          }),
        );
        created = true;
      }
      orgIds.set(key, org.id);
    }
    const staffIds = new Map<string, string>();
    for (const [staffKey, s] of Object.entries(DEMO_STAFF) as Array<[string, DemoStaff]>) {
      let staff = await m.getRepository(Staff).findOneBy({ hsaId: s.hsaId });
      if (!staff) {
        staff = await m
          .getRepository(Staff)
          .save(m.getRepository(Staff).create({ hsaId: s.hsaId, name: s.name, professionTitle: s.professionTitle, phone: s.phone ?? null }));
        created = true;
      }
      staffIds.set(staffKey, staff.id);
      for (const [orgKey, role] of s.assignments) {
        created = (await ensureAssignment(m, staff.id, orgIds.get(orgKey)!, role)) || created;
      }
    }
    created = (await loadDemoPatients(m, orgIds, staffIds)) || created;
    created = (await loadDemoCarePlans(m, orgIds, staffIds)) || created;
    created = (await loadDemoDeteriorationPlans(m, orgIds, staffIds)) || created;
    created = (await loadDemoDischarges(m, orgIds, staffIds)) || created;
    created = (await loadDemoRounds(m, orgIds, staffIds)) || created;
    created = (await loadDemoTasks(m, orgIds, staffIds)) || created;
    created = (await loadDemoContinuity(m, orgIds, staffIds)) || created;
    created = (await loadDemoExperience(m, orgIds, staffIds)) || created;
    created = (await loadDemoRepresentatives(m, orgIds, staffIds)) || created;
    return created;
  });
}

async function ensureAssignment(m: EntityManager, staffId: string, organisationId: string, role: Role): Promise<boolean> {
  const exists = await m.getRepository(Assignment).existsBy({ staffId, organisationId, role });
  if (exists) return false;
  await m.getRepository(Assignment).insert({ staffId, organisationId, role, validFrom: new Date('2026-01-01T00:00:00Z') });
  return true;
}
