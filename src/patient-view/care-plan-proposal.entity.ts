import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CarePlan } from '../care-plans/care-plan.entity';
import { Patient } from '../patients/patient.entity';

export enum CarePlanProposalStatus {
  /** Sent by the patient, waiting for a participant of the SIP. */
  PROPOSED = 'PROPOSED',
  /** Taken into the SIP's draft (and what matters to me, when proposed). */
  ACCEPTED = 'ACCEPTED',
  /** Declined by a participant, with a reason the patient sees. */
  DECLINED = 'DECLINED',
}

/**
 * A change the patient (or their representative) proposed from their own view to the goals of
 * their SIP or to what matters to them (vad är viktigt för mig); staff taking part in the SIP
 * accept it into the draft or decline it with a reason.
 */
@Entity('care_plan_proposal')
@Index('ix_care_plan_proposal_patient', ['patientId', 'proposedAt'])
export class CarePlanProposal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'uuid' })
  carePlanId: string;

  @ManyToOne(() => CarePlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'care_plan_id' })
  carePlan?: CarePlan;

  /** New goals in the patient's words (may be empty when only what matters to me is proposed). */
  @Column({ type: 'jsonb' })
  goals: string[];

  @Column({ type: 'text', nullable: true })
  whatMattersToMe: string | null;

  @Column({ type: 'varchar', length: 2000 })
  message: string;

  @Column({ type: 'enum', enum: CarePlanProposalStatus, enumName: 'care_plan_proposal_status', default: CarePlanProposalStatus.PROPOSED })
  status: CarePlanProposalStatus;

  @Column({ type: 'timestamptz' })
  proposedAt: Date;

  /** The representation the proposal was made under; null when the patient signed in themself. */
  @Column({ type: 'uuid', nullable: true })
  proposedByRepresentativeId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedByStaffId: string | null;

  @Column({ type: 'uuid', nullable: true })
  decidedByOrganisationId: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  declineReason: string | null;
}
