import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { CarePlan } from './care-plan.entity';
import { CarePlanMeetingPlace, CarePlanMeetingStatus } from './care-plan.enums';

/** A SIP meeting (SIP-möte): at home, at a unit or by video, with invited participant organisations. */
@Entity('care_plan_meeting')
@Index('ix_care_plan_meeting_plan', ['carePlanId', 'startsAt'])
export class CarePlanMeeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  carePlanId: string;

  @ManyToOne(() => CarePlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'care_plan_id' })
  carePlan?: CarePlan;

  @Column({ type: 'uuid' })
  patientId: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'enum', enum: CarePlanMeetingPlace, enumName: 'care_plan_meeting_place' })
  place: CarePlanMeetingPlace;

  /** UNIT: which unit and room; VIDEO: the link. Never the patient's address. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  placeDetail: string | null;

  @Column({ type: 'enum', enum: CarePlanMeetingStatus, enumName: 'care_plan_meeting_status', default: CarePlanMeetingStatus.SCHEDULED })
  status: CarePlanMeetingStatus;

  @Column({ type: 'uuid' })
  scheduledByStaffId: string;

  @Column({ type: 'uuid' })
  scheduledByOrganisationId: string;

  @Column({ type: 'timestamptz' })
  scheduledAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  heldAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  heldRecordedByStaffId: string | null;

  @Column({ type: 'boolean', nullable: true })
  patientAttended: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  nextOfKinAttended: boolean | null;

  /** Staff members who attended (any organisation). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  attendingStaffIds: string[];
}

/** One invited organisation of a SIP meeting, its acknowledgement (kvittens) and attendance. */
@Entity('care_plan_meeting_invitation')
@Index('uq_care_plan_meeting_invitation', ['meetingId', 'organisationId'], { unique: true })
@Index('ix_care_plan_meeting_invitation_org', ['organisationId', 'acknowledgedAt'])
export class CarePlanMeetingInvitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => CarePlanMeeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: CarePlanMeeting;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'timestamptz' })
  invitedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedByStaffId: string | null;

  @Column({ type: 'boolean', nullable: true })
  attended: boolean | null;
}
