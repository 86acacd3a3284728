import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Patient } from '../patients/patient.entity';
import type { PlanStepRecord } from './deterioration-plan.entity';
import type { Observation } from './triggers';

/** How a deterioration episode ended (utfall). "Handled at home" is STAYED_HOME. */
export enum DeteriorationEpisodeOutcome {
  /** Stannade hemma: handled at home. */
  STAYED_HOME = 'STAYED_HOME',
  /** Läkarbesök: a physician saw the patient (at home or at the centre). */
  DOCTORS_VISIT = 'DOCTORS_VISIT',
  /** Ambulans: the ambulance came; the patient was not admitted (or not yet known). */
  AMBULANCE = 'AMBULANCE',
  /** Inlagd: admitted to hospital. */
  ADMITTED = 'ADMITTED',
}

/** A step of the plan the observations triggered, as it stood in the signed version evaluated. */
export interface MatchedStepRecord {
  step: PlanStepRecord;
  observed: Observation;
  reason: string;
}

/** Someone the nurse contacted during the episode. */
export interface EpisodeContactRecord {
  /** E.g. "Jourläkare", "Fast läkarkontakt", "Närstående". */
  role: string;
  organisation: string | null;
  name: string | null;
  contactedAt: string;
}

/**
 * A deterioration episode (försämringsepisod): what happened when the patient got worse — when,
 * the observations, the steps of the active signed plan they triggered (a snapshot: which version,
 * which steps, evaluated by the service as evaluateDeterioration does), what was done, who was
 * contacted and the outcome. Recorded once; never changed.
 */
@Entity('deterioration_episode')
@Index('ix_deterioration_episode_patient', ['patientId', 'occurredAt', 'id'])
@Index('ix_deterioration_episode_occurred', ['occurredAt'])
export class DeteriorationEpisode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'jsonb' })
  observations: Observation[];

  /** The active signed plan evaluated (null: none the recorder could see). */
  @Column({ type: 'uuid', nullable: true })
  planId: string | null;

  @Column({ type: 'int', nullable: true })
  planVersion: number | null;

  /** The plan's conditions when evaluated, for the handover's background. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  planConditions: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  matchedSteps: MatchedStepRecord[];

  @Column({ type: 'varchar', length: 4000 })
  actionsTaken: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts: EpisodeContactRecord[];

  @Column({ type: 'enum', enum: DeteriorationEpisodeOutcome, enumName: 'deterioration_episode_outcome' })
  outcome: DeteriorationEpisodeOutcome;

  /** The episode (ADMITTED) asked for the active plan's review. */
  @Column({ type: 'boolean', default: false })
  planReviewRequested: boolean;

  /** The organisation whose documentation this is: the recorder's. */
  @Column({ type: 'uuid' })
  recordedByOrganisationId: string;

  @Column({ type: 'uuid' })
  recordedByStaffId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
