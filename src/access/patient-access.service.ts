import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditOutcome } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { AppError, ErrorCode, notFound } from '../common/errors';
import { CARE_RELATIONSHIP_TABLE } from './care-relationship.sources';
import { prepared, runPrepared } from '../database/raw';
import { isAllowed, isEmergencyOnly, PatientGrant } from './patient-grant';

export interface PatientOperation {
  /** The GraphQL operation (or a finer name) as written to the log. */
  operation: string;
  purpose?: string;
  details?: Record<string, unknown>;
  /**
   * A read that only SELECTs after the grant and never throws once access is granted (a missing
   * record is null, not an error): it runs without a transaction of its own, like a list read,
   * since the decision and its audit row are one statement. Saves the BEGIN and COMMIT round trips
   * on the busiest single reads (the patient, the 3 a.m. plan).
   */
  readOnly?: boolean;
}

/** What a service gets inside a checked, audited patient access: the transaction and the grant. */
export interface PatientScope {
  manager: EntityManager;
  grant: PatientGrant;
  actor: Actor;
  /**
   * Call before throwing when the refusal is about access (e.g. a record the actor may not see):
   * the attempt is then logged REFUSED with this reason instead of FAILED.
   */
  refuse(reason: string): void;
}

/**
 * The grant inputs of patients `$1` for organisation `$2`, staff member `$3` at instant `$4` on
 * Stockholm day `$5`. This organisation's relationships with these patients are primary-key
 * lookups in the materialised relationships, whatever the region's size.
 */
const DECIDED = `WITH ids AS (SELECT unnest($1::uuid[]) AS patient_id),
       mine AS (
         SELECT r.patient_id, r.kinds, r.direct
           FROM ${CARE_RELATIONSHIP_TABLE} r
          WHERE r.organisation_id = $2 AND r.patient_id = ANY ($1::uuid[])),
       decided AS (
  SELECT i.patient_id,
         p.id IS NOT NULL AS exists,
         p.protected_identity,
         m.kinds,
         coalesce(m.direct, false) AS direct,
         EXISTS (SELECT 1 FROM emergency_access e
                  WHERE e.patient_id = i.patient_id AND e.staff_id = $3 AND e.organisation_id = $2
                    AND e.opened_at <= $4 AND e.expires_at > $4) AS emergency,
         EXISTS (SELECT 1 FROM consent c
                  WHERE c.patient_id = i.patient_id AND c.kind = 'INFORMATION_SHARING' AND c.revoked_at IS NULL
                    AND c.valid_from <= $5::date AND (c.valid_until IS NULL OR c.valid_until >= $5::date)
                    AND ($2 = ANY (c.organisation_ids) OR (c.scope = 'CARE_TEAM' AND m.patient_id IS NOT NULL))) AS consent,
         (SELECT array_agg(b.organisation_id) FROM information_block b
           WHERE b.patient_id = i.patient_id AND b.lifted_at IS NULL AND b.organisation_id <> $2
             AND NOT EXISTS (SELECT 1 FROM block_opening o
                              WHERE o.patient_id = b.patient_id AND o.staff_id = $3 AND o.organisation_id = $2
                                AND o.confirmed_at IS NOT NULL AND o.expires_at > $4)) AS blocked
    FROM ids i
    LEFT JOIN patient p ON p.id = i.patient_id
    LEFT JOIN mine m ON m.patient_id = i.patient_id)`;

const DECIDE_SQL = prepared(`${DECIDED}
  SELECT * FROM decided`);

/**
 * The same, writing one ALLOWED audit row per allowed patient (as AuditService.record writes them,
 * see entry(): access by emergency alone is flagged and its purpose says so). `$6` request id,
 * `$7` staff HSA-id, `$8` assignment, `$9` role, `$10` operation, `$11` purpose, `$12` details.
 */
const DECIDE_AND_LOG_SQL = prepared(`${DECIDED},
       logged AS (
  INSERT INTO audit_log (request_id, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose, emergency, outcome, details)
  SELECT $6, $3, $7, $8, $2, $9, g.patient_id, $10,
         CASE WHEN g.emergency AND g.kinds IS NULL THEN 'emergency access' ELSE $11 END,
         g.emergency AND g.kinds IS NULL, 'ALLOWED', $12::jsonb
    FROM decided g WHERE g.exists AND (g.kinds IS NOT NULL OR g.emergency))
  SELECT * FROM decided`);

interface GrantRow {
  patient_id: string;
  exists: boolean;
  kinds: string[] | null;
  direct: boolean;
  emergency: boolean;
  consent: boolean;
  blocked: string[] | null;
  protected_identity: boolean | null;
}

/**
 * The one place that decides whether a staff member may touch a patient's data, and that writes
 * the audit row for it in the same transaction. Refusals look like "not found" to the caller and
 * are logged too. Grants for many patients are decided in one query.
 */
@Injectable()
export class PatientAccessService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Set-based: one SQL statement for any number of patients. */
  async grants(actor: Actor, patientIds: readonly string[], m: EntityManager = this.ds.manager): Promise<Map<string, PatientGrant>> {
    return this.decide(actor, patientIds, null, m);
  }

  /**
   * The grants, and with `audit` one ALLOWED audit row per allowed patient written by the same
   * statement (the decision and its log entry cannot part), so an audited access costs one round
   * trip to the database whatever the number of patients.
   */
  private async decide(actor: Actor, patientIds: readonly string[], audit: PatientOperation | null, m: EntityManager): Promise<Map<string, PatientGrant>> {
    const ids = [...new Set(patientIds)];
    if (ids.length === 0) return new Map();
    const now = this.clock.now();
    const params: unknown[] = [ids, actor.organisationId, actor.staffId, now, this.clock.today()];
    if (audit) {
      params.push(actor.requestId, actor.staffHsaId, actor.assignmentId, actor.role, audit.operation, audit.purpose ?? 'care', audit.details ? JSON.stringify(audit.details) : null);
    }
    const rows = await runPrepared<GrantRow>(m, audit ? DECIDE_AND_LOG_SQL : DECIDE_SQL, params);
    return new Map(
      rows.map((r) => [
        r.patient_id,
        {
          patientId: r.patient_id,
          exists: r.exists,
          relationships: r.kinds ?? [],
          direct: r.direct,
          emergency: r.emergency,
          consent: r.consent,
          blockedOrganisationIds: r.blocked ?? [],
          protectedIdentity: r.protected_identity ?? false,
          actorOrganisationId: actor.organisationId,
        },
      ]),
    );
  }

  /**
   * Run `fn` inside a transaction after checking access to one patient, with the audit row written
   * in the same transaction. No access: a REFUSED row is logged and NOT_FOUND thrown, exactly as for
   * a patient that does not exist.
   */
  async withPatient<T>(actor: Actor, patientId: string, op: PatientOperation, fn: (scope: PatientScope) => Promise<T>): Promise<T> {
    let refused: PatientGrant | null = null;
    let granted: PatientGrant | null = null;
    let refusedReason: string | null = null;
    const inside = async (manager: EntityManager) => {
      // The ALLOWED audit row is written by the same statement when access is granted.
      const grant = (await this.decide(actor, [patientId], op, manager)).get(patientId)!;
      if (!isAllowed(grant)) {
        refused = grant;
        throw notFound('Patient');
      }
      granted = grant;
      return fn({ manager, grant, actor, refuse: (reason) => (refusedReason = reason) });
    };
    try {
      return await (op.readOnly ? inside(this.ds.manager) : this.ds.transaction(inside));
    } catch (e) {
      if (refused) {
        await this.logRefusal(actor, op, patientId, refused);
      } else if (granted && e instanceof AppError) {
        // Access was granted but the operation was turned down inside; the ALLOWED row went with
        // the rolled-back transaction, so the attempt is logged on its own.
        // FORBIDDEN / NOT_FOUND inside (a record the actor may not see or touch) is a refusal;
        // CONFLICT, PRECONDITION_FAILED, BAD_USER_INPUT are failed attempts.
        const refusal = refusedReason !== null || e.code === ErrorCode.FORBIDDEN || e.code === ErrorCode.NOT_FOUND;
        await this.audit.record(actor, [
          {
            ...this.entry(op, granted),
            outcome: refusal ? AuditOutcome.REFUSED : AuditOutcome.FAILED,
            details: { ...op.details, reason: refusedReason ?? e.code.toLowerCase() },
          },
        ]);
      }
      throw e;
    }
  }

  /**
   * For lists and searches: grants for the patients about to be returned, one ALLOWED audit row
   * per patient (one INSERT), within the caller's transaction. Patients not allowed are dropped.
   */
  async allowedForList(actor: Actor, patientIds: readonly string[], op: PatientOperation, manager: EntityManager): Promise<Map<string, PatientGrant>> {
    const grants = await this.decide(actor, patientIds, op, manager);
    return new Map([...grants].filter(([, g]) => isAllowed(g)));
  }

  /**
   * The patient a record belongs to, for operations addressed by record id. Says nothing about
   * access: callers go on through withPatient, which refuses (as not found) when access is lacking.
   */
  async lookupPatientOf(table: string, id: string): Promise<string | null> {
    if (!/^[a-z_]+$/.test(table)) throw new Error('bad table name');
    const rows: Array<{ patient_id: string }> = await this.ds.query(`SELECT patient_id FROM ${table} WHERE id = $1`, [id]);
    return rows[0]?.patient_id ?? null;
  }

  /** Logs a refused attempt on its own (the refused transaction was rolled back). */
  async logRefusal(actor: Actor, op: PatientOperation, patientId: string | null, grant?: PatientGrant | null): Promise<void> {
    await this.audit.record(actor, [
      {
        operation: op.operation,
        patientId: grant?.exists === false ? null : patientId,
        purpose: op.purpose ?? 'care',
        outcome: AuditOutcome.REFUSED,
        details: { ...op.details, reason: grant?.exists === false ? 'no-such-patient' : 'no-care-relationship' },
      },
    ]);
  }

  private entry(op: PatientOperation, grant: PatientGrant) {
    const emergency = isEmergencyOnly(grant);
    return {
      operation: op.operation,
      patientId: grant.patientId,
      purpose: emergency ? 'emergency access' : (op.purpose ?? 'care'),
      emergency,
      details: op.details,
    };
  }
}
