import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';

export enum RoundKind {
  /** Regular (weekly or monthly) round. */
  REGULAR = 'REGULAR',
  /** Extra round, e.g. after several discharges. */
  EXTRA = 'EXTRA',
  /** Distansrond: held by video, with a link. */
  VIDEO = 'VIDEO',
}

export enum RoundStatus {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

/**
 * A round (rond): a meeting organised by a primary care centre or a municipality, with the other
 * participating organisations, where the patients on the agenda get notes and decisions.
 * Participating organisation ids are stored sorted, so "the same organisations" is plain equality.
 */
@Entity('round')
@Check('ck_round_participants', 'cardinality("participating_organisation_ids") > 0')
@Check('ck_round_video_link', `("kind" = 'VIDEO') = ("video_link" IS NOT NULL)`)
@Index('ix_round_organiser', ['organiserId', 'startsAt'])
@Index('ix_round_starts_at', ['startsAt'])
@Index('ix_round_participating', { synchronize: false }) // GIN on participating_organisation_ids (`@> ARRAY[org]`), made in the migration
export class Round {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  @Column({ type: 'enum', enum: RoundKind, enumName: 'round_kind' })
  kind: RoundKind;

  /** For VIDEO rounds: the meeting link. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  videoLink: string | null;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ type: 'enum', enum: RoundStatus, enumName: 'round_status', default: RoundStatus.PLANNED })
  status: RoundStatus;

  @Column({ type: 'uuid' })
  organiserId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organiser_id' })
  organiser?: Organisation;

  /** The other organisations taking part, sorted, never the organiser. Validated on creation. */
  @Column({ type: 'uuid', array: true })
  participatingOrganisationIds: string[];

  @Column({ type: 'uuid' })
  createdByStaffId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  startedByStaffId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  completedByStaffId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledByStaffId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancellationReason: string | null;
}

/** A staff member invited to a round, for one of its organisations; attendance recorded on completion. */
@Entity('round_participant')
@Index('uq_round_participant', ['roundId', 'staffId'], { unique: true })
export class RoundParticipant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  roundId: string;

  @ManyToOne(() => Round, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: Round;

  @Index('ix_round_participant_staff')
  @Column({ type: 'uuid' })
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: Staff;

  /** The organisation (organiser or participating) the staff member takes part for. */
  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  /** Null until the round is completed; then whether they attended. */
  @Column({ type: 'boolean', nullable: true })
  attended: boolean | null;
}
