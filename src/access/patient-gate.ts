import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, FindManyOptions, In, ObjectLiteral } from 'typeorm';
import { AuditOutcome } from '../audit/audit-log.entity';
import { EmergencyAccess, EmergencyAccessKind } from './access.entities';
import { auditInsertSelect, AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { mapDatabaseError } from '../database/database-errors';
import { AppError, ErrorCode, forbidden, notFound } from '../common/errors';
import { prepared, PreparedStatement, runPrepared } from '../database/raw';
import { ReadDatabase } from '../database/read-database';
import { ACCESS_REGISTRY, AccessRegistry } from './access-registry';
import { CARE_RELATIONSHIP_TABLE } from './care-relationship';
import { emergencyWidens, isAllowed, PatientGrant, withoutEmergency } from './patient-grant';
import { DataCatalogue, PatientTx, UnboundAccessError } from './patient-tx';
import { Reach } from './policy';
import { RecordKind } from './record-kind';

/** One call through the gate: the operation as written to the log, and how it reaches. */
export interface GateOperation {
  /** The GraphQL operation (or a finer name, e.g. 'roundAgenda') as written to the log. */
  operation: string;
  purpose?: string;
  /** Ids and codes for the log (never names or free text). */
  details?: Record<string, unknown>;
  /** The reach, when the operation is not a root field declared in a policy. */
  reach?: Reach;
  /**
   * A read that only SELECTs after the grant and never throws once access is granted: it runs
   * without a transaction of its own (the decision and its audit row are one statement).
   */
  readOnly?: boolean;
  /** The operation is itself an emergency access (nödåtkomst): its rows are flagged emergency. */
  emergency?: boolean;
  /**
   * The reason the caller stated, for an urgent read (reach `urgent`): kept with the record of the
   * access for the review (emergency_access.reason), never in the log row.
   */
  statedReason?: string;
}

/** What a capability gets inside a granted scope. */
export interface PatientScope {
  actor: Actor;
  /** The decision; for changes, without emergency access (it never writes). */
  grant: PatientGrant;
  /** Finders bound to this patient, in the gate's transaction. */
  tx: PatientTx;
  /** Call before throwing a refusal about access (a record the actor may not see or touch): logged REFUSED with this reason, not FAILED. */
  refuse(reason: string): void;
  /** The uniform "absent" answer of this operation, logged REFUSED with the reason. */
  absent(reason: string): AppError;
  /** The decision again, inside the transaction (e.g. after an operation that established a relationship); not logged again. */
  decideAgain(): Promise<PatientGrant>;
  /** Ids (never names or free text) to add to the log row of an operation that establishes a relationship, or of a failed attempt. */
  logDetails(details: Record<string, unknown>): void;
}

export interface RecordScope<E> extends PatientScope {
  /** The record addressed, read through the scope (locked for update when the operation changes it). */
  record: E;
  /** The record it is part of, when its kind declares a parent (a meeting's SIP), already read and checked. */
  parent: { id: string; patientId: string } | null;
}

/** The rows of a list read, and those whose patient the actor may see, each with its grant (audited). */
export interface ListResult<R> {
  read: R[];
  allowed: Array<{ row: R; grant: PatientGrant }>;
  /** The patient rows (table `patient`) of the allowed patients, read after the decision. */
  patients<P extends ObjectLiteral & { id: string }>(entity: EntityTarget<P>): Promise<Map<string, P>>;
}

/** What a list read may use: SQL over many patients, whose rows the gate then decides one by one. */
export interface ListQuery {
  query<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]>;
  prepared<T = Record<string, unknown>>(st: PreparedStatement, params: unknown[]): Promise<T[]>;
  /** Rows of a patient table by id, in the order of `ids` (ids not found are left out). */
  rows<E extends ObjectLiteral & { id: string; patientId: string }>(entity: EntityTarget<E>, ids: readonly string[]): Promise<E[]>;
  /** Rows of a patient table, read only. */
  find<E extends ObjectLiteral & { patientId: string }>(entity: EntityTarget<E>, options: FindManyOptions<E>): Promise<E[]>;
  /**
   * A SQL condition that the actor may see the patient in `column` (a care relationship of their
   * organisation, or their own emergency access now), so that pages come out full; its parameters
   * are appended to `params`. The gate still decides every row returned.
   */
  visible(column: string, params: unknown[]): string;
}

/** The uniform answers. Absence: exactly as for an id that does not exist. Read-only: you may see it, not change it. */
export const READ_ONLY_MESSAGES = {
  'emergency-read-only': 'Emergency access (nödåtkomst) lets you read, never change: this needs a care relationship between your organisation and the patient',
  'direct-relationship-required':
    'This change needs a direct care relationship (enrollment, an open discharge process or the care team); taking part in the SIP lets you read the patient and work in the plan',
} as const;
export type ReadOnlyReason = keyof typeof READ_ONLY_MESSAGES;

export function readOnlyRefusal(reason: ReadOnlyReason): AppError {
  return forbidden(READ_ONLY_MESSAGES[reason]);
}

/**
 * The grant inputs of patients `$1` for organisation `$2`, staff member `$3` at instant `$4` on
 * Stockholm day `$5`. This organisation's relationships with these patients are primary-key
 * lookups in the materialised relationships, whatever the region's size.
 */
const DECIDED = `WITH mine AS (
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
    FROM unnest($1::uuid[]) AS i(patient_id)
    LEFT JOIN patient p ON p.id = i.patient_id
    LEFT JOIN mine m ON m.patient_id = i.patient_id)`;

const DECIDE_SQL = prepared(`${DECIDED}
  SELECT * FROM decided`);

/** Emergency access widened what this answer shows (see emergencyWidens), for reads (`$13`). */
const WIDENED = `($13::boolean AND g.emergency AND (g.kinds IS NULL OR NOT g.consent))`;

/** The deciding statement, writing one ALLOWED audit row per patient the condition `logged` admits. */
function decideAndLog(purpose: string, emergency: string, logged: string): PreparedStatement {
  return prepared(`${DECIDED},
       logged AS (${auditInsertSelect(
         {
           at: '$4',
           requestId: '$6',
           staffId: '$3',
           staffHsaId: '$7',
           assignmentId: '$8',
           organisationId: '$2',
           role: '$9',
           patientId: 'g.patient_id',
           operation: '$10',
           purpose,
           emergency,
           outcome: `'ALLOWED'`,
           details: '$12::jsonb',
         },
         'decided g',
         logged,
       )})
  SELECT * FROM decided`);
}

/**
 * The same, writing one ALLOWED audit row per allowed patient in the same statement, so that the
 * decision and its log entry cannot part. `$6` request id, `$7` staff HSA-id, `$8` assignment,
 * `$9` role, `$10` operation, `$11` purpose, `$12` details, `$13` the answer is a read.
 */
const DECIDE_AND_LOG_SQL = decideAndLog(
  `CASE WHEN ${WIDENED} THEN 'emergency access' ELSE $11 END`,
  WIDENED,
  'g.exists AND (g.kinds IS NOT NULL OR g.emergency)',
);

/**
 * For a list that emergency access never reaches (the reserve snapshot): rows only for patients
 * the organisation has a care relationship with, never flagged emergency (`$1`–`$12` as above).
 */
const DECIDE_AND_LOG_RELATED_SQL = decideAndLog('$11', 'false', 'g.exists AND g.kinds IS NOT NULL');

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

const lookups = new Map<string, PreparedStatement>();
function lookupOf(table: string): PreparedStatement {
  let st = lookups.get(table);
  if (!st) lookups.set(table, (st = prepared(`SELECT patient_id FROM ${table} WHERE id = $1`)));
  return st;
}

/** What went wrong at the door, for the log after the transaction is rolled back. */
interface Attempt {
  refused?: { patientId: string | null; reason: string; emergency: boolean };
  granted?: PatientGrant;
  reason?: string;
  /** The refusal inside was the uniform absence (scope.absent): an access refusal, whatever rule made it. */
  absent?: boolean;
  details?: Record<string, unknown>;
}

/**
 * The one door to patient data. Every read and write of one patient, of one record addressed by
 * its id, of one person by personnummer, and every list, passes here: the gate decides (care
 * relationship, emergency access, consent, block, the operation's declared reach), writes the
 * audit row with the patient in the same statement or transaction, and refuses uniformly — a
 * record the caller may not see answers exactly like an id that does not exist. Inside a granted
 * scope, the capability works through finders bound to that patient (PatientTx).
 */
@Injectable()
export class PatientGate {
  private catalogueMade?: DataCatalogue;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ACCESS_REGISTRY) private readonly registry: AccessRegistry,
    private readonly read: ReadDatabase,
  ) {}

  get catalogue(): DataCatalogue {
    return (this.catalogueMade ??= new DataCatalogue(this.ds.entityMetadatas, this.registry.referenceTables));
  }

  /** The reach of an operation: given, or as declared in its policy. */
  reachOf(op: GateOperation): Reach {
    if (op.reach) return op.reach;
    const target = this.registry.operations.get(op.operation)?.access;
    if (!target) throw new Error(`operation ${op.operation} is not declared in a policy`);
    if (target.kind === 'patient' || target.kind === 'record' || target.kind === 'personnummer') return target.reach;
    throw new Error(`operation ${op.operation} does not address one patient (declared ${target.kind})`);
  }

  // ---- deciding ----

  /** Grants for any number of patients in one statement; with `log`, one ALLOWED audit row per allowed patient by the same statement. */
  private async decide(
    actor: Actor,
    patientIds: readonly string[],
    log: { op: GateOperation; read: boolean; relatedOnly?: boolean } | null,
    m: EntityManager,
  ): Promise<Map<string, PatientGrant>> {
    // Defence in depth: the guard lets a patient actor reach only operations of their own view (gate.own).
    if (actor.patient) throw forbidden('A patient’s sign-in reaches the patient’s own view only');
    const ids = [...new Set(patientIds)];
    if (ids.length === 0) return new Map();
    const params: unknown[] = [ids, actor.organisationId, actor.staffId, this.clock.now(), this.clock.today()];
    if (log) {
      const { op, read } = log;
      params.push(
        actor.requestId,
        actor.staffHsaId,
        actor.assignmentId,
        actor.role,
        op.operation,
        op.purpose ?? 'care',
        op.details ? JSON.stringify(op.details) : null,
      );
      if (!log.relatedOnly) params.push(read);
    }
    const rows = await runPrepared<GrantRow>(m, !log ? DECIDE_SQL : log.relatedOnly ? DECIDE_AND_LOG_RELATED_SQL : DECIDE_AND_LOG_SQL, params);
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
   * Decisions without an audit row, for answers that hang off a record the same request already
   * read through the gate and logged (the tasks shown on a plan), and for the live inbox's
   * addressing. Never the basis of an answer on its own.
   */
  decideWithoutLog(actor: Actor, patientIds: readonly string[]): Promise<Map<string, PatientGrant>> {
    return this.decide(actor, patientIds, null, this.ds.manager);
  }

  /** What the reach lets this grant do: null when allowed, else the refusal. */
  private verdict(reach: Reach, g: PatientGrant): { absent: string } | { readOnly: 'emergency-read-only' | 'direct-relationship-required' } | null {
    if (!g.exists) return { absent: 'no-such-patient' };
    if (!isAllowed(g)) return { absent: 'no-care-relationship' };
    if (reach === 'read') return null;
    if (g.relationships.length === 0) return { readOnly: 'emergency-read-only' };
    if (reach === 'write-direct' && !g.direct) return { readOnly: 'direct-relationship-required' };
    return null;
  }

  private scope(actor: Actor, tx: PatientTx, grant: PatientGrant, label: string, attempt: Attempt, m: EntityManager): PatientScope {
    return {
      actor,
      grant,
      tx,
      decideAgain: async () => (await this.decide(actor, [tx.patientId], null, m)).get(tx.patientId)!,
      logDetails: (details) => (attempt.details = { ...attempt.details, ...details }),
      refuse: (reason) => (attempt.reason = reason),
      absent: (reason) => {
        attempt.reason = reason;
        attempt.absent = true;
        return notFound(label);
      },
    };
  }

  /** Runs `inside` in a transaction (or not, for a read-only read); logs what was refused or failed after the rollback. */
  private async run<T>(actor: Actor, op: GateOperation, transactional: boolean, inside: (m: EntityManager, attempt: Attempt) => Promise<T>): Promise<T> {
    const attempt: Attempt = {};
    try {
      return await (transactional ? this.ds.transaction((m) => inside(m, attempt)) : inside(this.ds.manager, attempt));
    } catch (e) {
      await this.logAfter(actor, op, attempt, e);
      throw e;
    }
  }

  private async logAfter(actor: Actor, given: GateOperation, attempt: Attempt, e: unknown): Promise<void> {
    const op = attempt.details ? { ...given, details: { ...given.details, ...attempt.details } } : given;
    const base = { operation: op.operation, purpose: op.purpose ?? 'care' };
    if (attempt.refused) {
      const r = attempt.refused;
      await this.audit.record(actor, [
        {
          ...base,
          patientId: r.patientId,
          emergency: r.emergency,
          purpose: r.emergency && !op.emergency ? 'emergency access' : base.purpose,
          outcome: AuditOutcome.REFUSED,
          details: { ...op.details, reason: r.reason, stage: 'access' },
        },
      ]);
      return;
    }
    const g = attempt.granted;
    if (!g) return;
    const emergency = emergencyWidens(g) || !!op.emergency || (attempt.absent === true && g.emergency);
    // A database error the API explains (a duplicate that raced past a check) is logged as what it
    // tells the client; the resolver's error filter names the field in the answer.
    const known = mapDatabaseError(e);
    if (known) {
      // Access was granted but the operation was turned down inside; the ALLOWED row went with the
      // rolled-back transaction, so the attempt is logged on its own. FORBIDDEN / NOT_FOUND inside
      // (a record the actor may not see or touch) is a refusal; CONFLICT, PRECONDITION_FAILED and
      // BAD_USER_INPUT are failed attempts.
      const refusal = attempt.reason !== undefined || known.code === ErrorCode.FORBIDDEN || known.code === ErrorCode.NOT_FOUND;
      await this.audit.record(actor, [
        {
          ...base,
          patientId: g.patientId,
          emergency,
          outcome: refusal ? AuditOutcome.REFUSED : AuditOutcome.FAILED,
          details: { ...op.details, reason: attempt.reason ?? known.code.toLowerCase(), stage: attempt.absent ? 'access' : 'rule' },
        },
      ]);
    } else {
      // Unexpected: still an attempt on this patient's data. Best effort: the request fails anyway.
      await this.audit
        .record(actor, [
          { ...base, patientId: g.patientId, emergency, outcome: AuditOutcome.FAILED, details: { ...op.details, reason: 'internal', stage: 'rule' } },
        ])
        .catch(() => undefined);
    }
  }

  /** Refuses: the attempt is remembered for the log, the answer is uniform. */
  private refuse(
    attempt: Attempt,
    patientId: string | null,
    v: { absent: string } | { readOnly: ReadOnlyReason },
    grant: PatientGrant | null,
    label: string,
    op?: GateOperation,
  ): AppError {
    // Every attempt made while holding emergency access is flagged, so the review sees it.
    const emergency = !!grant?.emergency || !!op?.emergency;
    attempt.refused = { patientId, reason: 'absent' in v ? v.absent : v.readOnly, emergency };
    return 'absent' in v ? notFound(label) : readOnlyRefusal(v.readOnly);
  }

  // ---- the ways in ----

  /** One patient, by id. */
  patient<T>(actor: Actor, patientId: string, op: GateOperation, fn: (scope: PatientScope) => Promise<T>): Promise<T> {
    const reach = this.reachOf(op);
    if (reach === 'urgent') throw new Error(`${op.operation}: an urgent read addresses a person by personnummer (gate.personnummer)`);
    const readOnly = !!op.readOnly && reach === 'read';
    return this.run(actor, op, !readOnly, async (m, attempt) => {
      const establish = reach === 'establish';
      const grant = (await this.decide(actor, [patientId], establish ? null : { op, read: reach === 'read' }, m)).get(patientId)!;
      if (establish) {
        if (!grant.exists) throw this.refuse(attempt, null, { absent: 'no-such-patient' }, grant, 'Patient');
        return this.establish(actor, op, m, grant, attempt, fn);
      }
      const v = this.verdict(reach, grant);
      if (v) throw this.refuse(attempt, grant.exists ? patientId : null, v, grant, 'Patient');
      attempt.granted = grant;
      const effective = reach === 'read' ? grant : withoutEmergency(grant);
      return fn(this.scope(actor, new PatientTx(m, patientId, this.catalogue), effective, 'Patient', attempt, m));
    });
  }

  /**
   * The signed-in patient's own view (operations declared `patients: true`): the patient resolved
   * at sign-in from the personnummer (themself, or the one a representative acts for now), never
   * an argument. The patient reads their own data whatever blocks they placed (a block limits what
   * other staff organisations see) and their own identity, protected or not; what a patient is
   * never shown (drafts, staff-internal notes) the operation leaves out. The ALLOWED row is written
   * in the same transaction as the operation, as the patient's: role PATIENT or REPRESENTATIVE (the
   * representation in its details), no staff member (the nil id).
   */
  own<T>(actor: Actor, op: GateOperation, fn: (scope: PatientScope) => Promise<T>): Promise<T> {
    const principal = actor.patient;
    const rule = this.registry.operations.get(op.operation);
    if (!rule?.patients || rule.access.kind !== 'own') throw new Error(`${op.operation} is not declared as the patient's own view`);
    if (!principal) throw forbidden(`${op.operation} is the patient’s own view: it needs a patient’s sign-in`);
    const patientId = principal.patientId;
    // A read that only SELECTs (`readOnly`) runs without a transaction: its ALLOWED row is committed
    // first, so that the patient's own log extract shows the very read that lists it.
    const readOnly = !!op.readOnly && rule.access.reach === 'read';
    return this.run(actor, op, !readOnly, async (m, attempt) => {
      const grant: PatientGrant = {
        patientId,
        exists: true,
        relationships: [],
        direct: false,
        emergency: false,
        // Their own record: everything recorded about them, by any organisation.
        consent: true,
        blockedOrganisationIds: [],
        protectedIdentity: false,
        actorOrganisationId: actor.organisationId,
      };
      await this.audit.record(actor, [{ operation: op.operation, patientId, purpose: op.purpose ?? 'own view', details: op.details }], m);
      attempt.granted = grant;
      return fn(this.scope(actor, new PatientTx(m, patientId, this.catalogue), grant, 'Patient', attempt, m));
    });
  }

  /**
   * An operation that gives the actor's organisation a care relationship (an enrollment, an open
   * discharge process): its own rule, in `fn`, decides (refusing with `scope.absent`); on success
   * the ALLOWED row records whether a relationship was established.
   */
  private async establish<T>(
    actor: Actor,
    op: GateOperation,
    m: EntityManager,
    grant: PatientGrant,
    attempt: Attempt,
    fn: (scope: PatientScope) => Promise<T>,
  ): Promise<T> {
    attempt.granted = grant;
    const result = await fn(this.scope(actor, new PatientTx(m, grant.patientId, this.catalogue), withoutEmergency(grant), 'Patient', attempt, m));
    const details = { ...op.details, ...attempt.details, ...(op.emergency ? {} : { establishedCareRelationship: !grant.direct }) };
    await this.audit.record(
      actor,
      [{ operation: op.operation, patientId: grant.patientId, purpose: op.purpose ?? 'care', emergency: !!op.emergency, details }],
      m,
    );
    return result;
  }

  /**
   * One record, by its own id: the gate finds its patient, decides, reads the record (locked for
   * update when the operation changes it), applies the record's own visibility, audits with the
   * patient, and refuses exactly as for an id that does not exist.
   */
  record<E extends { id: string; patientId: string }, T>(
    actor: Actor,
    kind: RecordKind<E>,
    id: string,
    op: GateOperation,
    fn: (scope: RecordScope<E>) => Promise<T>,
  ): Promise<T> {
    const reach = this.reachOf(op);
    if (reach === 'urgent') throw new Error(`${op.operation}: an urgent read addresses a person by personnummer (gate.personnummer)`);
    const details = { ...op.details, [kind.detail ?? `${kind.label.toLowerCase().replace(/ ([a-z])/g, (_, c: string) => c.toUpperCase())}Id`]: id };
    const logged = { ...op, details };
    return this.run(actor, logged, true, async (m, attempt) => {
      const [row] = await runPrepared<{ patient_id: string }>(m, lookupOf(kind.table), [id]);
      if (!row) throw this.refuse(attempt, null, { absent: 'no-such-record' }, null, kind.label);
      const patientId = row.patient_id;
      const tx = new PatientTx(m, patientId, this.catalogue);
      const read = reach === 'read';
      let grant: PatientGrant;
      if (reach === 'review') {
        grant = (await this.decide(actor, [patientId], null, m)).get(patientId)!;
      } else {
        grant = (await this.decide(actor, [patientId], { op: logged, read }, m)).get(patientId)!;
        if (!isAllowed(grant)) throw this.refuse(attempt, patientId, { absent: 'no-care-relationship' }, grant, kind.label);
      }
      const record = await tx.repo(kind.entity).findOne({ where: { id } as never, ...(read ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
      if (!record) throw this.refuse(attempt, patientId, { absent: 'no-such-record' }, grant, kind.label);
      // The record's own visibility, and its parent's (a meeting is as visible as its SIP).
      const chain: Array<{ kind: RecordKind<{ id: string; patientId: string }>; row: { id: string; patientId: string } }> = [
        { kind: kind as RecordKind<{ id: string; patientId: string }>, row: record },
      ];
      for (let k = kind as RecordKind<{ id: string; patientId: string }>, row: { id: string; patientId: string } = record; k.parent;) {
        const parentId = (row as unknown as Record<string, string>)[k.parent.key];
        const parent = await tx.repo(k.parent.kind.entity).findOneBy({ id: parentId } as never);
        if (!parent) throw this.refuse(attempt, patientId, { absent: 'no-such-record' }, grant, kind.label);
        chain.push({ kind: k.parent.kind, row: parent });
        k = k.parent.kind;
        row = parent;
      }
      for (const { kind: k, row } of chain) {
        if (k.visible && !k.visible(grant, row)) throw this.refuse(attempt, patientId, { absent: k.hiddenReason?.(grant, row) ?? 'hidden' }, grant, kind.label);
      }
      if (reach !== 'review') {
        const v = this.verdict(reach, grant);
        if (v) throw this.refuse(attempt, patientId, v, grant, kind.label);
        const unseen = !read && chain.some(({ kind: k, row }) => k.visible && !k.visible(withoutEmergency(grant), row));
        if (unseen) throw this.refuse(attempt, patientId, { readOnly: 'emergency-read-only' }, grant, kind.label);
      }
      attempt.granted = grant;
      if (reach === 'review') {
        await this.audit.record(actor, [{ operation: op.operation, patientId, purpose: op.purpose ?? 'log review', details }], m);
      }
      const effective = read || reach === 'review' ? grant : withoutEmergency(grant);
      return fn({ ...this.scope(actor, tx, effective, kind.label, attempt, m), record, parent: chain[1]?.row ?? null });
    });
  }

  /** The patient a record belongs to (for the guard's refusal rows); says nothing about access. */
  async patientOfRecord(kind: RecordKind, id: string): Promise<string | null> {
    const [row] = await runPrepared<{ patient_id: string }>(this.ds.manager, lookupOf(kind.table), [id]);
    return row?.patient_id ?? null;
  }

  /** Whether a patient with this id exists (for the guard's refusal rows). */
  async patientExists(id: string): Promise<boolean> {
    return (await runPrepared(this.ds.manager, PATIENT_EXISTS, [id])).length > 0;
  }

  /** The patient with this personnummer, if any (for the guard's refusal rows and for searches). */
  async patientOfPersonnummer(personnummer: string, m: EntityManager = this.ds.manager): Promise<string | null> {
    const [row] = await runPrepared<{ id: string }>(m, BY_PERSONNUMMER, [personnummer]);
    return row?.id ?? null;
  }

  /**
   * One person, by personnummer: a person who is not known is refused exactly like one the actor
   * may not see. Then as `patient` (reads, changes, or an operation that establishes a relationship).
   */
  personnummer<T>(actor: Actor, personnummer: string, op: GateOperation, fn: (scope: PatientScope) => Promise<T>): Promise<T> {
    const reach = this.reachOf(op);
    if (reach === 'urgent') return this.urgent(actor, personnummer, op, fn);
    return this.run(actor, op, true, async (m, attempt) => {
      const patientId = await this.patientOfPersonnummer(personnummer, m);
      if (!patientId) throw this.refuse(attempt, null, { absent: 'no-such-patient' }, null, 'Patient', op);
      if (reach === 'establish') {
        const grant = (await this.decide(actor, [patientId], null, m)).get(patientId)!;
        return this.establish(actor, op, m, grant, attempt, fn);
      }
      const grant = (await this.decide(actor, [patientId], { op, read: reach === 'read' }, m)).get(patientId)!;
      const v = this.verdict(reach, grant);
      if (v) throw this.refuse(attempt, patientId, v, grant, 'Patient');
      attempt.granted = grant;
      return fn(this.scope(actor, new PatientTx(m, patientId, this.catalogue), reach === 'read' ? grant : withoutEmergency(grant), 'Patient', attempt, m));
    });
  }

  /**
   * The urgent read of an ambulance service or an out-of-hours unit (reach `urgent`): whoever comes
   * at 3 a.m. has no care relationship, and the patient may not be able to consent. So, as for
   * emergency access: no relationship is asked for and none is given; the scope's grant reads as
   * emergency access does (another organisation's documentation without a consent, never a block;
   * `fn` refuses a protected identity with `scope.absent`); every attempt is flagged emergency in
   * the log, refusals with their patient (an unknown person answers exactly like one refused).
   *
   * Read-only by construction: `fn` runs in a READ ONLY transaction (a write fails in the
   * database). Only when it has read does the gate, in a second transaction, record the access for
   * the review (emergency_access, kind URGENT_READ, with the stated reason; it expires as it opens,
   * so it grants nothing further) and its ALLOWED log row, flagged emergency and naming that
   * record; the answer is returned after both are committed.
   */
  private async urgent<T>(actor: Actor, personnummer: string, given: GateOperation, fn: (scope: PatientScope) => Promise<T>): Promise<T> {
    const reason = given.statedReason;
    if (!reason) throw new Error(`${given.operation}: an urgent read needs the reason the caller stated (statedReason)`);
    const op: GateOperation = { ...given, emergency: true, purpose: given.purpose ?? 'urgent read' };
    const { result, patientId } = await this.run(actor, op, true, async (m, attempt) => {
      await m.query('SET TRANSACTION READ ONLY');
      const patientId = await this.patientOfPersonnummer(personnummer, m);
      if (!patientId) throw this.refuse(attempt, null, { absent: 'no-such-patient' }, null, 'Patient', op);
      const decided = (await this.decide(actor, [patientId], null, m)).get(patientId)!;
      attempt.granted = decided;
      const grant = { ...decided, emergency: true };
      return { result: await fn(this.scope(actor, new PatientTx(m, patientId, this.catalogue), grant, 'Patient', attempt, m)), patientId };
    });
    await this.ds.transaction(async (m) => {
      const now = this.clock.now();
      const { identifiers } = await m.getRepository(EmergencyAccess).insert({
        patientId,
        staffId: actor.staffId,
        assignmentId: actor.assignmentId,
        organisationId: actor.organisationId,
        kind: EmergencyAccessKind.URGENT_READ,
        reason,
        openedAt: now,
        expiresAt: now,
      });
      const details = { ...op.details, emergencyAccessId: identifiers[0].id as string };
      await this.audit.record(actor, [{ operation: op.operation, patientId, purpose: op.purpose, emergency: true, details }], m);
    });
    return result;
  }

  /**
   * Registers a person: `create` inserts the patient when the personnummer is new; when it is
   * known, nothing of the caller's is stored. Either way the caller gets the patient's id and no
   * data, so registering tells no one whether the person was in the service. The audit row has
   * the patient (and, for the reviewer, whether they were known).
   */
  async register(
    actor: Actor,
    personnummer: string,
    op: GateOperation,
    create: (tx: PatientTx) => Promise<void>,
    after: (tx: PatientTx) => Promise<void>,
  ): Promise<string> {
    return this.ds.transaction(async (m) => {
      // Serialise registrations of the same number.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`register:${personnummer}`]);
      const known = await this.patientOfPersonnummer(personnummer, m);
      const patientId = known ?? randomUUID();
      const tx = new PatientTx(m, patientId, this.catalogue);
      if (!known) await create(tx);
      await after(tx);
      await this.audit.record(actor, [{ operation: op.operation, patientId, purpose: op.purpose ?? 'care', details: { ...op.details, known: !!known } }], m);
      return patientId;
    });
  }

  /**
   * A list: `read` fetches candidate rows over many patients (use `q.visible` in its SQL so pages
   * come out full); the gate then decides every row's patient and writes one ALLOWED audit row
   * per allowed patient, by one statement. Rows of patients the actor may not see are dropped.
   * With `careRelationshipsOnly`, emergency access counts for nothing: only patients the actor's
   * organisation has a care relationship with are allowed (and logged, never flagged emergency),
   * and their grants come without emergency access (the reserve snapshot: emergency access reads
   * one patient, it never produces a unit's printout).
   */
  async list<R>(
    actor: Actor,
    op: GateOperation,
    read: (q: ListQuery) => Promise<R[]>,
    patientOf: (row: R) => string,
    opts: { transaction?: boolean; careRelationshipsOnly?: boolean } = {},
  ): Promise<ListResult<R>> {
    const relatedOnly = !!opts.careRelationshipsOnly;
    const go = async (m: EntityManager): Promise<ListResult<R>> => {
      const rows = await read(this.listQuery(actor, m));
      const grants = await this.decide(actor, rows.map(patientOf), { op, read: true, relatedOnly }, m);
      const allowed: ListResult<R>['allowed'] = [];
      for (const row of rows) {
        const grant = grants.get(patientOf(row));
        if (!grant) continue;
        if (relatedOnly) {
          if (grant.exists && grant.relationships.length > 0) allowed.push({ row, grant: withoutEmergency(grant) });
        } else if (isAllowed(grant)) allowed.push({ row, grant });
      }
      const patientIds = [...new Set(allowed.map((a) => a.grant.patientId))];
      const patients = async <P extends ObjectLiteral & { id: string }>(entity: EntityTarget<P>): Promise<Map<string, P>> => {
        if (this.catalogue.kindOf(m.connection.getMetadata(entity).tableName) !== 'root') throw new UnboundAccessError('patients() reads the patient table');
        const found = patientIds.length ? await m.getRepository(entity).findBy({ id: In(patientIds) } as never) : [];
        return new Map(found.map((p) => [p.id, p]));
      };
      return { read: rows, allowed, patients };
    };
    // A list's only write is its audit, made by the deciding statement: no transaction of its own
    // unless asked (a read that needs one snapshot across statements).
    return opts.transaction ? this.ds.transaction(go) : go(this.ds.manager);
  }

  /**
   * A review list of the actor's own organisation's acts (emergency accesses its staff opened,
   * care-team changes made by or for it), for the MAS or unit manager. Log follow-up is its own
   * purpose and needs no care relationship; every patient the page names is logged with purpose
   * 'log review' (the call itself when the page is empty), so the patient's log extract shows who
   * reviewed what. `read` returns the page's rows only (not the one that tells there is more).
   */
  async review<R>(actor: Actor, op: GateOperation, read: (q: ListQuery) => Promise<R[]>, patientOf: (row: R) => string): Promise<R[]> {
    const entry = { operation: op.operation, purpose: op.purpose ?? 'log review', details: op.details };
    const log = (rows: R[], m: EntityManager) => {
      const patientIds = [...new Set(rows.map(patientOf))];
      return this.audit.record(actor, patientIds.length ? patientIds.map((patientId) => ({ ...entry, patientId })) : [{ ...entry, patientId: null }], m);
    };
    if (this.read.replica) {
      // With a read replica (DATABASE_READ_URL): the page is read there, in one read-only snapshot,
      // then its rows are logged on the primary; the page is handed out only once that commits.
      const rows = await this.read.ds.transaction('REPEATABLE READ', async (m) => {
        await m.query('SET TRANSACTION READ ONLY');
        return read(this.listQuery(actor, m));
      });
      await log(rows, this.ds.manager);
      return rows;
    }
    return this.ds.transaction(async (m) => {
      const rows = await read(this.listQuery(actor, m));
      await log(rows, m);
      return rows;
    });
  }

  private listQuery(actor: Actor, m: EntityManager): ListQuery {
    const clock = this.clock;
    const patientTable = (entity: EntityTarget<ObjectLiteral>) => {
      const table = m.connection.getMetadata(entity).tableName;
      if (this.catalogue.kindOf(table) !== 'patient') throw new UnboundAccessError(`${table} is not a patient table`);
    };
    return {
      query: (sql, params) => m.query(sql, params),
      prepared: (st, params) => runPrepared(m, st, params),
      async rows(entity, ids) {
        patientTable(entity);
        if (ids.length === 0) return [];
        const found = await m.getRepository(entity).findBy({ id: In([...ids]) } as never);
        const byId = new Map(found.map((r) => [r.id, r]));
        return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
      },
      find(entity, options) {
        patientTable(entity);
        return m.getRepository(entity).find(options);
      },
      visible(column, params) {
        const org = params.push(actor.organisationId);
        const staff = params.push(actor.staffId);
        const now = params.push(clock.now());
        return `(EXISTS (SELECT 1 FROM ${CARE_RELATIONSHIP_TABLE} vis_rel WHERE vis_rel.patient_id = ${column} AND vis_rel.organisation_id = $${org}::uuid)
             OR EXISTS (SELECT 1 FROM emergency_access vis_e WHERE vis_e.patient_id = ${column} AND vis_e.staff_id = $${staff}::uuid AND vis_e.organisation_id = $${org}::uuid
                          AND vis_e.opened_at <= $${now}::timestamptz AND vis_e.expires_at > $${now}::timestamptz))`;
      },
    };
  }
}

const BY_PERSONNUMMER = prepared('SELECT id FROM patient WHERE personnummer = $1');
const PATIENT_EXISTS = prepared('SELECT 1 FROM patient WHERE id = $1');
