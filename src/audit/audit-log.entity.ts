import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditOutcome {
  /** Access granted and the operation done. */
  ALLOWED = 'ALLOWED',
  /** Access refused (no care relationship, role, …): answered as not found or forbidden. */
  REFUSED = 'REFUSED',
  /** Access granted but the operation was turned down by a rule (conflict, precondition, bad input); nothing was changed. */
  FAILED = 'FAILED',
}

/**
 * Append-only access log (loggning av åtkomst). The database refuses UPDATE, DELETE and TRUNCATE
 * on this table and on each of its partitions by trigger, whoever the connecting role is.
 *
 * Partitioned by range of `at`, one partition per month (docs/AUDIT-LOG.md): the primary key
 * includes `at`, and `id` comes from a sequence (an identity column on a partitioned table needs
 * PostgreSQL 17). The partitions are made by the migration and AuditPartitions, not by TypeORM.
 */
@Entity('audit_log')
@Index('ix_audit_patient_at', ['patientId', 'at'])
@Index('ix_audit_staff_at', ['staffId', 'at'])
@Index('ix_audit_organisation_at', ['organisationId', 'at'])
export class AuditLog {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @PrimaryColumn({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'uuid' })
  staffId: string;

  @Column({ type: 'varchar', length: 31 })
  staffHsaId: string;

  @Column({ type: 'uuid' })
  assignmentId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 40 })
  role: string;

  @Column({ type: 'uuid', nullable: true })
  patientId: string | null;

  @Column({ type: 'varchar', length: 80 })
  operation: string;

  @Column({ type: 'varchar', length: 200 })
  purpose: string;

  @Column({ type: 'boolean', default: false })
  emergency: boolean;

  @Column({ type: 'enum', enum: AuditOutcome, enumName: 'audit_outcome', default: AuditOutcome.ALLOWED })
  outcome: AuditOutcome;

  /** Structured details without names or free text (ids, reasons as codes). */
  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;
}
