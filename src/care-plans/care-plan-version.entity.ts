import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';
import { CarePlan } from './care-plan.entity';
import type { CarePlanSnapshot } from './care-plan-snapshot';

/**
 * A published version of a SIP: an immutable snapshot. The database refuses UPDATE, DELETE and
 * TRUNCATE on this table (trigger in the migration); no code path changes a published version.
 */
@Entity('care_plan_version')
@Index('uq_care_plan_version_number', ['carePlanId', 'number'], { unique: true })
@Index('ix_care_plan_version_published', ['carePlanId', 'publishedAt'])
@Index('ix_care_plan_version_first', { synchronize: false }) // joint follow-up: (care_plan_id) INCLUDE (published_at) WHERE number = 1, made in the migration
export class CarePlanVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  carePlanId: string;

  @ManyToOne(() => CarePlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'care_plan_id' })
  carePlan?: CarePlan;

  @Column({ type: 'uuid' })
  patientId: string;

  /** 1, 2, 3… in publishing order. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'jsonb' })
  snapshot: CarePlanSnapshot;

  /** The participating organisations of this version (from the snapshot), for set-based queries. */
  @Column({ type: 'uuid', array: true })
  participantOrganisationIds: string[];

  @Column({ type: 'timestamptz' })
  publishedAt: Date;

  @Column({ type: 'uuid' })
  publishedByStaffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'published_by_staff_id' })
  publishedByStaff?: Staff;

  @Column({ type: 'uuid' })
  publishedByOrganisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'published_by_organisation_id' })
  publishedByOrganisation?: Organisation;
}
