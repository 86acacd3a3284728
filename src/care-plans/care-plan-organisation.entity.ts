import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { Patient } from '../patients/patient.entity';
import { CarePlan } from './care-plan.entity';

/**
 * One row per organisation taking part in a SIP that is not closed: care_plan.participant_organisation_ids
 * as rows, kept in the same statement by refreshParticipants. The source of the SIP_PARTICIPANT care
 * relationship, so that "whose plans does this organisation take part in" and "who takes part in this
 * patient's plan" are both plain index lookups (the array can answer only one of them by index).
 */
@Entity('care_plan_organisation')
@Index('ix_care_plan_organisation_organisation', ['organisationId', 'patientId'])
@Index('ix_care_plan_organisation_patient', ['patientId'])
export class CarePlanOrganisation {
  @PrimaryColumn('uuid')
  carePlanId: string;

  @ManyToOne(() => CarePlan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'care_plan_id' })
  carePlan?: CarePlan;

  @PrimaryColumn('uuid')
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;
}
