import { Injectable } from '@nestjs/common';
import { UUID_PATTERN } from '../common/validators';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canSeeRecordedBy } from '../access/patient-grant';
import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship.sources';
import { prepared, rawEntity, RawEntity, runPrepared } from '../database/raw';
import { PatientAccessService } from '../access/patient-access.service';
import { AuditService } from '../audit/audit.service';
import { AuditOutcome } from '../audit/audit-log.entity';
import { Actor } from '../auth/actor';
import { badInput, conflict, preconditionFailed } from '../common/errors';
import { ConnectionShape, decodeCursor, encodeCursor, MAX_PAGE_SIZE } from '../common/pagination';
import { parsePersonnummer } from '../common/personnummer';
import { CareTeamMember } from './care-team-member.entity';
import { CaseloadEnrollmentFilter, MyPatientsArgs, RegisterPatientInput, UpdatePatientInput } from './dto/patient.input';
import { Patient } from './patient.entity';
import { PatientView } from './patient.types';
import { listRead } from '../access/list-read';
import { RequestLoaders } from '../common/loaders';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { EnrollmentRows } from './enrollment.rows';
import { PatientLoaders } from './patients.loader';
import { PATIENT_GLANCE_COLUMNS } from './patient-glance.sources';


@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    patientLoaders: PatientLoaders,
  ) {
    this.patientColumns = rawEntity(ds, Patient);
    this.enrollmentRows = patientLoaders.rows;
  }

  private readonly patientColumns: RawEntity<Patient>;
  private readonly enrollmentRows: EnrollmentRows;

  async get(actor: Actor, patientId: string): Promise<PatientView> {
    return this.access.withPatient(actor, patientId, { operation: 'patient', readOnly: true }, async ({ manager, grant }) => {
      const p = await manager.getRepository(Patient).findOneByOrFail({ id: patientId });
      return new PatientView(p, grant);
    });
  }

  /**
   * Exact personnummer only: no browsing the population. Hits and misses are logged; a patient the
   * actor may not see is answered exactly like one that does not exist (null).
   */
  async findByPersonnummer(actor: Actor, personnummer: string): Promise<PatientView | null> {
    const op = { operation: 'findPatient', details: { search: 'personnummer' } };
    return this.ds.transaction(async (m) => {
      const found = await m.getRepository(Patient).findOneBy({ personnummer });
      if (!found) {
        await this.audit.record(actor, [{ ...op, patientId: null, details: { search: 'personnummer', found: false } }], m);
        return null;
      }
      const allowed = await this.access.allowedForList(actor, [found.id], op, m);
      const grant = allowed.get(found.id);
      if (!grant) {
        await this.audit.record(actor, [{ ...op, patientId: found.id, outcome: AuditOutcome.REFUSED, details: { search: 'personnummer', reason: 'no-care-relationship' } }], m);
        return null;
      }
      return new PatientView(found, grant);
    });
  }

  async register(actor: Actor, input: RegisterPatientInput): Promise<PatientView> {
    const parsed = parsePersonnummer(input.personnummer)!;
    const created = await this.ds.transaction(async (m) => {
      // Serialise registrations of the same number so the uniqueness answer is clean.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [parsed.normalised]);
      if (await m.getRepository(Patient).existsBy({ personnummer: parsed.normalised })) return null;
      const p = await m.getRepository(Patient).save(
        m.getRepository(Patient).create({
          personnummer: parsed.normalised,
          coordinationNumber: parsed.coordinationNumber,
          birthDate: parsed.birthDate,
          givenName: input.givenName,
          familyName: input.familyName,
          address: input.address ?? null,
          phone: input.phone ?? null,
          protectedIdentity: input.protectedIdentity,
          nextOfKin: input.nextOfKin.map((k) => ({ name: k.name, relation: k.relation, phone: k.phone ?? null, isRepresentative: k.isRepresentative })),
          whatMattersToMe: input.whatMattersToMe ?? null,
          whatMattersToMeRecordedBy: input.whatMattersToMe ? actor.organisationId : null,
          registeredByOrganisationId: actor.organisationId,
          registeredByStaffId: actor.staffId,
        }),
      );
      await m.getRepository(CareTeamMember).insert({
        patientId: p.id,
        organisationId: actor.organisationId,
        reason: 'Registered the patient',
        addedByStaffId: actor.staffId,
        addedByOrganisationId: actor.organisationId,
      });
      await this.audit.record(actor, [{ operation: 'registerPatient', patientId: p.id }], m);
      return p;
    });
    if (!created) {
      await this.audit.record(actor, [{ operation: 'registerPatient', outcome: AuditOutcome.REFUSED, details: { reason: 'already-registered' } }]);
      throw conflict('A patient with this personnummer is already registered. Find them with findPatient; if your organisation has no care relationship yet, ask one in the care team to add yours.', {
        field: 'input.personnummer',
      });
    }
    return this.get(actor, created.id);
  }

  async update(actor: Actor, input: UpdatePatientInput): Promise<PatientView> {
    return this.access.withPatient(actor, input.patientId, { operation: 'updatePatient' }, async ({ manager, grant }) => {
      const p = await manager.getRepository(Patient).findOne({ where: { id: input.patientId }, lock: { mode: 'pessimistic_write' } });
      if (!p) throw preconditionFailed('Patient vanished');
      if (p.version !== input.expectedVersion) {
        throw conflict(`The patient was changed by someone else (version ${p.version}, you had ${input.expectedVersion}); reload and try again`, { currentVersion: p.version });
      }
      if (!grant.direct && !grant.emergency) throw preconditionFailed('Only an organisation caring for the patient directly may change their details');
      if (input.whatMattersToMe !== undefined && !canSeeRecordedBy(grant, p.whatMattersToMeRecordedBy)) {
        throw preconditionFailed('You cannot replace "what matters to me" that you are not allowed to see');
      }
      if (input.givenName !== undefined) p.givenName = input.givenName;
      if (input.familyName !== undefined) p.familyName = input.familyName;
      if (input.address !== undefined) p.address = input.address || null;
      if (input.phone !== undefined) p.phone = input.phone || null;
      if (input.protectedIdentity !== undefined && input.protectedIdentity !== null) p.protectedIdentity = input.protectedIdentity;
      if (input.nextOfKin !== undefined && input.nextOfKin !== null) {
        p.nextOfKin = input.nextOfKin.map((k) => ({ name: k.name, relation: k.relation, phone: k.phone ?? null, isRepresentative: k.isRepresentative }));
      }
      if (input.whatMattersToMe !== undefined) {
        p.whatMattersToMe = input.whatMattersToMe || null;
        p.whatMattersToMeRecordedBy = input.whatMattersToMe ? actor.organisationId : null;
      }
      const saved = await manager.getRepository(Patient).save(p);
      return new PatientView(saved, { ...grant, protectedIdentity: saved.protectedIdentity });
    });
  }

  /**
   * The caseload: patients the actor's organisation has a care relationship with, by name.
   * Fixed SQL cost: the page (patient rows included), the grants, one audit insert; relations come
   * through DataLoaders. The page walks the organisation's materialised relationships in name
   * order (one index range), so its cost does not grow with the caseload or the region.
   */
  async caseload(actor: Actor, args: MyPatientsArgs, loaders: RequestLoaders, shows: { glance: boolean; activeEnrollment: boolean }): Promise<ConnectionShape<PatientView>> {
    const first = args.first ?? 20;
    return listRead(this.ds, async (m) => {
      // The page size is part of the text (validated: 1 to MAX_PAGE_SIZE), not a parameter: with a
      // known LIMIT, PostgreSQL keeps one generic plan for the statement instead of planning it for
      // every request (planning cost more than running it).
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput('first', `must be 1 to ${MAX_PAGE_SIZE}`);
      const params: unknown[] = [actor.organisationId];
      const where = ['rel.organisation_id = $1'];
      const active = `EXISTS (SELECT 1 FROM home_healthcare_enrollment e WHERE e.patient_id = rel.patient_id AND e.status = 'ACTIVE'`;
      if (args.enrollment === CaseloadEnrollmentFilter.ENROLLED) where.push(`${active})`);
      if (args.enrollment === CaseloadEnrollmentFilter.NOT_ENROLLED) where.push(`NOT ${active})`);
      if (args.namedNurseIsMe) where.push(`${active} AND e.named_nurse_id = $${params.push(actor.staffId)})`);
      if (args.after) {
        const [family, given, id] = decodeCursor(args.after, 3);
        if (typeof family !== 'string' || typeof given !== 'string' || typeof id !== 'string' || !UUID_PATTERN.test(id)) throw badInput('after', 'is not a cursor returned by this list');
        const [a, b, c] = [params.push(family), params.push(given), params.push(id)];
        where.push(`(rel.family_name, rel.given_name, rel.patient_id) > ($${a}::varchar, $${b}::varchar, $${c}::uuid)`);
      }
      // When the list shows them, the page brings its rows' glance (SIP, plan, open tasks) and active
      // enrollment (with its people and units) along and primes their loaders: two statements fewer,
      // and the rows' fields resolve without waiting. Evaluated after the sort and limit.
      const glanceColumns = shows.glance ? PATIENT_GLANCE_COLUMNS.map((c) => `, ${c.sql} AS "glance_${c.key}"`).join('') : '';
      const enrollment = shows.activeEnrollment ? this.enrollmentRows : null;
      const raw = await runPrepared(
        m,
        prepared(
          `SELECT ${this.patientColumns.select('p')}${glanceColumns}${enrollment ? `, ${enrollment.columns}` : ''}
             FROM (SELECT rel.patient_id, rel.family_name, rel.given_name
                     FROM ${CARE_RELATIONSHIP_TABLE} rel
                    WHERE ${where.join(' AND ')}
                    ORDER BY rel.family_name, rel.given_name, rel.patient_id
                    LIMIT ${first + 1}) pg
             JOIN patient p ON p.id = pg.patient_id
             ${enrollment ? enrollment.joinActive('p.id') : ''}
            ORDER BY pg.family_name, pg.given_name, pg.patient_id`,
        ),
        params,
      );
      const rows = raw.map((r) => this.patientColumns.read(r)!);
      const patientLoaders = loaders.get(PatientLoaders);
      if (shows.glance) {
        rows.forEach((p, i) => patientLoaders.glance.prime(p.id, Object.fromEntries(PATIENT_GLANCE_COLUMNS.map((c) => [c.key, raw[i][`glance_${c.key}`] ?? null]))));
      }
      if (enrollment) {
        const org = loaders.get(OrganisationLoaders);
        rows.forEach((p, i) => patientLoaders.activeEnrollment.prime(p.id, enrollment.read(raw[i], org)));
      }
      const byId = new Map(rows.map((p) => [p.id, p]));
      const ids = rows.map((p) => p.id);
      const page = ids.slice(0, first);
      const grants = await this.access.allowedForList(actor, page, { operation: 'myPatients' }, m);
      const views = page.filter((id) => grants.has(id)).map((id) => new PatientView(byId.get(id)!, grants.get(id)!));
      const cursor = (v: PatientView) => encodeCursor([v.entity.familyName, v.entity.givenName, v.entity.id]);
      return {
        edges: views.map((node) => ({ node, cursor: cursor(node) })),
        pageInfo: { hasNextPage: ids.length > first, endCursor: views.length ? cursor(views[views.length - 1]) : null },
      };
    });
  }
}
