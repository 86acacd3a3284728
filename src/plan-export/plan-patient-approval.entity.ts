import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CarePlanVersion } from '../care-plans/care-plan-version.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';

/**
 * A decision whether a published SIP version may be shown to the patient (GetCarePlans'
 * `approvedForPatient`, e.g. in 1177). One row per decision, never changed: the latest decision
 * for a version holds, and without any the answer is false. Who decided, in which organisation,
 * when and (optionally) why are kept with it.
 */
@Entity('plan_patient_approval')
@Index('ix_plan_patient_approval_version', ['carePlanVersionId', 'decidedAt'])
export class PlanPatientApproval {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  carePlanVersionId: string;

  @ManyToOne(() => CarePlanVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'care_plan_version_id' })
  carePlanVersion?: CarePlanVersion;

  @Column({ type: 'uuid' })
  patientId: string;

  @Column({ type: 'boolean' })
  approved: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'timestamptz' })
  decidedAt: Date;

  @Column({ type: 'uuid' })
  decidedByStaffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_staff_id' })
  decidedByStaff?: Staff;

  @Column({ type: 'uuid' })
  decidedByOrganisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_organisation_id' })
  decidedByOrganisation?: Organisation;
}
