import { vi } from 'vitest';
import { CarePlanMeetingLifecycle1796870000000 } from '../migrations/1796870000000-CarePlanMeetingLifecycle';
import { EventBus } from '../src/events/event-bus';
import { InboxEventKind } from '../src/events/inbox-event';
import { DEMO_ORGS } from '../src/demo/region';
import { as, attempt, patientIdOf, personnummerOf, Q, setClock } from './helpers/discharges';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/**
 * The life of a SIP meeting beyond "scheduled, then held": a discharge's SIP invitation makes its
 * proposed time a scheduled meeting of the SIP; the SIP's participants move it (with a reason, kept
 * as history) or cancel it; the patient and next of kin are invited as persons and their
 * attendance recorded. Elsa is enrolled by Habo with Vårdcentralen Sjöbacken and has given no
 * information-sharing consent: the ward that discharges her takes no part in the SIP.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const HABO = DEMO_ORGS.habo.hsaId;
const SJOBACKEN = DEMO_ORGS.vcSjobacken.hsaId;
const MISSING = '00000000-0000-4000-8000-000000000000';

const MEETING = `fragment M on CarePlanMeeting {
  id status startsAt place placeDetail scheduledByOrganisation { hsaId }
  cancelledAt cancelReason cancelNote cancelledBy { name } cancelledByOrganisation { hsaId }
  heldAt patientAttended nextOfKinAttended
  invitations { organisation { hsaId } acknowledgedAt acknowledgedBy { name } attended }
  moves { previousStartsAt startsAt reason note movedAt movedBy { name } movedByOrganisation { hsaId } }
  invitedPersons { id kind name relation invitedVia invitedAt attended }
}`;
const M = {
  plan: `query($id: ID!) { r: carePlan(id: $id) { meetings { ...M } } } ${MEETING}`,
  schedule: `mutation($i: ScheduleCarePlanMeetingInput!) { r: scheduleCarePlanMeeting(input: $i) { ...M } } ${MEETING}`,
  move: `mutation($i: MoveCarePlanMeetingInput!) { r: moveCarePlanMeeting(input: $i) { ...M } } ${MEETING}`,
  cancel: `mutation($i: CancelCarePlanMeetingInput!) { r: cancelCarePlanMeeting(input: $i) { ...M } } ${MEETING}`,
  invite: `mutation($i: InviteToCarePlanMeetingInput!) { r: inviteToCarePlanMeeting(input: $i) { ...M } } ${MEETING}`,
  held: `mutation($i: RecordCarePlanMeetingHeldInput!) { r: recordCarePlanMeetingHeld(input: $i) { ...M } } ${MEETING}`,
  ack: `mutation($id: ID!) { r: acknowledgeCarePlanMeeting(meetingId: $id) { ...M } } ${MEETING}`,
};

const byOrg = <T extends { organisation: { hsaId: string } }>(xs: T[]) => [...xs].sort((a, b) => a.organisation.hsaId.localeCompare(b.organisation.hsaId));
const fieldsOf = (res: Awaited<ReturnType<typeof attempt>>) => [...new Set(expectError(res, 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field))];
const count = async (table: string, meetingId: string) =>
  (await t.sql(`SELECT count(*)::int AS n FROM ${table} WHERE meeting_id = $1`, [meetingId]))[0].n as number;

describe('SIP meetings: from the invitation to held or cancelled', () => {
  let elsa: string;
  let processId: string;
  let sipId: string;
  let meetingId: string;
  let patientInvitation: string;
  let kinInvitation: string;

  beforeAll(async () => {
    elsa = await patientIdOf(t, 'elsa');
    setClock(t, '2026-12-07T08:00:00Z');
    processId = (await as(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: personnummerOf('elsa'), admittedAt: '2026-12-07T07:00:00Z' } })).id;
    await as(t, 'toveDischarge', 'wardMedicine', Q.admission, { i: { processId, note: 'Fall i hemmet.' } });
    setClock(t, '2026-12-09T10:00:00Z');
    await as(t, 'aliPhysician', undefined, Q.ready, { i: { processId } });
  });

  it('makes the SIP invitation’s proposed time a scheduled meeting of the SIP, with the receiving organisations invited, in the same transaction', async () => {
    const p = await as(t, 'johanCoordinator', undefined, Q.sip, { i: { processId, proposedMeetingAt: '2026-12-14T13:00:00Z' } });
    const invitation = p.messages.find((m: any) => m.kind === 'SIP_INVITATION');
    sipId = invitation.sipId;
    const [row] = await t.sql(`SELECT sip_meeting_id FROM discharge_message WHERE id = $1`, [invitation.id]);
    meetingId = row.sip_meeting_id;
    expect(meetingId).toEqual(expect.any(String));
    const withId = await as(t, 'johanCoordinator', undefined, `query($id: ID!) { r: dischargeProcess(id: $id) { messages { kind sipMeetingId } } }`, {
      id: processId,
    });
    expect(withId.messages.find((m: any) => m.kind === 'SIP_INVITATION').sipMeetingId).toBe(meetingId);

    const [meeting] = (await as(t, 'linneaNurse', undefined, M.plan, { id: sipId })).meetings;
    expect({ ...meeting, invitations: byOrg(meeting.invitations) }).toEqual({
      id: meetingId,
      status: 'SCHEDULED',
      startsAt: '2026-12-14T13:00:00.000Z',
      place: 'HOME',
      placeDetail: null,
      scheduledByOrganisation: { hsaId: SJOBACKEN },
      cancelledAt: null,
      cancelReason: null,
      cancelNote: null,
      cancelledBy: null,
      cancelledByOrganisation: null,
      heldAt: null,
      patientAttended: null,
      nextOfKinAttended: null,
      // The SIP's organisations among the receivers: the sender's own acknowledged at once; the ward takes no part.
      invitations: byOrg([
        { organisation: { hsaId: SJOBACKEN }, acknowledgedAt: '2026-12-09T10:00:00.000Z', acknowledgedBy: { name: 'Johan Berglund' }, attended: null },
        { organisation: { hsaId: HABO }, acknowledgedAt: null, acknowledgedBy: null, attended: null },
      ]),
      moves: [],
      invitedPersons: [],
    });
  });

  it('makes no meeting of an invitation without a proposed time', async () => {
    await as(t, 'johanCoordinator', undefined, Q.sip, { i: { processId } });
    expect(await t.sql(`SELECT count(*)::int AS n FROM care_plan_meeting WHERE care_plan_id = $1`, [sipId])).toEqual([{ n: 1 }]);
    const [last] = await t.sql(`SELECT sip_meeting_id FROM discharge_message WHERE process_id = $1 AND kind = 'SIP_INVITATION' ORDER BY seq DESC LIMIT 1`, [
      processId,
    ]);
    expect(last.sip_meeting_id).toBeNull();
  });

  it('moves the meeting with a reason, keeps the move, and asks the other organisations to acknowledge the new time', async () => {
    setClock(t, '2026-12-10T08:00:00Z');
    const spy = vi.spyOn(t.app.get(EventBus), 'publish');
    const moved = await as(t, 'linneaNurse', undefined, M.move, { i: { meetingId, startsAt: '2026-12-16T10:00:00+01:00', reason: 'PATIENT_UNWELL' } });
    // The other invited organisation hears of the move (the mover's own does not): ids only.
    const [sjobacken] = await t.sql(`SELECT id FROM organisation WHERE hsa_id = $1`, [SJOBACKEN]);
    expect(spy.mock.calls.map(([e]) => e)).toEqual([
      { kind: InboxEventKind.CARE_PLAN_MEETING_CHANGED, patientId: elsa, entityId: meetingId, organisationIds: [sjobacken.id] },
    ]);
    spy.mockRestore();
    expect(moved.status).toBe('SCHEDULED');
    expect(moved.startsAt).toBe('2026-12-16T09:00:00.000Z');
    expect(moved.moves).toEqual([
      {
        previousStartsAt: '2026-12-14T13:00:00.000Z',
        startsAt: '2026-12-16T09:00:00.000Z',
        reason: 'PATIENT_UNWELL',
        note: null,
        movedAt: '2026-12-10T08:00:00.000Z',
        movedBy: { name: 'Linnea Falk' },
        movedByOrganisation: { hsaId: HABO },
      },
    ]);
    expect(byOrg(moved.invitations)).toEqual(
      byOrg([
        { organisation: { hsaId: SJOBACKEN }, acknowledgedAt: null, acknowledgedBy: null, attended: null },
        { organisation: { hsaId: HABO }, acknowledgedAt: '2026-12-10T08:00:00.000Z', acknowledgedBy: { name: 'Linnea Falk' }, attended: null },
      ]),
    );

    setClock(t, '2026-12-10T09:00:00Z');
    const note = 'Tolk behövs och kan först den 17:e.';
    const again = await as(t, 'johanCoordinator', undefined, M.move, { i: { meetingId, startsAt: '2026-12-17T13:00:00Z', reason: 'OTHER', note } });
    expect(again.moves.map((m: any) => [m.previousStartsAt, m.startsAt, m.reason, m.note, m.movedByOrganisation.hsaId])).toEqual([
      ['2026-12-14T13:00:00.000Z', '2026-12-16T09:00:00.000Z', 'PATIENT_UNWELL', null, HABO],
      ['2026-12-16T09:00:00.000Z', '2026-12-17T13:00:00.000Z', 'OTHER', note, SJOBACKEN],
    ]);
    // Every participant sees the new time.
    const [seen] = (await as(t, 'linneaNurse', undefined, M.plan, { id: sipId })).meetings;
    expect(seen).toMatchObject({ status: 'SCHEDULED', startsAt: '2026-12-17T13:00:00.000Z' });
    expect(seen.moves).toHaveLength(2);
  });

  it('refuses a move to the past, to the same time, too far ahead, without a reason’s note, or for a reason that cancels; naming the field, writing nothing', async () => {
    const base = { meetingId, startsAt: '2026-12-18T13:00:00Z', reason: 'PATIENT_REQUEST' };
    const move = (i: object) => attempt(t, 'linneaNurse', undefined, M.move, { i: { ...base, ...i } });
    expect(fieldsOf(await move({ startsAt: '2026-12-10T08:59:00Z' }))).toEqual(['input.startsAt']);
    expect(fieldsOf(await move({ startsAt: '2026-12-17T14:00:00+01:00' }))).toEqual(['input.startsAt']);
    expect(fieldsOf(await move({ startsAt: '2031-01-01T10:00:00Z' }))).toEqual(['input.startsAt']);
    expect(fieldsOf(await move({ startsAt: '2026-12-18' }))).toEqual(['input.startsAt']);
    expect(fieldsOf(await move({ reason: 'OTHER' }))).toEqual(['input.note']);
    expect(fieldsOf(await move({ reason: 'NO_LONGER_NEEDED' }))).toEqual(['input.reason']);
    expect(fieldsOf(await move({ note: 'x'.repeat(501) }))).toEqual(['input.note']);
    expectError(await move({ reason: 'SOON' }), 'BAD_USER_INPUT');
    expect(await count('care_plan_meeting_move', meetingId)).toBe(2);
    const [m] = await t.sql(`SELECT starts_at FROM care_plan_meeting WHERE id = $1`, [meetingId]);
    expect(m.starts_at.toISOString()).toBe('2026-12-17T13:00:00.000Z');
  });

  it('refuses a role that may not, and organisations outside the SIP, exactly as a missing meeting, and logs it', async () => {
    const i = { meetingId, startsAt: '2026-12-18T13:00:00Z', reason: 'PATIENT_REQUEST' };
    const missing = expectError(await attempt(t, 'linneaNurse', undefined, M.move, { i: { ...i, meetingId: MISSING } }), 'NOT_FOUND');
    expect(missing.message).toBe('Meeting not found');
    for (const [who, org] of [
      ['henrikManager', undefined], // Habo's unit manager: not a SIP role
      ['toveDischarge', 'wardMedicine'], // the ward: a care relationship, no part in the SIP, no consent
      ['annaNurse', undefined], // Jönköping: no care relationship with Elsa
    ] as const) {
      const refused = expectError(await attempt(t, who, org, M.move, { i }), 'NOT_FOUND');
      expect(refused.message).toBe(missing.message);
      const cancel = expectError(await attempt(t, who, org, M.cancel, { i: { meetingId, reason: 'PATIENT_REQUEST' } }), 'NOT_FOUND');
      expect(cancel.message).toBe(missing.message);
      const invite = expectError(await attempt(t, who, org, M.invite, { i: { meetingId, kind: 'PATIENT', invitedVia: 'LETTER' } }), 'NOT_FOUND');
      expect(invite.message).toBe(missing.message);
    }
    const rows = await t.sql(
      `SELECT outcome::text, details->>'reason' AS reason FROM audit_log
        WHERE operation = 'moveCarePlanMeeting' AND patient_id = $1 AND outcome = 'REFUSED' ORDER BY id`,
      [elsa],
    );
    expect(rows.map((r: any) => r.reason)).toEqual(['role', 'no-consent', 'no-care-relationship']);
    expect(await count('care_plan_meeting_move', meetingId)).toBe(2);
  });

  it('invites the patient and a next of kin as persons, apart from the organisations', async () => {
    const invited = await as(t, 'johanCoordinator', undefined, M.invite, {
      i: { meetingId, kind: 'PATIENT', invitedVia: 'LETTER', invitedAt: '2026-12-09T15:00:00+01:00' },
    });
    const withKin = await as(t, 'linneaNurse', undefined, M.invite, {
      i: { meetingId, kind: 'NEXT_OF_KIN', name: '  Anna Nilsson ', relation: 'dotter', invitedVia: 'PHONE' },
    });
    expect(invited.invitedPersons).toHaveLength(1);
    expect(withKin.invitedPersons).toEqual([
      { id: expect.any(String), kind: 'PATIENT', name: null, relation: null, invitedVia: 'LETTER', invitedAt: '2026-12-09T14:00:00.000Z', attended: null },
      {
        id: expect.any(String),
        kind: 'NEXT_OF_KIN',
        name: 'Anna Nilsson',
        relation: 'dotter',
        invitedVia: 'PHONE',
        invitedAt: '2026-12-10T09:00:00.000Z',
        attended: null,
      },
    ]);
    [patientInvitation, kinInvitation] = withKin.invitedPersons.map((p: any) => p.id);
    // The organisations' invitations are not changed by it.
    expect(withKin.invitations).toHaveLength(2);
  });

  it('refuses person invitations with the wrong fields, in the future, or the patient twice', async () => {
    const invite = (i: object) => attempt(t, 'linneaNurse', undefined, M.invite, { i: { meetingId, invitedVia: 'MESSAGE_1177', ...i } });
    expect(fieldsOf(await invite({ kind: 'NEXT_OF_KIN' }))).toEqual(['input.name', 'input.relation']);
    expect(fieldsOf(await invite({ kind: 'NEXT_OF_KIN', name: 'Per', relation: '' }))).toEqual(['input.relation']);
    expect(fieldsOf(await invite({ kind: 'PATIENT', name: 'Elsa' }))).toEqual(['input.name']);
    expect(fieldsOf(await invite({ kind: 'NEXT_OF_KIN', name: 'Per', relation: 'son', invitedAt: '2026-12-11T09:00:00Z' }))).toEqual(['input.invitedAt']);
    expect(fieldsOf(await invite({ kind: 'NEXT_OF_KIN', name: 'x'.repeat(201), relation: 'son' }))).toEqual(['input.name']);
    expect(expectError(await invite({ kind: 'PATIENT' }), 'CONFLICT').message).toBe('The patient is already invited to this meeting');
    expect(await count('care_plan_meeting_person', meetingId)).toBe(2);
  });

  it('lets emergency access read the meeting but not change it', async () => {
    const token = await t.token('ullaNurse');
    const open = await t.gql(
      `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { id } }`,
      { i: { personnummer: personnummerOf('elsa'), reason: 'Medvetslös i hemmet' } },
      token,
    );
    expect(open.errors).toBeUndefined();
    const read = await t.gql(M.plan, { id: sipId }, token);
    expect(read.errors).toBeUndefined();
    expect(read.data.r.meetings[0]).toMatchObject({ id: meetingId, startsAt: '2026-12-17T13:00:00.000Z' });
    for (const [op, q, i] of [
      ['moveCarePlanMeeting', M.move, { meetingId, startsAt: '2026-12-18T13:00:00Z', reason: 'PATIENT_REQUEST' }],
      ['cancelCarePlanMeeting', M.cancel, { meetingId, reason: 'PATIENT_REQUEST' }],
      ['inviteToCarePlanMeeting', M.invite, { meetingId, kind: 'NEXT_OF_KIN', name: 'Per', relation: 'son', invitedVia: 'PHONE' }],
    ] as const) {
      expectError(await t.gql(q, { i }, token), 'FORBIDDEN');
      const [row] = await t.sql(
        `SELECT outcome::text, emergency, details->>'reason' AS reason FROM audit_log WHERE operation = $1 AND patient_id = $2 ORDER BY id DESC LIMIT 1`,
        [op, elsa],
      );
      expect(row).toEqual({ outcome: 'REFUSED', emergency: true, reason: 'emergency-read-only' });
    }
    expect(await count('care_plan_meeting_move', meetingId)).toBe(2);
    expect(await count('care_plan_meeting_person', meetingId)).toBe(2);
  });

  it('records attendance for the invited persons; the patient’s and next of kin’s attendance follow from them or must agree', async () => {
    setClock(t, '2026-12-17T15:00:00Z');
    const base = { meetingId, attendedOrganisationIds: [], attendingStaffIds: [] };
    const held = (i: object) => attempt(t, 'linneaNurse', undefined, M.held, { i: { ...base, ...i } });
    expect(fieldsOf(await held({ attendedPersonIds: [MISSING] }))).toEqual(['input.attendedPersonIds.0']);
    expect(fieldsOf(await held({ attendedPersonIds: [patientInvitation], patientAttended: false }))).toEqual(['input.patientAttended']);
    expect(fieldsOf(await held({ attendedPersonIds: [], patientAttended: true }))).toEqual(['input.patientAttended']);
    expect(fieldsOf(await held({ attendedPersonIds: [kinInvitation], nextOfKinAttended: false }))).toEqual(['input.nextOfKinAttended']);
    const res = await held({ attendedOrganisationIds: [await t.orgId('habo'), await t.orgId('vcSjobacken')], attendedPersonIds: [patientInvitation] });
    expect(res.errors).toBeUndefined();
    const m = res.data.r;
    expect(m).toMatchObject({ status: 'HELD', heldAt: '2026-12-17T13:00:00.000Z', patientAttended: true, nextOfKinAttended: false });
    expect(m.invitedPersons.map((p: any) => [p.kind, p.attended])).toEqual([
      ['PATIENT', true],
      ['NEXT_OF_KIN', false],
    ]);
  });

  it('refuses to move, cancel or invite to a held meeting', async () => {
    expect(
      expectError(
        await attempt(t, 'linneaNurse', undefined, M.move, { i: { meetingId, startsAt: '2026-12-20T13:00:00Z', reason: 'PATIENT_REQUEST' } }),
        'CONFLICT',
      ).message,
    ).toBe('The meeting has been held; a held meeting is not moved');
    expectError(await attempt(t, 'linneaNurse', undefined, M.cancel, { i: { meetingId, reason: 'PATIENT_REQUEST' } }), 'CONFLICT');
    expectError(
      await attempt(t, 'linneaNurse', undefined, M.invite, { i: { meetingId, kind: 'NEXT_OF_KIN', name: 'Per', relation: 'son', invitedVia: 'PHONE' } }),
      'CONFLICT',
    );
    expect(await count('care_plan_meeting_move', meetingId)).toBe(2);
  });

  describe('cancelling', () => {
    let other: string;

    beforeAll(async () => {
      other = (
        await as(t, 'johanCoordinator', undefined, M.schedule, {
          i: {
            carePlanId: sipId,
            startsAt: '2026-12-22T09:00:00Z',
            place: 'HOME',
            invitedOrganisationIds: [await t.orgId('habo'), await t.orgId('vcSjobacken')],
          },
        })
      ).id;
    });

    it('needs a note when the reason is OTHER, and a known reason', async () => {
      expect(fieldsOf(await attempt(t, 'linneaNurse', undefined, M.cancel, { i: { meetingId: other, reason: 'OTHER' } }))).toEqual(['input.note']);
      expect(fieldsOf(await attempt(t, 'linneaNurse', undefined, M.cancel, { i: { meetingId: other, reason: 'OTHER', note: ' ' } }))).toEqual(['input.note']);
      expectError(await attempt(t, 'linneaNurse', undefined, M.cancel, { i: { meetingId: other, reason: 'BORED' } }), 'BAD_USER_INPUT');
      expect((await t.sql(`SELECT status::text FROM care_plan_meeting WHERE id = $1`, [other]))[0].status).toBe('SCHEDULED');
    });

    it('cancels a scheduled meeting with a reason; participants see it CANCELLED', async () => {
      setClock(t, '2026-12-18T08:00:00Z');
      const c = await as(t, 'linneaNurse', undefined, M.cancel, { i: { meetingId: other, reason: 'PATIENT_IN_HOSPITAL', note: 'Inlagd igen.' } });
      expect(c).toMatchObject({
        status: 'CANCELLED',
        startsAt: '2026-12-22T09:00:00.000Z',
        cancelledAt: '2026-12-18T08:00:00.000Z',
        cancelReason: 'PATIENT_IN_HOSPITAL',
        cancelNote: 'Inlagd igen.',
        cancelledBy: { name: 'Linnea Falk' },
        cancelledByOrganisation: { hsaId: HABO },
      });
      const meetings = (await as(t, 'johanCoordinator', undefined, M.plan, { id: sipId })).meetings;
      expect(meetings.map((m: any) => [m.id, m.status])).toEqual([
        [other, 'CANCELLED'],
        [meetingId, 'HELD'],
      ]);
    });

    it('refuses to move, cancel again, acknowledge or hold a cancelled meeting', async () => {
      const moved = expectError(
        await attempt(t, 'johanCoordinator', undefined, M.move, { i: { meetingId: other, startsAt: '2026-12-23T09:00:00Z', reason: 'PATIENT_REQUEST' } }),
        'CONFLICT',
      );
      expect(moved.message).toBe('The meeting is cancelled; a cancelled meeting is not moved');
      expectError(await attempt(t, 'johanCoordinator', undefined, M.cancel, { i: { meetingId: other, reason: 'PATIENT_REQUEST' } }), 'CONFLICT');
      expectError(await attempt(t, 'linneaNurse', undefined, M.ack, { id: other }), 'CONFLICT');
      setClock(t, '2026-12-22T12:00:00Z');
      expectError(
        await attempt(t, 'johanCoordinator', undefined, M.held, {
          i: { meetingId: other, attendedOrganisationIds: [], attendingStaffIds: [], patientAttended: false, nextOfKinAttended: false },
        }),
        'CONFLICT',
      );
      expect((await t.sql(`SELECT status::text FROM care_plan_meeting WHERE id = $1`, [other]))[0].status).toBe('CANCELLED');
    });
  });

  it('logs every attempt with the patient: allowed, failed inside, refused', async () => {
    const rows = await t.sql(
      `SELECT operation, outcome::text AS outcome, count(*)::int AS n FROM audit_log
        WHERE patient_id = $1 AND operation IN ('moveCarePlanMeeting', 'cancelCarePlanMeeting', 'inviteToCarePlanMeeting')
        GROUP BY operation, outcome ORDER BY operation, outcome`,
      [elsa],
    );
    expect(rows).toEqual([
      { operation: 'cancelCarePlanMeeting', outcome: 'ALLOWED', n: 1 },
      { operation: 'cancelCarePlanMeeting', outcome: 'FAILED', n: 2 },
      { operation: 'cancelCarePlanMeeting', outcome: 'REFUSED', n: 4 },
      { operation: 'inviteToCarePlanMeeting', outcome: 'ALLOWED', n: 2 },
      { operation: 'inviteToCarePlanMeeting', outcome: 'FAILED', n: 3 },
      { operation: 'inviteToCarePlanMeeting', outcome: 'REFUSED', n: 4 },
      { operation: 'moveCarePlanMeeting', outcome: 'ALLOWED', n: 2 },
      { operation: 'moveCarePlanMeeting', outcome: 'FAILED', n: 4 },
      { operation: 'moveCarePlanMeeting', outcome: 'REFUSED', n: 4 },
    ]);
  });
});

describe('an invitation linking a SIP the sender takes no part in', () => {
  it('makes no meeting: only participants schedule a SIP’s meetings, and linking adds none; the proposed time stays on the message', async () => {
    const margit = await patientIdOf(t, 'margit');
    setClock(t, '2026-12-07T08:00:00Z');
    // Habo's SIP for Margit, with Habo alone taking part (Vårdcentralen Ekdalen not yet added).
    const created = await t.gql(
      `mutation($i: CreateCarePlanInput!) { createCarePlan(input: $i) { id } }`,
      { i: { patientId: margit, reason: 'Insatser behöver samordnas.' } },
      await t.token('linneaNurse'),
    );
    expect(created.errors).toBeUndefined();
    const planId = created.data.createCarePlan.id;
    const processId = (
      await as(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: personnummerOf('margit'), admittedAt: '2026-12-07T07:00:00Z' } })
    ).id;
    await as(t, 'toveDischarge', 'wardMedicine', Q.admission, { i: { processId, note: 'Pneumoni.' } });
    setClock(t, '2026-12-09T10:00:00Z');
    await as(t, 'aliPhysician', undefined, Q.ready, { i: { processId } });
    const p = await as(t, 'ullaNurse', undefined, Q.sip, { i: { processId, proposedMeetingAt: '2026-12-15T13:00:00Z' } });
    const invitation = p.messages.find((m: any) => m.kind === 'SIP_INVITATION');
    expect(invitation).toMatchObject({ sipId: planId, proposedMeetingAt: '2026-12-15T13:00:00.000Z' });
    expect(await t.sql(`SELECT sip_meeting_id FROM discharge_message WHERE id = $1`, [invitation.id])).toEqual([{ sip_meeting_id: null }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM care_plan_meeting WHERE care_plan_id = $1`, [planId])).toEqual([{ n: 0 }]);
  });
});

describe('a retracted SIP invitation', () => {
  it('cancels the meeting it made (NO_LONGER_NEEDED, with a note), unless it was moved since', async () => {
    setClock(t, '2026-12-07T08:00:00Z');
    const processId = (
      await as(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: personnummerOf('karl'), admittedAt: '2026-12-07T07:00:00Z' } })
    ).id;
    await as(t, 'toveDischarge', 'wardMedicine', Q.admission, { i: { processId, note: 'Hjärtsvikt.' } });
    setClock(t, '2026-12-09T10:00:00Z');
    await as(t, 'aliPhysician', undefined, Q.ready, { i: { processId } });
    const invite = async (at: string) => {
      const p = await as(t, 'ullaNurse', undefined, Q.sip, { i: { processId, proposedMeetingAt: at } });
      const m = p.messages.filter((x: any) => x.kind === 'SIP_INVITATION').at(-1);
      const [row] = await t.sql(
        `SELECT id, sip_meeting_id FROM discharge_message WHERE process_id = $1 AND kind = 'SIP_INVITATION' ORDER BY seq DESC LIMIT 1`,
        [processId],
      );
      return { messageId: row.id as string, meetingId: row.sip_meeting_id as string, sipId: m.sipId as string };
    };
    const retract = (messageId: string) =>
      as(t, 'ullaNurse', undefined, `mutation($i: RetractDischargeMessageInput!) { r: retractDischargeMessage(input: $i) { id } }`, {
        i: { messageId, reason: 'Fel tid angavs i kallelsen.' },
      });
    const status = async (meetingId: string) =>
      (await t.sql(`SELECT status, cancel_reason, cancel_note FROM care_plan_meeting WHERE id = $1`, [meetingId]))[0] as Record<string, string>;

    const first = await invite('2026-12-15T13:00:00Z');
    expect(first.meetingId).toEqual(expect.any(String));
    await retract(first.messageId);
    expect(await status(first.meetingId)).toEqual({
      status: 'CANCELLED',
      cancel_reason: 'NO_LONGER_NEEDED',
      cancel_note: expect.stringMatching(/makulerades/),
    });

    // A meeting moved after the invitation was agreed on afresh: retracting the invitation leaves it.
    const second = await invite('2026-12-16T13:00:00Z');
    await as(t, 'ullaNurse', undefined, M.move, { i: { meetingId: second.meetingId, startsAt: '2026-12-17T13:00:00Z', reason: 'PATIENT_REQUEST' } });
    await retract(second.messageId);
    expect((await status(second.meetingId)).status).toBe('SCHEDULED');
  });
});

describe('Esther’s demo SIP meeting in January', () => {
  it('was moved once with a reason, and Esther and her daughter are invited', async () => {
    const esther = await patientIdOf(t, 'esther');
    const [plan] = await t.sql(`SELECT id FROM care_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
    const meetings = (await as(t, 'annaNurse', undefined, M.plan, { id: plan.id })).meetings;
    const upcoming = meetings.find((m: any) => m.status === 'SCHEDULED' && m.startsAt === '2027-01-19T13:00:00.000Z');
    expect(upcoming.moves).toEqual([
      {
        previousStartsAt: '2027-01-12T13:00:00.000Z',
        startsAt: '2027-01-19T13:00:00.000Z',
        reason: 'PARTICIPANT_UNAVAILABLE',
        note: 'Dottern Karin kan inte den 12 januari.',
        movedAt: '2026-11-20T10:00:00.000Z',
        movedBy: { name: 'Maria Lind' },
        movedByOrganisation: { hsaId: DEMO_ORGS.jonkoping.hsaId },
      },
    ]);
    expect(upcoming.invitedPersons.map((p: any) => [p.kind, p.name, p.relation, p.invitedVia])).toEqual([
      ['PATIENT', null, null, 'LETTER'],
      ['NEXT_OF_KIN', 'Karin Johansson', 'dotter', 'PHONE'],
    ]);
  });
});

describe('migration CarePlanMeetingLifecycle', () => {
  it('keeps the meetings there were: taken back and run again, every meeting, invitation and attendance is as before', async () => {
    const meetings = `SELECT id, care_plan_id, starts_at, place::text, status::text, held_at, patient_attended, next_of_kin_attended, attending_staff_ids FROM care_plan_meeting ORDER BY id`;
    const invitations = `SELECT meeting_id, organisation_id, acknowledged_at, attended FROM care_plan_meeting_invitation ORDER BY meeting_id, organisation_id`;
    const migration = new CarePlanMeetingLifecycle1796870000000();
    const qr = t.ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      // No meeting is cancelled in this database until `down` has run (the earlier schema has no such status).
      await qr.query(`UPDATE care_plan_meeting SET status = 'SCHEDULED', cancelled_at = NULL, cancel_reason = NULL WHERE status = 'CANCELLED'`);
      const before = { m: await qr.query(meetings), i: await qr.query(invitations) };
      expect(before.m.length).toBeGreaterThan(2);
      await migration.down(qr);
      expect(await qr.query(meetings)).toEqual(before.m);
      await migration.up(qr);
      expect({ m: await qr.query(meetings), i: await qr.query(invitations) }).toEqual(before);
      expect(await qr.query(`SELECT count(*)::int AS n FROM care_plan_meeting WHERE cancelled_at IS NOT NULL OR cancel_reason IS NOT NULL`)).toEqual([
        { n: 0 },
      ]);
      expect(await qr.query(`SELECT count(*)::int AS n FROM care_plan_meeting_move`)).toEqual([{ n: 0 }]);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });

  it('refuses to go back while a meeting is cancelled', async () => {
    const qr = t.ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      const [{ n }] = await qr.query(`SELECT count(*)::int AS n FROM care_plan_meeting WHERE status = 'CANCELLED'`);
      expect(n).toBeGreaterThan(0); // cancelled above
      await expect(new CarePlanMeetingLifecycle1796870000000().down(qr)).rejects.toThrow(/cancelled SIP meetings exist/);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });
});
