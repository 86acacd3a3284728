import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canSeeRecordedBy } from '../access/patient-grant';
import { CareRelationshipRow } from '../access/care-relationship.entity';
import { PatientAccessService } from '../access/patient-access.service';
import { AuditService } from '../audit/audit.service';
import { AuditOutcome } from '../audit/audit-log.entity';
import { Actor } from '../auth/actor';
import { conflict, preconditionFailed } from '../common/errors';
import { ConnectionShape, decodeCursor, encodeCursor } from '../common/pagination';
import { parsePersonnummer } from '../common/personnummer';
import { CareTeamMember } from './care-team-member.entity';
import { CaseloadEnrollmentFilter, MyPatientsArgs, RegisterPatientInput, UpdatePatientInput } from './dto/patient.input';
import { Patient } from './patient.entity';
import { PatientView } from './patient.types';
import { listRead } from '../access/list-read';
import DataLoader from 'dataloader';
import { PATIENT_GLANCE_COLUMNS } from './patient-glance.sources';

@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
  ) {}

  async get(actor: Actor, patientId: string): Promise<PatientView> {
    return this.access.withPatient(actor, patientId, { operation: 'patient' }, async ({ manager, grant }) => {
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
  async caseload(actor: Actor, args: MyPatientsArgs, glance?: DataLoader<string, Record<string, unknown>>): Promise<ConnectionShape<PatientView>> {
    const first = args.first ?? 20;
    return listRead(this.ds, async (m) => {
      const qb = m
        .getRepository(Patient)
        .createQueryBuilder('p')
        .innerJoin(CareRelationshipRow, 'rel', 'rel.patientId = p.id')
        .where('rel.organisationId = :org', { org: actor.organisationId });
      const active = `EXISTS (SELECT 1 FROM home_healthcare_enrollment e WHERE e.patient_id = p.id AND e.status = 'ACTIVE'`;
      if (args.enrollment === CaseloadEnrollmentFilter.ENROLLED) qb.andWhere(`${active})`);
      if (args.enrollment === CaseloadEnrollmentFilter.NOT_ENROLLED) qb.andWhere(`NOT ${active})`);
      if (args.namedNurseIsMe) qb.andWhere(`${active} AND e.named_nurse_id = :me)`, { me: actor.staffId });
      if (args.after) {
        const [family, given, id] = decodeCursor(args.after, 3);
        qb.andWhere(`(rel.family_name, rel.given_name, rel.patient_id) > (:family, :given, CAST(:id AS uuid))`, { family, given, id });
      }
      qb.orderBy('rel.familyName').addOrderBy('rel.givenName').addOrderBy('rel.patientId').limit(first + 1);
      // When the list shows them, the page brings its rows' glance (SIP, plan, open tasks) along and
      // primes the glance loader: one statement fewer. Evaluated after the sort and limit.
      if (glance) for (const c of PATIENT_GLANCE_COLUMNS) qb.addSelect(c.sql, `glance_${c.key}`);
      const { entities: rows, raw } = glance ? await qb.getRawAndEntities() : { entities: await qb.getMany(), raw: [] };
      if (glance) {
        rows.forEach((p, i) => glance.prime(p.id, Object.fromEntries(PATIENT_GLANCE_COLUMNS.map((c) => [c.key, raw[i]?.[`glance_${c.key}`] ?? null]))));
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
