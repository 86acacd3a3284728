import { Injectable } from '@nestjs/common';
import { canSeeRecordedBy } from '../access/patient-grant';
import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship';
import { PatientGate } from '../access/patient-gate';
import { prepared, rawEntity, RawEntity } from '../database/raw';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { AppError, badInput, conflict, ErrorCode, forbidden, preconditionFailed } from '../common/errors';
import { ConnectionShape, keyset, MAX_PAGE_SIZE } from '../common/pagination';
import { parsePersonnummer } from '../common/personnummer';
import { OrganisationKind } from '../common/organisation-kind';
import { CaseloadEnrollmentFilter, MyPatientsArgs, RegisterPatientInput, UpdatePatientInput } from './dto/patient.input';
import { Patient } from './patient.entity';
import { PatientRegistrationType, PatientView } from './patient.types';
import { PatientRegistration, REGISTRATION_HOURS, RegistrationPurpose } from './patient-registration.entity';
import { RequestLoaders } from '../common/loaders';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { EnrollmentRows } from './enrollment.rows';
import { PatientLoaders } from './patients.loader';
import { PatientGlance } from './patient-glance';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';

/**
 * The caseload's order: by name, over the organisation's materialised relationships (`rel`), whose
 * names the triggers keep equal to the patient's. The page is read in this order twice (the inner
 * select and the outer one, `pg`); the condition and the cursor are the inner one's.
 */
const CASELOAD_PAGES = keyset<Patient>([
  { sql: 'rel.family_name', type: 'varchar', of: (p) => p.familyName },
  { sql: 'rel.given_name', type: 'varchar', of: (p) => p.givenName },
  { sql: 'rel.patient_id', type: 'uuid', of: (p) => p.id },
]);

/** Which kind of unit registers for which process. */
const REGISTRANTS: Record<RegistrationPurpose, OrganisationKind> = {
  [RegistrationPurpose.ENROLLMENT]: OrganisationKind.MUNICIPALITY,
  [RegistrationPurpose.HOSPITAL_STAY]: OrganisationKind.HOSPITAL,
};

@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    patientLoaders: PatientLoaders,
    private readonly glance: PatientGlance,
  ) {
    this.patientColumns = rawEntity(ds, Patient);
    this.enrollmentRows = patientLoaders.rows;
  }

  private readonly patientColumns: RawEntity<Patient>;
  private readonly enrollmentRows: EnrollmentRows;

  async get(actor: Actor, patientId: string): Promise<PatientView> {
    return this.gate.patient(actor, patientId, { operation: 'patient', readOnly: true }, async ({ tx, grant }) => {
      const p = await tx.self(Patient).findOneByOrFail({});
      return new PatientView(p, grant);
    });
  }

  /**
   * Exact personnummer only: no browsing the population. Hits and misses are logged; a patient the
   * actor may not see is answered exactly like one that does not exist (null).
   */
  async findByPersonnummer(actor: Actor, personnummer: string): Promise<PatientView | null> {
    try {
      return await this.gate.personnummer(actor, personnummer, { operation: 'findPatient', details: { search: 'personnummer' } }, async ({ tx, grant }) => {
        return new PatientView(await tx.self(Patient).findOneByOrFail({}), grant);
      });
    } catch (e) {
      if (e instanceof AppError && e.code === ErrorCode.NOT_FOUND) return null;
      throw e;
    }
  }

  /**
   * Registers a person for the process that will give the unit its care relationship. A new
   * personnummer is stored with the details given; a known one keeps its record untouched. The
   * answer is the patient's id either way, so a registration tells no one whether the person was
   * in the service, and it opens nothing: the unit sees the patient once the enrollment or the
   * discharge process has started.
   */
  async register(actor: Actor, input: RegisterPatientInput): Promise<PatientRegistrationType> {
    if (REGISTRANTS[input.purpose] !== actor.organisationKind) {
      throw forbidden(
        input.purpose === RegistrationPurpose.ENROLLMENT
          ? 'Only a municipality’s home healthcare registers a person for enrollment'
          : 'Only a hospital ward registers a person for a hospital stay',
      );
    }
    const parsed = parsePersonnummer(input.personnummer)!;
    const now = this.clock.now();
    const validUntil = new Date(now.getTime() + REGISTRATION_HOURS * 3_600_000);
    const patientId = await this.gate.register(
      actor,
      parsed.normalised,
      { operation: 'registerPatient', details: { purpose: input.purpose } },
      async (tx) => {
        await tx.self(Patient).insert({
          id: tx.patientId,
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
        });
      },
      async (tx) => {
        await tx.repo(PatientRegistration).insert({
          organisationId: actor.organisationId,
          staffId: actor.staffId,
          purpose: input.purpose,
          registeredAt: now,
          expiresAt: validUntil,
          usedAt: null,
        });
      },
    );
    return { patientId, purpose: input.purpose, validUntil };
  }

  async update(actor: Actor, input: UpdatePatientInput): Promise<PatientView> {
    return this.gate.patient(actor, input.patientId, { operation: 'updatePatient' }, async ({ tx, grant }) => {
      const p = await tx.self(Patient).findOne({ where: {}, lock: { mode: 'pessimistic_write' } });
      if (!p) throw conflict('The patient record changed at the same moment; reload and try again');
      if (p.version !== input.expectedVersion) {
        throw conflict(`The patient was changed by someone else (version ${p.version}, you had ${input.expectedVersion}); reload and try again`, {
          currentVersion: p.version,
        });
      }
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
      const saved = await tx.self(Patient).save(p);
      return new PatientView(saved, { ...grant, protectedIdentity: saved.protectedIdentity });
    });
  }

  /**
   * The caseload: patients the actor's organisation has a care relationship with, by name.
   * Fixed SQL cost: the page (patient rows included), and the grants with their audit rows in one
   * statement; relations come through DataLoaders. The page walks the organisation's materialised
   * relationships in name order (one index range), so its cost does not grow with the caseload or
   * the region: the list decides in its own query, and the gate confirms every row.
   */
  private glanceOfPages?: { sql: string; keys: ReadonlyArray<readonly [string, string]> };

  /**
   * The glance as columns of the caseload's page, made once: the select list, and each glance key
   * with its column in the row (the names, built per row and column, showed in the caseload's CPU profile).
   */
  private pageGlance(): { sql: string; keys: ReadonlyArray<readonly [string, string]> } {
    return (this.glanceOfPages ??= {
      sql: this.glance.columns.map((c) => `, ${c.sql} AS "glance_${c.key}"`).join(''),
      keys: this.glance.columns.map((c) => [c.key, `glance_${c.key}`] as const),
    });
  }

  async caseload(
    actor: Actor,
    args: MyPatientsArgs,
    loaders: RequestLoaders,
    shows: { glance: boolean; activeEnrollment: boolean },
  ): Promise<ConnectionShape<PatientView>> {
    const first = args.first ?? 20;
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
    const after = CASELOAD_PAGES.where(args.after, params);
    if (after) where.push(after);
    // When the list shows them, the page brings its rows' glance (SIP, plan, open tasks) and active
    // enrollment (with its people and units) along and primes their loaders: two statements fewer,
    // and the rows' fields resolve without waiting. Evaluated after the sort and limit.
    const glanceColumns = shows.glance ? this.pageGlance().sql : '';
    const enrollment = shows.activeEnrollment ? this.enrollmentRows : null;
    let more = false;
    const { read, allowed } = await this.gate.list(
      actor,
      { operation: 'myPatients' },
      async (q) => {
        const raw = await q.prepared(
          prepared(
            `SELECT ${this.patientColumns.select('p')}${glanceColumns}${enrollment ? `, ${enrollment.columns}` : ''}
               FROM (SELECT rel.patient_id, rel.family_name, rel.given_name
                       FROM ${CARE_RELATIONSHIP_TABLE} rel
                      WHERE ${where.join(' AND ')}
                      ORDER BY ${CASELOAD_PAGES.orderBy}
                      LIMIT ${first + 1}) pg
               JOIN patient p ON p.id = pg.patient_id
               ${enrollment ? enrollment.joinActive('p.id') : ''}
              ORDER BY pg.family_name, pg.given_name, pg.patient_id`,
          ),
          params,
        );
        more = raw.length > first;
        const rows = raw.slice(0, first).map((r) => ({ raw: r, patient: this.patientColumns.read(r)! }));
        const patientLoaders = loaders.get(PatientLoaders);
        if (shows.glance) {
          const { keys } = this.pageGlance();
          for (const { raw: r, patient } of rows) {
            const glance: Record<string, unknown> = {};
            for (const [key, alias] of keys) glance[key] = r[alias] ?? null;
            patientLoaders.glance.prime(patient.id, glance);
          }
        }
        if (enrollment) {
          const org = loaders.get(OrganisationLoaders);
          for (const { raw: r, patient } of rows) patientLoaders.activeEnrollment.prime(patient.id, enrollment.read(r, org));
        }
        return rows.map((r) => r.patient);
      },
      (p) => p.id,
    );
    return CASELOAD_PAGES.pageOf(
      read,
      more,
      allowed.map(({ row, grant }) => ({ row, node: new PatientView(row, grant) })),
    );
  }
}
