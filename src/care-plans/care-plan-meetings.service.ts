import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, FieldError, forbidden, conflict } from '../common/errors';
import { Staff } from '../organisations/staff.entity';
import { CarePlanMeetingPlace, CarePlanMeetingStatus, CarePlanStatus } from './care-plan.enums';
import { CarePlan } from './care-plan.entity';
import { CarePlanMeeting, CarePlanMeetingInvitation } from './care-plan-meeting.entity';
import { requireParticipant } from './care-plan-rules';
import { CARE_PLAN_MEETING_RECORD, CARE_PLAN_RECORD } from './care-plans.records';
import { RecordCarePlanMeetingHeldInput, ScheduleCarePlanMeetingInput } from './dto/care-plan-meeting.input';

/** SIP meetings: scheduled with invitations to participant organisations, acknowledged, recorded as held. */
@Injectable()
export class CarePlanMeetingsService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  async schedule(actor: Actor, input: ScheduleCarePlanMeetingInput): Promise<CarePlanMeeting> {
    const startsAt = new Date(input.startsAt);
    const fields = placeErrors(input.place, input.placeDetail ?? null);
    if (fields.length) throw badInput(fields);
    return this.gate.record(actor, CARE_PLAN_RECORD, input.carePlanId, { operation: 'scheduleCarePlanMeeting' }, async (scope) => {
      requireParticipant(scope);
      const { tx, record: plan } = scope;
      if (plan.status === CarePlanStatus.CLOSED) throw conflict('The SIP is closed');
      const now = this.clock.now();
      if (startsAt.getTime() <= now.getTime()) throw badInput('input.startsAt', 'must be in the future');
      const invited = [...new Set(input.invitedOrganisationIds)];
      const outsiders = invited.filter((o) => !plan.participantOrganisationIds.includes(o));
      if (outsiders.length)
        throw badInput('input.invitedOrganisationIds', 'may only name organisations taking part in the SIP; add them as participants first');
      const meeting = await tx.repo(CarePlanMeeting).save(
        tx.repo(CarePlanMeeting).create({
          carePlanId: plan.id,
          startsAt,
          place: input.place,
          placeDetail: input.placeDetail ?? null,
          status: CarePlanMeetingStatus.SCHEDULED,
          scheduledByStaffId: actor.staffId,
          scheduledByOrganisationId: actor.organisationId,
          scheduledAt: now,
          heldAt: null,
          heldRecordedByStaffId: null,
          patientAttended: null,
          nextOfKinAttended: null,
          attendingStaffIds: [],
        }),
      );
      // The scheduling organisation knows of the meeting: its own invitation is acknowledged at once.
      const own = (o: string) => o === actor.organisationId;
      await tx.children(CarePlanMeetingInvitation, 'meetingId', meeting.id).insert(
        invited.map((organisationId) => ({
          meetingId: meeting.id,
          organisationId,
          invitedAt: now,
          acknowledgedAt: own(organisationId) ? now : null,
          acknowledgedByStaffId: own(organisationId) ? actor.staffId : null,
          attended: null,
        })),
      );
      return meeting;
    });
  }

  /** The actor's organisation acknowledges its invitation (kvittens). Acknowledging twice changes nothing. */
  async acknowledge(actor: Actor, meetingId: string): Promise<CarePlanMeeting> {
    return this.gate.record(actor, CARE_PLAN_MEETING_RECORD, meetingId, { operation: 'acknowledgeCarePlanMeeting' }, async (scope) => {
      const { tx, record: meeting } = scope;
      const invitations = tx.children(CarePlanMeetingInvitation, 'meetingId', meeting.id);
      const invitation = await invitations.findOne({ where: { organisationId: actor.organisationId }, lock: { mode: 'pessimistic_write' } });
      if (!invitation) throw forbidden('Your organisation is not invited to this meeting');
      if (invitation.acknowledgedAt) return meeting;
      if (meeting.status !== CarePlanMeetingStatus.SCHEDULED) throw conflict('The meeting has already been held');
      await invitations.update(invitation.id, { acknowledgedAt: this.clock.now(), acknowledgedByStaffId: actor.staffId });
      return meeting;
    });
  }

  async recordHeld(actor: Actor, input: RecordCarePlanMeetingHeldInput): Promise<CarePlanMeeting> {
    return this.gate.record(actor, CARE_PLAN_MEETING_RECORD, input.meetingId, { operation: 'recordCarePlanMeetingHeld' }, async (scope) => {
      const { tx, record: meeting } = scope;
      requireParticipant({ grant: scope.grant, record: scope.parent as CarePlan });
      if (meeting.status !== CarePlanMeetingStatus.SCHEDULED) throw conflict('The meeting is already recorded as held');
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
      if (fields.length) throw badInput(fields);
      await tx.query(`UPDATE care_plan_meeting_invitation SET attended = (organisation_id = ANY ($2::uuid[])) WHERE meeting_id = $1`, [
        meeting.id,
        input.attendedOrganisationIds,
      ]);
      const held = {
        status: CarePlanMeetingStatus.HELD,
        heldAt,
        heldRecordedByStaffId: actor.staffId,
        patientAttended: input.patientAttended,
        nextOfKinAttended: input.nextOfKinAttended,
        attendingStaffIds: staffIds,
      };
      await tx.repo(CarePlanMeeting).update(meeting.id, held);
      return Object.assign(meeting, held);
    });
  }
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
