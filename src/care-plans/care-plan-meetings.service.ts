import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { PatientGate, PatientScope, RecordScope } from '../access/patient-gate';
import { PatientTx } from '../access/patient-tx';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { EventBus } from '../events/event-bus';
import { InboxEventKind } from '../events/inbox-event';
import { badInput, FieldError, forbidden, conflict } from '../common/errors';
import { Staff } from '../organisations/staff.entity';
import { CarePlanMeetingChangeReason, CarePlanMeetingPersonKind, CarePlanMeetingPlace, CarePlanMeetingStatus, isEnded } from './care-plan.enums';
import { CarePlan } from './care-plan.entity';
import { CarePlanMeeting, CarePlanMeetingInvitation, CarePlanMeetingMove, CarePlanMeetingPerson } from './care-plan-meeting.entity';
import { CarePlanMeetingType } from './care-plan-meeting.types';
import { planAccess, requireParticipant } from './care-plan-rules';
import { CARE_PLAN_MEETING_RECORD, CARE_PLAN_RECORD } from './care-plans.records';
import {
  CancelCarePlanMeetingInput,
  InviteToCarePlanMeetingInput,
  MAX_MEETING_MOVES,
  MAX_MEETING_PERSONS,
  MoveCarePlanMeetingInput,
  RecordCarePlanMeetingHeldInput,
  ScheduleCarePlanMeetingInput,
} from './dto/care-plan-meeting.input';

/** What a meeting is made of when it is scheduled, by hand or from a discharge's SIP invitation. */
interface MeetingStart {
  startsAt: Date;
  place: CarePlanMeetingPlace;
  placeDetail: string | null;
  invitedOrganisationIds: string[];
}

type MeetingScope = RecordScope<CarePlanMeeting>;

/**
 * SIP meetings: scheduled with invitations to participant organisations (by hand, or from a
 * discharge's SIP invitation), acknowledged, moved or cancelled with a reason, the patient and next
 * of kin invited as persons, recorded as held. Every change is the SIP participants' (requireParticipant).
 */
@Injectable()
export class CarePlanMeetingsService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  /** After the commit: the other invited organisations hear that the meeting moved or was cancelled (ids only). */
  private async announceChange(actor: Actor, meeting: CarePlanMeeting, invitedOrganisationIds: string[]): Promise<void> {
    const others = invitedOrganisationIds.filter((o) => o !== actor.organisationId);
    if (others.length)
      await this.events.publish({
        kind: InboxEventKind.CARE_PLAN_MEETING_CHANGED,
        patientId: meeting.patientId,
        entityId: meeting.id,
        organisationIds: others,
      });
  }

  private async invitedOrganisations(tx: PatientTx, meetingId: string): Promise<string[]> {
    return (await tx.children(CarePlanMeetingInvitation, 'meetingId', meetingId).findBy({})).map((i) => i.organisationId);
  }

  async schedule(actor: Actor, input: ScheduleCarePlanMeetingInput): Promise<CarePlanMeetingType> {
    const startsAt = new Date(input.startsAt);
    const fields = placeErrors(input.place, input.placeDetail ?? null);
    if (fields.length) throw badInput(fields);
    return this.gate.record(actor, CARE_PLAN_RECORD, input.carePlanId, { operation: 'scheduleCarePlanMeeting' }, async (scope) => {
      requireParticipant(scope);
      const { tx, record: plan } = scope;
      if (isEnded(plan.status)) throw conflict('The SIP is closed');
      const now = this.clock.now();
      if (startsAt.getTime() <= now.getTime()) throw badInput('input.startsAt', 'must be in the future');
      const invited = [...new Set(input.invitedOrganisationIds)];
      const outsiders = invited.filter((o) => !plan.participantOrganisationIds.includes(o));
      if (outsiders.length)
        throw badInput('input.invitedOrganisationIds', 'may only name organisations taking part in the SIP; add them as participants first');
      const meeting = await this.insertMeeting(
        tx,
        actor,
        plan,
        { startsAt, place: input.place, placeDetail: input.placeDetail ?? null, invitedOrganisationIds: invited },
        now,
      );
      return withIdentity(meeting, scope.grant, plan);
    });
  }

  /**
   * The meeting of a discharge's SIP invitation, inside the caller's checked, audited patient
   * transaction: at the proposed time, in the patient's home, inviting those of
   * `organisationIds` (the receiving primary care centre and municipality) that take part in the
   * SIP; the sender's own invitation acknowledged at once. Null when the sender's organisation does
   * not take part in the SIP (a linked plan is not changed, and only participants schedule its
   * meetings): the proposed time then stays on the message alone. The caller has checked that the
   * time is not in the past.
   */
  async scheduleForInvitation(scope: PatientScope, plan: CarePlan, startsAt: Date, organisationIds: string[]): Promise<CarePlanMeeting | null> {
    if (!planAccess(scope.grant, plan).write || isEnded(plan.status)) return null;
    const invited = [...new Set([scope.actor.organisationId, ...organisationIds])].filter((o) => plan.participantOrganisationIds.includes(o));
    return this.insertMeeting(
      scope.tx,
      scope.actor,
      plan,
      { startsAt, place: CarePlanMeetingPlace.HOME, placeDetail: null, invitedOrganisationIds: invited },
      this.clock.now(),
    );
  }

  /**
   * The meeting a discharge's SIP invitation made, cancelled with the invitation when its sender
   * retracts it (makulering), inside the caller's checked, audited patient transaction: only while
   * it is still SCHEDULED and was never moved (a moved meeting was agreed on afresh and stays).
   * Reason NO_LONGER_NEEDED, with a note saying why. True when it was cancelled.
   */
  async cancelForRetractedInvitation(scope: PatientScope, meetingId: string): Promise<boolean> {
    const meetings = scope.tx.repo(CarePlanMeeting);
    const meeting = await meetings.findOne({ where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
    if (!meeting || meeting.status !== CarePlanMeetingStatus.SCHEDULED) return false;
    if ((await scope.tx.children(CarePlanMeetingMove, 'meetingId', meeting.id).countBy({})) > 0) return false;
    await meetings.update(meeting.id, {
      status: CarePlanMeetingStatus.CANCELLED,
      cancelledAt: this.clock.now(),
      cancelledByStaffId: scope.actor.staffId,
      cancelledByOrganisationId: scope.actor.organisationId,
      cancelReason: CarePlanMeetingChangeReason.NO_LONGER_NEEDED,
      cancelNote: 'Kallelsen till SIP-mötet makulerades av avsändaren (the SIP invitation was retracted)',
    });
    return true;
  }

  /** The actor's organisation acknowledges its invitation (kvittens). Acknowledging twice changes nothing. */
  async acknowledge(actor: Actor, meetingId: string): Promise<CarePlanMeetingType> {
    return this.gate.record(actor, CARE_PLAN_MEETING_RECORD, meetingId, { operation: 'acknowledgeCarePlanMeeting' }, async (scope) => {
      const { tx, record: meeting } = scope;
      const invitations = tx.children(CarePlanMeetingInvitation, 'meetingId', meeting.id);
      const invitation = await invitations.findOne({ where: { organisationId: actor.organisationId }, lock: { mode: 'pessimistic_write' } });
      if (!invitation) throw forbidden('Your organisation is not invited to this meeting');
      if (invitation.acknowledgedAt) return view(scope);
      requireScheduled(meeting, 'acknowledged');
      await invitations.update(invitation.id, { acknowledgedAt: this.clock.now(), acknowledgedByStaffId: actor.staffId });
      return view(scope);
    });
  }

  /** Cancels (ställer in) a scheduled meeting with a reason; it stays, CANCELLED, with who, when and why. */
  async cancel(actor: Actor, input: CancelCarePlanMeetingInput): Promise<CarePlanMeetingType> {
    requireNoteForOther(input.reason, input.note);
    const done = await this.gate.record(actor, CARE_PLAN_MEETING_RECORD, input.meetingId, { operation: 'cancelCarePlanMeeting' }, async (scope) => {
      const { tx, record: meeting } = scope;
      requireParticipant({ grant: scope.grant, record: scope.parent as CarePlan });
      requireScheduled(meeting, 'cancelled');
      const cancelled = {
        status: CarePlanMeetingStatus.CANCELLED,
        cancelledAt: this.clock.now(),
        cancelledByStaffId: actor.staffId,
        cancelledByOrganisationId: actor.organisationId,
        cancelReason: input.reason,
        cancelNote: input.note ?? null,
      };
      await tx.repo(CarePlanMeeting).update(meeting.id, cancelled);
      Object.assign(meeting, cancelled);
      return { meeting, invited: await this.invitedOrganisations(tx, meeting.id), view: view(scope) };
    });
    await this.announceChange(actor, done.meeting, done.invited);
    return done.view;
  }

  /**
   * Moves (flyttar) a scheduled meeting to a new time in the future, with a reason; the move is kept
   * (the time before and after, who, when, why). The invited organisations' acknowledgements were of
   * the old time: each acknowledges again, except the mover's own, acknowledged at once.
   */
  async move(actor: Actor, input: MoveCarePlanMeetingInput): Promise<CarePlanMeetingType> {
    if (input.reason === CarePlanMeetingChangeReason.NO_LONGER_NEEDED)
      throw badInput('input.reason', 'NO_LONGER_NEEDED cancels a meeting (cancelCarePlanMeeting); it does not move one');
    requireNoteForOther(input.reason, input.note);
    const startsAt = new Date(input.startsAt);
    const done = await this.gate.record(actor, CARE_PLAN_MEETING_RECORD, input.meetingId, { operation: 'moveCarePlanMeeting' }, async (scope) => {
      const { tx, record: meeting } = scope;
      const plan = scope.parent as CarePlan;
      requireParticipant({ grant: scope.grant, record: plan });
      requireScheduled(meeting, 'moved');
      if (isEnded(plan.status)) throw conflict('The SIP is closed; cancel the meeting instead');
      const now = this.clock.now();
      if (startsAt.getTime() <= now.getTime()) throw badInput('input.startsAt', 'must be in the future');
      if (startsAt.getTime() === meeting.startsAt.getTime()) throw badInput('input.startsAt', 'is the meeting’s current time');
      const moves = tx.children(CarePlanMeetingMove, 'meetingId', meeting.id);
      if ((await moves.countBy({})) >= MAX_MEETING_MOVES)
        throw conflict(`The meeting has been moved ${MAX_MEETING_MOVES} times; cancel it and schedule a new one`);
      await moves.insert({
        meetingId: meeting.id,
        previousStartsAt: meeting.startsAt,
        startsAt,
        reason: input.reason,
        note: input.note ?? null,
        movedAt: now,
        movedByStaffId: actor.staffId,
        movedByOrganisationId: actor.organisationId,
      });
      await tx.query(
        `UPDATE care_plan_meeting_invitation
            SET acknowledged_at = CASE WHEN organisation_id = $2 THEN $3::timestamptz END,
                acknowledged_by_staff_id = CASE WHEN organisation_id = $2 THEN $4::uuid END
          WHERE meeting_id = $1`,
        [meeting.id, actor.organisationId, now, actor.staffId],
      );
      await tx.repo(CarePlanMeeting).update(meeting.id, { startsAt });
      meeting.startsAt = startsAt;
      return { meeting, invited: await this.invitedOrganisations(tx, meeting.id), view: view(scope) };
    });
    await this.announceChange(actor, done.meeting, done.invited);
    return done.view;
  }

  /**
   * Records that the patient or a next of kin was invited (kallad) to a scheduled meeting, how and
   * when; attendance is recorded with the meeting (recordCarePlanMeetingHeld, attendedPersonIds).
   */
  async invitePerson(actor: Actor, input: InviteToCarePlanMeetingInput): Promise<CarePlanMeetingType> {
    const fields: FieldError[] = [];
    if (input.kind === CarePlanMeetingPersonKind.PATIENT) {
      if (input.name) fields.push({ field: 'input.name', message: 'is not given for the patient (the patient is on record)' });
      if (input.relation) fields.push({ field: 'input.relation', message: 'is not given for the patient' });
    } else {
      if (!input.name) fields.push({ field: 'input.name', message: 'is required for a next of kin' });
      if (!input.relation) fields.push({ field: 'input.relation', message: 'is required for a next of kin' });
    }
    if (fields.length) throw badInput(fields);
    return this.gate.record(actor, CARE_PLAN_MEETING_RECORD, input.meetingId, { operation: 'inviteToCarePlanMeeting' }, async (scope) => {
      const { tx, record: meeting } = scope;
      const plan = scope.parent as CarePlan;
      requireParticipant({ grant: scope.grant, record: plan });
      requireScheduled(meeting, 'given new invitations');
      if (isEnded(plan.status)) throw conflict('The SIP is closed; cancel the meeting instead');
      const now = this.clock.now();
      const invitedAt = input.invitedAt ? new Date(input.invitedAt) : now;
      if (invitedAt.getTime() > now.getTime()) throw badInput('input.invitedAt', 'cannot be in the future');
      const persons = tx.children(CarePlanMeetingPerson, 'meetingId', meeting.id);
      const invited = await persons.find({ select: { id: true, kind: true } });
      if (input.kind === CarePlanMeetingPersonKind.PATIENT && invited.some((p) => p.kind === CarePlanMeetingPersonKind.PATIENT))
        throw conflict('The patient is already invited to this meeting');
      if (invited.length >= MAX_MEETING_PERSONS) throw conflict(`At most ${MAX_MEETING_PERSONS} persons are invited to one meeting`);
      await persons.insert({
        meetingId: meeting.id,
        kind: input.kind,
        name: input.kind === CarePlanMeetingPersonKind.NEXT_OF_KIN ? input.name! : null,
        relation: input.kind === CarePlanMeetingPersonKind.NEXT_OF_KIN ? input.relation! : null,
        invitedVia: input.invitedVia,
        invitedAt,
        recordedAt: now,
        invitedByStaffId: actor.staffId,
        invitedByOrganisationId: actor.organisationId,
        attended: null,
      });
      return view(scope);
    });
  }

  async recordHeld(actor: Actor, input: RecordCarePlanMeetingHeldInput): Promise<CarePlanMeetingType> {
    return this.gate.record(actor, CARE_PLAN_MEETING_RECORD, input.meetingId, { operation: 'recordCarePlanMeetingHeld' }, async (scope) => {
      const { tx, record: meeting } = scope;
      requireParticipant({ grant: scope.grant, record: scope.parent as CarePlan });
      if (meeting.status === CarePlanMeetingStatus.HELD) throw conflict('The meeting is already recorded as held');
      if (meeting.status === CarePlanMeetingStatus.CANCELLED) throw conflict('The meeting was cancelled; it cannot be recorded as held');
      const now = this.clock.now();
      const heldAt = input.heldAt ? new Date(input.heldAt) : meeting.startsAt;
      if (heldAt.getTime() > now.getTime())
        throw badInput(input.heldAt ? 'input.heldAt' : 'input.meetingId', 'the meeting cannot be recorded as held before it takes place');
      const invitations = await tx.children(CarePlanMeetingInvitation, 'meetingId', meeting.id).findBy({});
      const invited = new Set(invitations.map((i) => i.organisationId));
      const fields: FieldError[] = [];
      input.attendedOrganisationIds.forEach((o, i) => {
        if (!invited.has(o)) fields.push({ field: `input.attendedOrganisationIds.${i}`, message: 'was not invited to the meeting' });
      });
      const staffIds = [...new Set(input.attendingStaffIds)];
      if (staffIds.length && (await tx.reference(Staff).countBy({ id: In(staffIds) })) !== staffIds.length) {
        fields.push({ field: 'input.attendingStaffIds', message: 'names a staff member who does not exist' });
      }
      const persons = await tx.children(CarePlanMeetingPerson, 'meetingId', meeting.id).find({ select: { id: true, kind: true } });
      const attendance = personAttendance(persons, input, fields);
      if (fields.length) throw badInput(fields);
      await tx.query(`UPDATE care_plan_meeting_invitation SET attended = (organisation_id = ANY ($2::uuid[])) WHERE meeting_id = $1`, [
        meeting.id,
        input.attendedOrganisationIds,
      ]);
      if (persons.length)
        await tx.query(`UPDATE care_plan_meeting_person SET attended = (id = ANY ($2::uuid[])) WHERE meeting_id = $1`, [
          meeting.id,
          attendance.attendedPersonIds,
        ]);
      const held = {
        status: CarePlanMeetingStatus.HELD,
        heldAt,
        heldRecordedByStaffId: actor.staffId,
        patientAttended: attendance.patientAttended,
        nextOfKinAttended: attendance.nextOfKinAttended,
        attendingStaffIds: staffIds,
      };
      await tx.repo(CarePlanMeeting).update(meeting.id, held);
      Object.assign(meeting, held);
      return view(scope);
    });
  }

  private async insertMeeting(tx: PatientTx, actor: Actor, plan: CarePlan, start: MeetingStart, now: Date): Promise<CarePlanMeeting> {
    const meeting = await tx.repo(CarePlanMeeting).save(
      tx.repo(CarePlanMeeting).create({
        carePlanId: plan.id,
        startsAt: start.startsAt,
        place: start.place,
        placeDetail: start.placeDetail,
        status: CarePlanMeetingStatus.SCHEDULED,
        scheduledByStaffId: actor.staffId,
        scheduledByOrganisationId: actor.organisationId,
        scheduledAt: now,
        heldAt: null,
        heldRecordedByStaffId: null,
        patientAttended: null,
        nextOfKinAttended: null,
        attendingStaffIds: [],
        cancelledAt: null,
        cancelledByStaffId: null,
        cancelledByOrganisationId: null,
        cancelReason: null,
        cancelNote: null,
      }),
    );
    // The scheduling organisation knows of the meeting: its own invitation is acknowledged at once.
    const own = (o: string) => o === actor.organisationId;
    if (start.invitedOrganisationIds.length)
      await tx.children(CarePlanMeetingInvitation, 'meetingId', meeting.id).insert(
        start.invitedOrganisationIds.map((organisationId) => ({
          meetingId: meeting.id,
          organisationId,
          invitedAt: now,
          acknowledgedAt: own(organisationId) ? now : null,
          acknowledgedByStaffId: own(organisationId) ? actor.staffId : null,
          attended: null,
        })),
      );
    return meeting;
  }
}

/** The meeting as the API shows it: next of kin's names only where the patient's identity may be seen. */
function withIdentity(meeting: CarePlanMeeting, grant: PatientScope['grant'], plan: CarePlan): CarePlanMeetingType {
  return Object.assign(meeting, { identityVisible: planAccess(grant, plan).identityVisible });
}

function view(scope: MeetingScope): CarePlanMeetingType {
  return withIdentity(scope.record, scope.grant, scope.parent as CarePlan);
}

/** Only a SCHEDULED meeting changes: a held one is history, a cancelled one stays cancelled. */
function requireScheduled(meeting: CarePlanMeeting, what: string): void {
  if (meeting.status === CarePlanMeetingStatus.HELD) throw conflict(`The meeting has been held; a held meeting is not ${what}`);
  if (meeting.status === CarePlanMeetingStatus.CANCELLED) throw conflict(`The meeting is cancelled; a cancelled meeting is not ${what}`);
}

function requireNoteForOther(reason: CarePlanMeetingChangeReason, note: string | null | undefined): void {
  if (reason === CarePlanMeetingChangeReason.OTHER && !note) throw badInput('input.note', 'is required when the reason is OTHER');
}

/**
 * Who of the invited persons attended, and the meeting's patientAttended / nextOfKinAttended:
 * given, they must agree with the persons listed; left out, they follow from them.
 */
export function personAttendance(
  persons: ReadonlyArray<Pick<CarePlanMeetingPerson, 'id' | 'kind'>>,
  input: Pick<RecordCarePlanMeetingHeldInput, 'attendedPersonIds' | 'patientAttended' | 'nextOfKinAttended'>,
  fields: FieldError[],
): { attendedPersonIds: string[]; patientAttended: boolean; nextOfKinAttended: boolean } {
  const byId = new Map(persons.map((p) => [p.id, p]));
  const attended = [...new Set(input.attendedPersonIds ?? [])];
  (input.attendedPersonIds ?? []).forEach((id, i) => {
    if (!byId.has(id)) fields.push({ field: `input.attendedPersonIds.${i}`, message: 'was not invited to the meeting' });
  });
  const listed = attended.flatMap((id) => byId.get(id) ?? []);
  const patientInvited = persons.some((p) => p.kind === CarePlanMeetingPersonKind.PATIENT);
  const patientListed = listed.some((p) => p.kind === CarePlanMeetingPersonKind.PATIENT);
  const kinListed = listed.some((p) => p.kind === CarePlanMeetingPersonKind.NEXT_OF_KIN);
  let patientAttended = input.patientAttended ?? null;
  if (patientAttended === null) {
    if (!patientInvited) fields.push({ field: 'input.patientAttended', message: 'is required when the patient was not invited to the meeting' });
    patientAttended = patientListed;
  } else if (patientInvited && patientAttended !== patientListed) {
    fields.push({ field: 'input.patientAttended', message: 'must agree with attendedPersonIds, which hold the patient’s invitation or not' });
  }
  let nextOfKinAttended = input.nextOfKinAttended ?? null;
  if (nextOfKinAttended === null) {
    if (!persons.some((p) => p.kind === CarePlanMeetingPersonKind.NEXT_OF_KIN))
      fields.push({ field: 'input.nextOfKinAttended', message: 'is required when no next of kin was invited to the meeting' });
    nextOfKinAttended = kinListed;
  } else if (!nextOfKinAttended && kinListed) {
    fields.push({ field: 'input.nextOfKinAttended', message: 'cannot be false when an invited next of kin is among attendedPersonIds' });
  }
  return { attendedPersonIds: attended.filter((id) => byId.has(id)), patientAttended, nextOfKinAttended };
}

/** HOME keeps no address (the patient's is on record, and may be protected); UNIT names the place; VIDEO gives an https link. */
export function placeErrors(place: CarePlanMeetingPlace, detail: string | null): FieldError[] {
  const field = 'input.placeDetail';
  if (place === CarePlanMeetingPlace.HOME && detail) return [{ field, message: 'must be empty for a meeting in the patient’s home' }];
  if (place === CarePlanMeetingPlace.UNIT && !detail) return [{ field, message: 'must name the unit for a meeting at a unit' }];
  if (place === CarePlanMeetingPlace.VIDEO && !/^https:\/\/[^\s/]+\.[^\s]+$/.test(detail ?? ''))
    return [{ field, message: 'must be an https link for a video meeting' }];
  return [];
}
