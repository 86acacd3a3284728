import http from 'node:http';
import { jwtVerify } from 'jose';
import { Pool } from 'pg';
import { CARE_RELATIONSHIPS_SQL } from '../src/access/care-relationship.sources';

/**
 * The floor: the caseload answered by hand-written SQL through `pg`, with the same token check,
 * the same page, the same audit rows and the same JSON as the service. What the data costs without
 * NestJS, Apollo, TypeORM or DataLoader. Three statements per request.
 */
export function startFloor(databaseUrl: string, secret: string, issuer: string, audience: string, port: number): Promise<http.Server> {
  const pool = new Pool({ connectionString: databaseUrl, max: 20 });
  const key = new TextEncoder().encode(secret);
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const first = Math.min(100, Number(body.variables?.first ?? 50));
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const { payload } = await jwtVerify(token, key, { issuer, audience });
      const actor = (
        await pool.query(
          `SELECT s.id AS staff_id, a.id AS assignment_id, o.id AS organisation_id FROM staff s JOIN assignment a ON a.staff_id = s.id JOIN organisation o ON o.id = a.organisation_id
            WHERE s.hsa_id = $1 AND o.hsa_id = $2 AND a.role::text = $3 AND a.ended_at IS NULL`,
          [payload.sub, payload.org, payload.role],
        )
      ).rows[0];
      if (!actor) throw new Error('unauthenticated');
      const page = await pool.query(
        `WITH rel AS (${CARE_RELATIONSHIPS_SQL})
         SELECT p.id, p.personnummer, p.given_name, p.family_name, e.start_date, n.name AS nurse, vc.name AS centre
           FROM patient p
           LEFT JOIN home_healthcare_enrollment e ON e.patient_id = p.id AND e.status = 'ACTIVE'
           LEFT JOIN staff n ON n.id = e.named_nurse_id
           LEFT JOIN organisation vc ON vc.id = e.primary_care_id
          WHERE p.id IN (SELECT patient_id FROM rel WHERE organisation_id = $1)
          ORDER BY p.family_name, p.given_name, p.id LIMIT $2`,
        [actor.organisation_id, first + 1],
      );
      const rows = page.rows.slice(0, first);
      await pool.query(
        `INSERT INTO audit_log (staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose)
         SELECT $1, $2, $3, $4, 'NURSE', unnest($5::uuid[]), 'myPatients', 'care'`,
        [actor.staff_id, payload.sub, actor.assignment_id, actor.organisation_id, rows.map((r) => r.id)],
      );
      const cursor = (r: { family_name: string; given_name: string; id: string }) => Buffer.from(JSON.stringify([r.family_name, r.given_name, r.id])).toString('base64url');
      const out = {
        data: {
          myPatients: {
            edges: rows.map((r) => ({
              node: {
                id: r.id,
                personnummer: r.personnummer,
                givenName: r.given_name,
                familyName: r.family_name,
                activeEnrollment: r.start_date ? { startDate: r.start_date, namedNurse: { name: r.nurse }, primaryCareCentre: { name: r.centre } } : null,
              },
            })),
            pageInfo: { hasNextPage: page.rows.length > first, endCursor: rows.length ? cursor(rows[rows.length - 1]) : null },
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
