import { vi } from 'vitest';
import { HandoverAnswers1796810000000 } from '../migrations/1796810000000-HandoverAnswers';
import { EventBus } from '../src/events/event-bus';
import { InboxEventKind } from '../src/events/inbox-event';
import { as, attempt, patientIdOf, setClock } from './helpers/discharges';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/*
 * Handovers that get answers: the respond-by time per urgency (Stockholm calendar, across DST), the
 * answer's rules and refusals, the paper routine (givenAt), the inbox's order and the follow-up
 * indicator. Stockholm is UTC+1 in winter, UTC+2 in summer; DST ends Sun 2026-10-25 at 01:00 UTC.
 * 2026-12-07 is a Monday.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const HANDOVER = `fragment H on Handover {
  id sentAt recordedAt enteredAfterwards urgency requestedResponse respondBy responseState awaitingAnswer
  acknowledgementDueAt acknowledgedAt acknowledgementState acknowledgementRecordedAt acknowledgementEnteredAfterwards
  acknowledgedBy { name } answeredBy { name } senderStaff { name } receiverOrganisation { name }
  answer { outcome text contentWithheld withheldReason plannedVisitAt answeredAt recordedAt enteredAfterwards }
  patient { givenName } }`;
const H = {
  send: `mutation($i: SendHandoverInput!) { r: sendHandover(input: $i) { ...H } } ${HANDOVER}`,
  answer: `mutation($i: AnswerHandoverInput!) { r: answerHandover(input: $i) { ...H } } ${HANDOVER}`,
  ack: `mutation($id: ID!, $givenAt: DateTime) { r: acknowledgeHandover(handoverId: $id, givenAt: $givenAt) { ...H } } ${HANDOVER}`,
  get: `query($id: ID!) { r: handover(id: $id) { ...H } } ${HANDOVER}`,
  list: `query($patientId: ID!) { r: handovers(patientId: $patientId, first: 50) { edges { node { ...H } } } } ${HANDOVER}`,
  inbox: `query($first: Int, $after: String, $all: Boolean! = false) { r: handoverInbox(first: $first, after: $after, includeAcknowledged: $all) {
    edges { node { ...H } } pageInfo { hasNextPage endCursor } } } ${HANDOVER}`,
};
const SBAR = {
  situation: 'Ökad andfåddhet sedan i går.',
  background: 'Hjärtsvikt, förmaksflimmer.',
  assessment: 'Misstänkt vätskeansamling, vikt +2 kg.',
  recommendation: 'Läkarbedömning.',
};

type Who = Parameters<typeof as>[1];
async function send(who: Who, to: Parameters<TestApp['orgId']>[0], patient: string, extra: Record<string, unknown> = {}) {
  return as(t, who, undefined, H.send, {
    i: { patientId: await patientIdOf(t, patient), receiverOrganisationId: await t.orgId(to), occasion: 'CHANGE_IN_CONDITION', ...SBAR, ...extra },
  });
}
const answer = (who: Who, i: Record<string, unknown>) => attempt(t, who, undefined, H.answer, { i });
const fieldsOf = (res: any) => expectError(res, 'BAD_USER_INPUT').extensions.fields;

describe('the demo', () => {
  it('has Anna’s question about Esther to Sjöbacken, answered by Erik in time with a home visit', async () => {
    const [{ id }] = await t.sql(`SELECT id FROM handover WHERE answer_outcome IS NOT NULL`);
    const h = await as(t, 'fatimaGp', undefined, H.get, { id });
    expect(h).toMatchObject({
      patient: { givenName: 'Esther' },
      senderStaff: { name: 'Anna Nilsson' },
      urgency: 'TODAY',
      requestedResponse: 'HOME_VISIT',
      respondBy: '2026-11-24T20:00:00.000Z',
      responseState: 'MET',
      awaitingAnswer: false,
      answeredBy: { name: 'Erik Sjöberg' },
      answer: { outcome: 'VISIT_PLANNED', plannedVisitAt: '2026-11-24T13:00:00.000Z', answeredAt: '2026-11-24T09:20:00.000Z', enteredAfterwards: false },
    });
    // Handovers from before answers were recorded read as routine information.
    const [karl] = await t.sql(`SELECT urgency, requested_response, respond_by FROM handover WHERE answer_outcome IS NULL AND acknowledged_at IS NULL`);
    expect(karl).toEqual({ urgency: 'ROUTINE', requested_response: 'INFORMATION_ONLY', respond_by: null });
  });
});

describe('the migration', () => {
  it('gives handovers stored before it urgency ROUTINE, information only, no respond-by time, entered when given', async () => {
    const qr = t.ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      await new HandoverAnswers1796810000000().down(qr);
      await qr.query(`UPDATE handover SET acknowledged_at = sent_at + interval '2 hours' WHERE acknowledged_at IS NULL`);
      await new HandoverAnswers1796810000000().up(qr);
      const rows = await qr.query(
        `SELECT DISTINCT urgency, requested_response, respond_by, recorded_at = sent_at AS as_given, acknowledgement_recorded_at = acknowledged_at AS ack_as_given,
                entered_afterwards, acknowledgement_entered_afterwards, answer_outcome, answered_at
           FROM handover`,
      );
      expect(rows).toEqual([
        {
          urgency: 'ROUTINE',
          requested_response: 'INFORMATION_ONLY',
          respond_by: null,
          as_given: true,
          ack_as_given: true,
          entered_afterwards: false,
          acknowledgement_entered_afterwards: false,
          answer_outcome: null,
          answered_at: null,
        },
      ]);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });
});

describe('respond-by per urgency', () => {
  it('Monday 09:00: ACUTE by 10:00, TODAY by 21:00, ROUTINE by the end of Tuesday; information only needs no answer', async () => {
    setClock(t, '2026-12-07T08:00:00Z');
    const by = async (urgency: string, requestedResponse = 'PHONE_ASSESSMENT') => send('annaNurse', 'vcSjobacken', 'esther', { urgency, requestedResponse });
    expect(await by('ACUTE')).toMatchObject({ respondBy: '2026-12-07T09:00:00.000Z', responseState: 'OPEN', awaitingAnswer: true, answer: null });
    expect((await by('TODAY', 'HOME_VISIT')).respondBy).toBe('2026-12-07T20:00:00.000Z');
    expect((await by('ROUTINE', 'MEDICATION_REVIEW')).respondBy).toBe('2026-12-08T22:59:59.999Z');
    const info = await send('annaNurse', 'vcSjobacken', 'esther'); // the defaults
    expect(info).toMatchObject({ urgency: 'ROUTINE', requestedResponse: 'INFORMATION_ONLY', respondBy: null, responseState: null, awaitingAnswer: false });
  });

  it('TODAY given after 17:00 gets 4 hours; at 17:00 exactly both rules say 21:00', async () => {
    setClock(t, '2026-12-07T16:00:00Z');
    expect((await send('annaNurse', 'vcSjobacken', 'esther', { urgency: 'TODAY', requestedResponse: 'PHONE_ASSESSMENT' })).respondBy).toBe(
      '2026-12-07T20:00:00.000Z',
    );
    setClock(t, '2026-12-07T16:00:01Z');
    expect((await send('annaNurse', 'vcSjobacken', 'esther', { urgency: 'TODAY', requestedResponse: 'PHONE_ASSESSMENT' })).respondBy).toBe(
      '2026-12-07T20:00:01.000Z',
    );
    setClock(t, '2026-12-07T22:30:00Z'); // 23:30
    expect((await send('annaNurse', 'vcSjobacken', 'esther', { urgency: 'TODAY', requestedResponse: 'PHONE_ASSESSMENT' })).respondBy).toBe(
      '2026-12-08T02:30:00.000Z',
    );
  });

  it('ROUTINE on a Friday or at the weekend is due at the end of Monday', async () => {
    setClock(t, '2026-12-11T15:00:00Z');
    expect((await send('annaNurse', 'vcSjobacken', 'esther', { urgency: 'ROUTINE', requestedResponse: 'HOME_VISIT' })).respondBy).toBe(
      '2026-12-14T22:59:59.999Z',
    );
    setClock(t, '2026-12-13T22:59:59Z'); // Sunday 23:59:59
    expect((await send('annaNurse', 'vcSjobacken', 'esther', { urgency: 'ROUTINE', requestedResponse: 'HOME_VISIT' })).respondBy).toBe(
      '2026-12-14T22:59:59.999Z',
    );
  });

  it('holds across the autumn DST change (Sunday 2026-10-25)', async () => {
    setClock(t, '2026-10-25T00:30:00Z'); // 02:30 CEST, before the clocks go back
    const ask = (urgency: string) => send('annaNurse', 'vcSjobacken', 'esther', { urgency, requestedResponse: 'PHONE_ASSESSMENT' });
    expect((await ask('ACUTE')).respondBy).toBe('2026-10-25T01:30:00.000Z'); // one elapsed hour: 02:30 CET
    expect((await ask('TODAY')).respondBy).toBe('2026-10-25T20:00:00.000Z'); // 21:00 CET
    expect((await ask('ROUTINE')).respondBy).toBe('2026-10-26T22:59:59.999Z'); // end of Monday, CET
    setClock(t, '2026-10-23T10:00:00Z'); // Friday, CEST
    expect((await ask('ROUTINE')).respondBy).toBe('2026-10-26T22:59:59.999Z');
  });
});

describe('answering', () => {
  let id: string;
  beforeAll(async () => {
    setClock(t, '2026-12-08T08:00:00Z');
    id = (await send('annaNurse', 'vcSjobacken', 'esther', { urgency: 'TODAY', requestedResponse: 'HOME_VISIT' })).id;
  });

  it('the receiver answers with a planned visit; the answer acknowledges it too; the sender reads it', async () => {
    setClock(t, '2026-12-08T09:00:00Z');
    const spy = vi.spyOn(t.app.get(EventBus), 'publish');
    const res = await answer('fatimaGp', {
      handoverId: id,
      outcome: 'VISIT_PLANNED',
      text: 'Jag kommer kl. 14 i dag.',
      plannedVisitAt: '2026-12-08T13:00:00Z',
    });
    expect(res.errors).toBeUndefined();
    // The sender's organisation hears of the answer once it is committed: ids only, never the text.
    const [sender] = await t.sql(`SELECT patient_id, sender_organisation_id FROM handover WHERE id = $1`, [id]);
    expect(spy.mock.calls.map(([e]) => e)).toEqual([
      { kind: InboxEventKind.HANDOVER_ANSWERED, patientId: sender.patient_id, entityId: id, organisationIds: [sender.sender_organisation_id] },
    ]);
    spy.mockRestore();
    expect(res.data.r).toMatchObject({
      responseState: 'MET',
      awaitingAnswer: false,
      acknowledgedAt: '2026-12-08T09:00:00.000Z',
      acknowledgementState: 'MET',
      acknowledgedBy: { name: 'Fatima Rahimi' },
      answeredBy: { name: 'Fatima Rahimi' },
      answer: {
        outcome: 'VISIT_PLANNED',
        text: 'Jag kommer kl. 14 i dag.',
        contentWithheld: false,
        plannedVisitAt: '2026-12-08T13:00:00.000Z',
        answeredAt: '2026-12-08T09:00:00.000Z',
        recordedAt: '2026-12-08T09:00:00.000Z',
        enteredAfterwards: false,
      },
    });
    expect(await as(t, 'annaNurse', undefined, H.get, { id })).toMatchObject({
      answer: { outcome: 'VISIT_PLANNED', text: 'Jag kommer kl. 14 i dag.' },
      answeredBy: { name: 'Fatima Rahimi' },
    });
  });

  it('answers once: a second answer is a CONFLICT, nothing changes', async () => {
    const again = expectError(await answer('erikGp', { handoverId: id, outcome: 'ADVICE_GIVEN', text: 'Avvakta.' }), 'CONFLICT');
    expect(again.message).toMatch(/already answered/);
    const [row] = await t.sql(`SELECT answer_outcome, answer_text FROM handover WHERE id = $1`, [id]);
    expect(row).toEqual({ answer_outcome: 'VISIT_PLANNED', answer_text: 'Jag kommer kl. 14 i dag.' });
  });

  it('refuses the sender’s organisation, another organisation (as a missing handover) and a role that does not answer', async () => {
    const i = { handoverId: id, outcome: 'ADVICE_GIVEN', text: 'Råd.' };
    expect(expectError(await answer('karinNurse', i), 'FORBIDDEN').message).toMatch(/receiving organisation/);
    const missing = expectError(await answer('nilsGp', { ...i, handoverId: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND');
    expect(expectError(await answer('nilsGp', i), 'NOT_FOUND').message).toBe(missing.message);
    expect(expectError(await answer('helenaManager', i), 'NOT_FOUND').message).toBe(missing.message);
    // Every attempt is in the access log with Esther: the answer, the second answer (a rule: FAILED), the three refusals.
    const audit = await t.sql(
      `SELECT outcome, count(*)::int AS n FROM audit_log WHERE operation = 'answerHandover' AND patient_id = $1 GROUP BY outcome ORDER BY outcome`,
      [await patientIdOf(t, 'esther')],
    );
    expect(Object.fromEntries(audit.map((r: any) => [r.outcome, r.n]))).toEqual({ ALLOWED: 1, FAILED: 1, REFUSED: 3 });
  });

  it('keeps an earlier acknowledgement; a late answer is MISSED; declining needs a reason', async () => {
    setClock(t, '2026-12-08T10:00:00Z');
    const acute = (await send('annaNurse', 'vcSjobacken', 'esther', { urgency: 'ACUTE', requestedResponse: 'PHONE_ASSESSMENT' })).id;
    await as(t, 'johanCoordinator', undefined, H.ack, { id: acute });
    setClock(t, '2026-12-08T11:30:00Z');
    expect(await as(t, 'johanCoordinator', undefined, H.get, { id: acute })).toMatchObject({ responseState: 'OVERDUE', awaitingAnswer: true });
    expect(fieldsOf(await answer('erikGp', { handoverId: acute, outcome: 'DECLINED', text: '   ' }))).toEqual([
      expect.objectContaining({ field: 'input.text' }),
    ]);
    const declined = await answer('erikGp', { handoverId: acute, outcome: 'DECLINED', text: 'Mobila teamet har redan ringt patienten.' });
    expect(declined.data.r).toMatchObject({
      responseState: 'MISSED',
      acknowledgedAt: '2026-12-08T10:00:00.000Z',
      acknowledgedBy: { name: 'Johan Berglund' },
      answeredBy: { name: 'Erik Sjöberg' },
      answer: { outcome: 'DECLINED', text: 'Mobila teamet har redan ringt patienten.' },
    });
  });

  it('an information-only handover is acknowledged, not answered', async () => {
    const info = (await send('annaNurse', 'vcSjobacken', 'esther')).id;
    const refused = expectError(await answer('erikGp', { handoverId: info, outcome: 'ADVICE_GIVEN', text: 'Noterat.' }), 'PRECONDITION_FAILED');
    expect(refused.message).toMatch(/information only/);
    expect((await as(t, 'erikGp', undefined, H.ack, { id: info })).acknowledgementState).toBe('MET');
  });

  it('names the field of bad input and writes nothing', async () => {
    setClock(t, '2026-12-08T12:00:00Z');
    const open = (await send('annaNurse', 'vcSjobacken', 'esther', { urgency: 'ROUTINE', requestedResponse: 'HOME_VISIT' })).id;
    const base = { handoverId: open, text: 'Hembesök.' };
    expect(fieldsOf(await answer('erikGp', { ...base, outcome: 'VISIT_PLANNED' }))).toEqual([
      { field: 'input.plannedVisitAt', message: 'is required when a visit is planned (VISIT_PLANNED)' },
    ]);
    expect(fieldsOf(await answer('erikGp', { ...base, outcome: 'ADVICE_GIVEN', plannedVisitAt: '2026-12-09T10:00:00Z' }))).toEqual([
      { field: 'input.plannedVisitAt', message: 'is only for VISIT_PLANNED' },
    ]);
    expect(fieldsOf(await answer('erikGp', { ...base, outcome: 'VISIT_PLANNED', plannedVisitAt: '2026-12-08T11:00:00Z' }))).toEqual([
      { field: 'input.plannedVisitAt', message: 'must be after the answer is given' },
    ]);
    expect(fieldsOf(await answer('erikGp', { ...base, outcome: 'VISIT_PLANNED', plannedVisitAt: '2027-01-07T12:00:01Z' }))).toEqual([
      { field: 'input.plannedVisitAt', message: 'must be at most 30 days after the answer' },
    ]);
    expect(fieldsOf(await answer('erikGp', { ...base, outcome: 'ADVICE_GIVEN', givenAt: '2026-12-08T12:00:01Z' }))).toEqual([
      { field: 'input.givenAt', message: 'must not be in the future' },
    ]);
    const [row] = await t.sql(`SELECT answered_at, acknowledged_at FROM handover WHERE id = $1`, [open]);
    expect(row).toEqual({ answered_at: null, acknowledged_at: null });
    const ok = await answer('erikGp', { ...base, outcome: 'VISIT_PLANNED', plannedVisitAt: '2027-01-07T12:00:00Z' });
    expect(ok.data.r.answer.plannedVisitAt).toBe('2027-01-07T12:00:00.000Z');
  });
});

describe('the paper routine (givenAt)', () => {
  it('a handover given by phone is entered afterwards: deadlines count from the time given, the entry time is kept, it is flagged', async () => {
    setClock(t, '2026-12-09T12:00:00Z');
    const h = await send('annaNurse', 'vcSjobacken', 'esther', { urgency: 'ACUTE', requestedResponse: 'PHONE_ASSESSMENT', givenAt: '2026-12-09T10:00:00Z' });
    expect(h).toMatchObject({
      sentAt: '2026-12-09T10:00:00.000Z',
      recordedAt: '2026-12-09T12:00:00.000Z',
      enteredAfterwards: true,
      respondBy: '2026-12-09T11:00:00.000Z',
      responseState: 'OVERDUE',
      acknowledgementDueAt: '2026-12-10T10:00:00.000Z',
    });
    // Its answer, given by phone at 10:40, is entered now: on time, and it acknowledges at 10:40 too.
    expect(fieldsOf(await answer('erikGp', { handoverId: h.id, outcome: 'ASSESSED_BY_PHONE', text: 'Bedömd.', givenAt: '2026-12-09T09:59:00Z' }))).toEqual([
      { field: 'input.givenAt', message: 'must not be before the handover was given (2026-12-09T10:00:00.000Z)' },
    ]);
    const answered = await answer('erikGp', {
      handoverId: h.id,
      outcome: 'ASSESSED_BY_PHONE',
      text: 'Bedömd per telefon: extra furosemid, ny vikt i morgon.',
      givenAt: '2026-12-09T10:40:00Z',
    });
    expect(answered.data.r).toMatchObject({
      responseState: 'MET',
      acknowledgedAt: '2026-12-09T10:40:00.000Z',
      acknowledgementRecordedAt: '2026-12-09T12:00:00.000Z',
      acknowledgementEnteredAfterwards: true,
      answer: { answeredAt: '2026-12-09T10:40:00.000Z', recordedAt: '2026-12-09T12:00:00.000Z', enteredAfterwards: true },
    });
    // Flagged in the patient's list.
    const list = await as(t, 'annaNurse', undefined, H.list, { patientId: await patientIdOf(t, 'esther') });
    expect(list.edges.find((e: any) => e.node.id === h.id).node.enteredAfterwards).toBe(true);
    expect(list.edges.filter((e: any) => e.node.id !== h.id).every((e: any) => e.node.enteredAfterwards === false)).toBe(true);
  });

  it('accepts up to 72 hours back, never the future', async () => {
    setClock(t, '2026-12-09T12:00:00Z');
    const at = (givenAt: string) =>
      attempt(t, 'annaNurse', undefined, H.send, {
        i: {
          patientId: '00000000-0000-4000-8000-000000000000', // the window is checked before anything about a patient
          receiverOrganisationId: '00000000-0000-4000-8000-000000000000',
          occasion: 'OTHER',
          ...SBAR,
          givenAt,
        },
      });
    expect(fieldsOf(await at('2026-12-09T12:00:01Z'))).toEqual([{ field: 'input.givenAt', message: 'must not be in the future' }]);
    expect(fieldsOf(await at('2026-12-06T11:59:59Z'))).toEqual([{ field: 'input.givenAt', message: 'must be at most 72 hours ago' }]);
    const oldest = await send('annaNurse', 'vcSjobacken', 'esther', { givenAt: '2026-12-06T12:00:00Z' });
    expect(oldest).toMatchObject({ sentAt: '2026-12-06T12:00:00.000Z', enteredAfterwards: true, acknowledgementState: 'OVERDUE' });
  });

  it('an acknowledgement given on paper is entered afterwards with its time', async () => {
    setClock(t, '2026-12-09T12:00:00Z');
    const h = await send('annaNurse', 'vcSjobacken', 'esther', { givenAt: '2026-12-09T08:00:00Z' });
    expect(fieldsOf(await attempt(t, 'erikGp', undefined, H.ack, { id: h.id, givenAt: '2026-12-09T07:59:00Z' }))).toEqual([
      { field: 'givenAt', message: 'must not be before the handover was given (2026-12-09T08:00:00.000Z)' },
    ]);
    expect(fieldsOf(await attempt(t, 'erikGp', undefined, H.ack, { id: h.id, givenAt: '2026-12-09T13:00:00Z' }))).toEqual([
      { field: 'givenAt', message: 'must not be in the future' },
    ]);
    const acked = await as(t, 'erikGp', undefined, H.ack, { id: h.id, givenAt: '2026-12-09T09:00:00Z' });
    expect(acked).toMatchObject({
      acknowledgedAt: '2026-12-09T09:00:00.000Z',
      acknowledgementRecordedAt: '2026-12-09T12:00:00.000Z',
      acknowledgementEnteredAfterwards: true,
      acknowledgementState: 'MET',
    });
  });
});

describe('the receiver’s inbox', () => {
  it('puts requests awaiting an answer first by respond-by (overdue first), then unacknowledged ones, then the rest; pages agree', async () => {
    // To the mobile team (in Esther's care team), which has no other handovers.
    setClock(t, '2026-12-10T08:00:00Z'); // Thursday 09:00
    const info = (await send('annaNurse', 'mobileTeam', 'esther')).id; // acknowledgement due Fri 08:00Z
    const routine = (await send('annaNurse', 'mobileTeam', 'esther', { urgency: 'ROUTINE', requestedResponse: 'HOME_VISIT' })).id; // Fri 22:59:59.999Z
    setClock(t, '2026-12-10T08:05:00Z');
    const acute = (await send('annaNurse', 'mobileTeam', 'esther', { urgency: 'ACUTE', requestedResponse: 'PHONE_ASSESSMENT' })).id; // 09:05Z
    setClock(t, '2026-12-10T08:10:00Z');
    const today = (await send('annaNurse', 'mobileTeam', 'esther', { urgency: 'TODAY', requestedResponse: 'PHONE_ASSESSMENT' })).id; // 20:00Z
    const done = (await send('annaNurse', 'mobileTeam', 'esther', { urgency: 'ACUTE', requestedResponse: 'PHONE_ASSESSMENT' })).id;
    await as(t, 'mikaelMobilePhysician', undefined, H.answer, { i: { handoverId: done, outcome: 'ADVICE_GIVEN', text: 'Ring 112 vid bröstsmärta.' } });
    setClock(t, '2026-12-10T10:00:00Z');
    // Acknowledged but unanswered: still awaiting the answer.
    await as(t, 'hannaMobileNurse', undefined, H.ack, { id: routine });

    const states = (edges: any[]) => edges.map((e: any) => [e.node.id, e.node.responseState, e.node.acknowledgementState]);
    const inbox = await as(t, 'hannaMobileNurse', undefined, H.inbox, {});
    expect(states(inbox.edges)).toEqual([
      [acute, 'OVERDUE', 'OPEN'],
      [today, 'OPEN', 'OPEN'],
      [routine, 'OPEN', 'MET'],
      [info, null, 'OPEN'],
    ]);
    const all = await as(t, 'hannaMobileNurse', undefined, H.inbox, { all: true });
    expect(all.edges.map((e: any) => e.node.id)).toEqual([acute, today, routine, info, done]);
    const paged: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await as(t, 'hannaMobileNurse', undefined, H.inbox, { all: true, first: 1, after });
      paged.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual([acute, today, routine, info, done]);
  });
});

describe('between organisations of the care team', () => {
  it('goes to any other organisation of the handover kinds with a care relationship, also of the sender’s own kind', async () => {
    setClock(t, '2026-12-11T08:00:00Z');
    const esther = await patientIdOf(t, 'esther');
    // Ekdalen (a second primary care centre) joins Esther's care team.
    await t.sql(
      `INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id) VALUES ($1, $2, 'Specialistmottagning', $3, $4)`,
      [esther, await t.orgId('vcEkdalen'), await t.staffId('annaNurse'), await t.orgId('jonkoping')],
    );
    const toEkdalen = await send('erikGp', 'vcEkdalen', 'esther', { urgency: 'ROUTINE', requestedResponse: 'MEDICATION_REVIEW' });
    expect(toEkdalen.receiverOrganisation.name).toMatch(/Ekdalen/);
    const fromMobile = await send('hannaMobileNurse', 'vcSjobacken', 'esther', { urgency: 'TODAY', requestedResponse: 'PHONE_ASSESSMENT' });
    expect(fromMobile.respondBy).toBe('2026-12-11T20:00:00.000Z');
    const own = await attempt(t, 'erikGp', undefined, H.send, {
      i: { patientId: esther, receiverOrganisationId: await t.orgId('vcSjobacken'), occasion: 'OTHER', ...SBAR },
    });
    expect(fieldsOf(own)).toEqual([{ field: 'input.receiverOrganisationId', message: 'must be another organisation than your own' }]);
    const noRelationship = await attempt(t, 'annaNurse', undefined, H.send, {
      i: { patientId: esther, receiverOrganisationId: await t.orgId('habo'), occasion: 'OTHER', ...SBAR },
    });
    expect(expectError(noRelationship, 'PRECONDITION_FAILED').message).toMatch(/no care relationship/);
  });
});

describe('the follow-up indicator', () => {
  const INDICATORS = `query($p: FollowUpPeriodInput!) { r: followUpIndicators(period: $p) {
    indicators { code definition { nameSv definition } total { value denominator ratePer100 suppressed } } } }`;

  it('counts requested assessments answered by their respond-by time, and handovers entered afterwards', async () => {
    // January 2027, five patients enrolled in Jönköping; 2027-01-18 is a Monday.
    const ask = async (when: string, patient: string, to: 'vcSjobacken' | 'vcEkdalen', extra: Record<string, unknown>) => {
      setClock(t, when);
      return (await send('karinNurse', to, patient, extra)).id;
    };
    const reply = async (when: string, who: Who, handoverId: string, extra: Record<string, unknown> = {}) => {
      setClock(t, when);
      const res = await answer(who, { handoverId, outcome: 'ADVICE_GIVEN', text: 'Råd givet.', ...extra });
      expect(res.errors).toBeUndefined();
    };
    const a = await ask('2027-01-18T08:00:00Z', 'esther', 'vcSjobacken', { urgency: 'ACUTE', requestedResponse: 'PHONE_ASSESSMENT' });
    await reply('2027-01-18T08:30:00Z', 'erikGp', a); // on time
    const b = await ask('2027-01-18T09:00:00Z', 'gunnar', 'vcSjobacken', { urgency: 'TODAY', requestedResponse: 'HOME_VISIT' });
    await reply('2027-01-18T20:00:01Z', 'fatimaGp', b); // one second late
    await ask('2027-01-18T10:00:00Z', 'ingrid', 'vcSjobacken', { urgency: 'ACUTE', requestedResponse: 'PHONE_ASSESSMENT' }); // never answered: overdue
    const d = await ask('2027-01-18T11:00:00Z', 'karl', 'vcEkdalen', { urgency: 'ROUTINE', requestedResponse: 'MEDICATION_REVIEW' });
    await reply('2027-01-19T22:59:59Z', 'nilsGp', d); // by the end of Tuesday
    // Given by phone at 12:00 and answered by phone at 12:30, both entered at 14:00: on time, entered afterwards.
    const e = await ask('2027-01-18T14:00:00Z', 'protected', 'vcSjobacken', {
      urgency: 'ACUTE',
      requestedResponse: 'PHONE_ASSESSMENT',
      givenAt: '2027-01-18T12:00:00Z',
    });
    await reply('2027-01-18T14:00:00Z', 'erikGp', e, { givenAt: '2027-01-18T12:30:00Z' });
    await ask('2027-01-19T08:00:00Z', 'esther', 'vcSjobacken', {}); // information only: no answer due
    await ask('2027-01-20T10:00:00Z', 'gunnar', 'vcSjobacken', { urgency: 'ROUTINE', requestedResponse: 'HOME_VISIT' }); // not yet due: left out

    setClock(t, '2027-01-20T12:00:00Z');
    const r = await as(t, 'evaManager', undefined, INDICATORS, { p: { from: '2027-01-01', to: '2027-01-31' } });
    const of = (code: string) => r.indicators.find((i: any) => i.code === code);
    // Due and decided: a b c d e (5 patients); answered in time: a d e.
    expect(of('HANDOVER_ANSWERED_IN_TIME').total).toEqual({ value: 3, denominator: 5, ratePer100: 60, suppressed: false });
    expect(of('HANDOVER_ANSWERED_IN_TIME').definition.nameSv).toBe('Överrapporteringar besvarade i tid');
    // Given in January: seven handovers about five patients; e was entered afterwards.
    expect(of('HANDOVER_ENTERED_AFTERWARDS').total).toMatchObject({ value: 1, denominator: 7, suppressed: false });
  });
});
