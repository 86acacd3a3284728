import { createSecretKey, randomUUID } from 'node:crypto';
import http from 'node:http';
import { JWTPayload, jwtVerify } from 'jose';
import { Pool } from 'pg';
import { stockholmDate } from '../src/common/calendar';
import { loadConfig } from '../src/config/config';

/**
 * The floor: the caseload answered by hand-written SQL through `pg`, with the same token check,
 * the same page, the same access rules (consent, block, protected identity, plan visibility), the
 * same audit rows and the same JSON as the service. What the data costs without NestJS, Apollo,
 * TypeORM or DataLoader. Three statements per request: the actor, the page with everything on it,
 * the audit insert; each a named prepared statement (planned once per connection), the page size in
 * the page's text so that its plan can be kept. It answers only this request, whatever the document says.
 */

// One statement for the page: the patients, their grant inputs and every field the caseload shows.
export const pageSql = (limit: number) => `
  WITH page AS (
    SELECT p.id, p.personnummer, p.given_name, p.family_name, p.protected_identity, r.direct
      FROM care_relationship r JOIN patient p ON p.id = r.patient_id
     WHERE r.organisation_id = $1
     ORDER BY r.family_name, r.given_name, r.patient_id
     LIMIT ${limit})
  SELECT pg.id, pg.personnummer, pg.given_name, pg.family_name, pg.protected_identity, pg.direct,
         EXISTS (SELECT 1 FROM emergency_access x WHERE x.patient_id = pg.id AND x.staff_id = $2 AND x.organisation_id = $1
                    AND x.opened_at <= now() AND x.expires_at > now()) AS emergency,
         EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = pg.id AND c.kind = 'INFORMATION_SHARING' AND c.revoked_at IS NULL
                    AND c.valid_from <= $3::date AND (c.valid_until IS NULL OR c.valid_until >= $3::date)
                    AND ($1 = ANY (c.organisation_ids) OR c.scope = 'CARE_TEAM')) AS consent,
         (SELECT array_agg(b.organisation_id) FROM information_block b
           WHERE b.patient_id = pg.id AND b.lifted_at IS NULL AND b.organisation_id <> $1
             AND NOT EXISTS (SELECT 1 FROM block_opening o WHERE o.patient_id = b.patient_id AND o.staff_id = $2 AND o.organisation_id = $1
                                AND o.confirmed_at IS NOT NULL AND o.expires_at > now())) AS blocked,
         e.start_date::text AS start_date, n.name AS nurse, vc.name AS centre,
         cp.status AS cp_status, cp.published_version_number AS cp_version, cp.follow_up_due::text AS cp_next,
         cp.participant_organisation_ids AS cp_orgs, cp.created_by_organisation_id AS cp_by,
         dp.id AS dp_id, dp.review_date::text AS dp_review, dp.recorded_by_organisation_id AS dp_by, dp.signed_by_organisation_id AS dp_signed_by,
         (SELECT count(*)::int FROM task t WHERE t.patient_id = pg.id AND t.status = 'OPEN') AS open_tasks
    FROM page pg
    LEFT JOIN home_healthcare_enrollment e ON e.patient_id = pg.id AND e.status = 'ACTIVE'
    LEFT JOIN staff n ON n.id = e.named_nurse_id
    LEFT JOIN organisation vc ON vc.id = e.primary_care_id
    LEFT JOIN LATERAL (SELECT x.* FROM care_plan x WHERE x.patient_id = pg.id AND x.status <> 'CLOSED' ORDER BY x.created_at DESC LIMIT 1) cp ON true
    LEFT JOIN deterioration_plan dp ON dp.patient_id = pg.id AND dp.status = 'ACTIVE'
   ORDER BY pg.family_name, pg.given_name, pg.id`;

interface PageRow {
  id: string;
  personnummer: string;
  given_name: string;
  family_name: string;
  protected_identity: boolean;
  direct: boolean;
  emergency: boolean;
  consent: boolean;
  blocked: string[] | null;
  start_date: string | null;
  nurse: string | null;
  centre: string | null;
  cp_status: string | null;
  cp_version: number | null;
  cp_next: string | null;
  cp_orgs: string[] | null;
  cp_by: string | null;
  dp_id: string | null;
  dp_review: string | null;
  dp_by: string | null;
  dp_signed_by: string | null;
  open_tasks: number;
}

/** The service's rule for another organisation's records (src/access/patient-grant.ts), by hand. */
function seesRecordedBy(r: PageRow, org: string, by: string | null): boolean {
  if (!by || by === org) return true;
  if ((r.blocked ?? []).includes(by)) return false;
  return r.consent || r.emergency;
}

function node(r: PageRow, org: string, today: string) {
  const identity = !r.protected_identity || r.direct;
  const planVisible = r.cp_status !== null && ((r.cp_orgs ?? []).includes(org) || ((r.consent || r.emergency) && !(r.blocked ?? []).includes(r.cp_by!)));
  const dpVisible = r.dp_id !== null && (seesRecordedBy(r, org, r.dp_by) || r.dp_signed_by === org);
  return {
    id: r.id,
    personnummer: r.personnummer,
    givenName: identity ? r.given_name : null,
    familyName: identity ? r.family_name : null,
    activeEnrollment: r.start_date ? { startDate: r.start_date, namedNurse: { name: r.nurse }, primaryCareCentre: { name: r.centre } } : null,
    currentCarePlan: planVisible
      ? { status: r.cp_status, publishedVersionNumber: r.cp_version, nextFollowUpDate: r.cp_next, followUpOverdue: !!r.cp_next && r.cp_next < today }
      : null,
    activeDeteriorationPlanSummary: dpVisible ? { reviewDate: r.dp_review, dueForReview: r.dp_review !== null && r.dp_review <= today } : null,
    openTaskCount: r.open_tasks,
  };
}

export function startFloor(databaseUrl: string, port: number): Promise<http.Server> {
  const config = loadConfig({ NODE_ENV: 'development' });
  const pool = new Pool({ connectionString: databaseUrl, max: 20 });
  const key = createSecretKey(new TextEncoder().encode(config.auth.devSecret!));
  // Verified tokens remembered until they expire, as the service does (token.service.ts).
  const verified = new Map<string, { payload: JWTPayload; until: number }>();
  const verify = async (token: string): Promise<JWTPayload> => {
    const known = verified.get(token);
    if (known && Date.now() < known.until) return known.payload;
    const { payload } = await jwtVerify(token, key, { issuer: config.auth.issuer, audience: config.auth.audience, clockTolerance: 30 });
    verified.set(token, { payload, until: Math.min((payload.exp ?? 0) * 1000 + 30_000, Date.now() + 300_000) });
    return payload;
  };
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const first = Math.min(100, Number(body.variables?.first ?? 50));
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const payload = await verify(token);
      const actor = (
        await pool.query({
          name: 'floor_actor',
          text: `SELECT s.id AS staff_id, a.id AS assignment_id, o.id AS organisation_id, a.role FROM staff s JOIN assignment a ON a.staff_id = s.id JOIN organisation o ON o.id = a.organisation_id
            WHERE s.hsa_id = $1 AND o.hsa_id = $2 AND a.role::text = $3 AND a.valid_from <= now() AND (a.ended_at IS NULL OR a.ended_at > now()) LIMIT 1`,
          values: [payload.sub, payload.org, payload.role],
        })
      ).rows[0];
      if (!actor) throw new Error('unauthenticated');
      const today = stockholmDate(new Date());
      const page = (await pool.query({ name: `floor_page_${first + 1}`, text: pageSql(first + 1), values: [actor.organisation_id, actor.staff_id, today] }))
        .rows as PageRow[];
      const rows = page.slice(0, first);
      await pool.query({
        name: 'floor_audit',
        text: `INSERT INTO audit_log (request_id, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose)
         SELECT $1, $2, $3, $4, $5, $6, unnest($7::uuid[]), 'myPatients', 'care'`,
        values: [randomUUID(), actor.staff_id, payload.sub, actor.assignment_id, actor.organisation_id, actor.role, rows.map((r) => r.id)],
      });
      const cursor = (r: PageRow) => Buffer.from(JSON.stringify([r.family_name, r.given_name, r.id])).toString('base64url');
      const out = {
        data: {
          myPatients: {
            edges: rows.map((r) => ({ node: node(r, actor.organisation_id, today) })),
            pageInfo: { hasNextPage: page.length > first, endCursor: rows.length ? cursor(rows[rows.length - 1]) : null },
          },
        },
        extensions: { sqlStatements: 3 },
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    } catch (e) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: (e as Error).message }] }));
    }
  });
  server.on('close', () => void pool.end());
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

// Run as its own process by run.ts (`node dist/bench/floor.js <databaseUrl> <port>`), so that it
// does not share an event loop with the load driver.
if (require.main === module) {
  const [databaseUrl, port] = [process.argv[2], Number(process.argv[3])];
  startFloor(databaseUrl, port).then((server) => {
    process.send?.('ready');
    process.on('SIGTERM', () => server.close(() => process.exit(0)));
  });
}
