import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { Patient } from './patient.entity';

/** An organisation taking part in the patient's care (vårdteam), with the reason. History is kept. */
@Entity('care_team_member')
@Index('uq_care_team_active', ['patientId', 'organisationId'], { unique: true, where: '"removed_at" IS NULL' })
@Index('ix_care_team_organisation', ['organisationId'], { where: '"removed_at" IS NULL' })
@Index('ix_care_team_added_by', ['addedByOrganisationId', 'addedAt'])
export class CareTeamMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_care_team_patient')
  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'uuid' })
  addedByStaffId: string;

  @Column({ type: 'uuid' })
  addedByOrganisationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  removedByStaffId: string | null;

  @Column({ type: 'uuid', nullable: true })
  removedByOrganisationId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  removalReason: string | null;
}
