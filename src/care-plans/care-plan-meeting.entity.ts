import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { CarePlan } from './care-plan.entity';
import {
  CarePlanMeetingChangeReason,
  CarePlanMeetingInvitedVia,
  CarePlanMeetingPersonKind,
  CarePlanMeetingPlace,
  CarePlanMeetingStatus,
} from './care-plan.enums';

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

  /** CANCELLED: when, by whom and why (inställt). */
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledByStaffId: string | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledByOrganisationId: string | null;

  @Column({ type: 'enum', enum: CarePlanMeetingChangeReason, enumName: 'care_plan_meeting_change_reason', nullable: true })
  cancelReason: CarePlanMeetingChangeReason | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelNote: string | null;
}

/** One move (flytt) of a SIP meeting to another time: the time before and after, who, when and why. */
@Entity('care_plan_meeting_move')
@Index('ix_care_plan_meeting_move_meeting', ['meetingId', 'movedAt'])
export class CarePlanMeetingMove {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => CarePlanMeeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: CarePlanMeeting;

  @Column({ type: 'timestamptz' })
  previousStartsAt: Date;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'enum', enum: CarePlanMeetingChangeReason, enumName: 'care_plan_meeting_change_reason' })
  reason: CarePlanMeetingChangeReason;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'timestamptz' })
  movedAt: Date;

  @Column({ type: 'uuid' })
  movedByStaffId: string;

  @Column({ type: 'uuid' })
  movedByOrganisationId: string;
}

/**
 * A person invited to a SIP meeting: the patient or a next of kin (närstående), how and when they
 * were invited (kallelse), and later whether they attended. Distinct from the organisations' invitations.
 */
@Entity('care_plan_meeting_person')
@Index('ix_care_plan_meeting_person_meeting', ['meetingId', 'invitedAt'])
@Index('uq_care_plan_meeting_person_patient', ['meetingId'], { unique: true, where: `"kind" = 'PATIENT'` })
export class CarePlanMeetingPerson {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => CarePlanMeeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: CarePlanMeeting;

  @Column({ type: 'enum', enum: CarePlanMeetingPersonKind, enumName: 'care_plan_meeting_person_kind' })
  kind: CarePlanMeetingPersonKind;

  /** NEXT_OF_KIN: the name (shown only where the patient's identity may be). Null for the patient. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  /** NEXT_OF_KIN: relation to the patient, e.g. dotter. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  relation: string | null;

  @Column({ type: 'enum', enum: CarePlanMeetingInvitedVia, enumName: 'care_plan_meeting_invited_via' })
  invitedVia: CarePlanMeetingInvitedVia;

  /** When the person was invited (may be before it was recorded here). */
  @Column({ type: 'timestamptz' })
  invitedAt: Date;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'uuid' })
  invitedByStaffId: string;

  @Column({ type: 'uuid' })
  invitedByOrganisationId: string;

  /** Null until the meeting is recorded as held. */
  @Column({ type: 'boolean', nullable: true })
  attended: boolean | null;
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
