import { DeteriorationEpisodes1796840000000 } from '../migrations/1796840000000-DeteriorationEpisodes';
import { Clock } from '../src/common/clock';
import { DEMO_STAFF } from '../src/demo/region';
import { demoPatientId, draftAndSign, Q as PQ } from './helpers/deterioration';
import { auditMark, auditSince, pnr } from './helpers/patients';
import { ADD_ITEM, NOW, planRound, SUGGEST } from './helpers/rounds';
import { expectError, GqlResult, startTestApp, TestApp } from './helpers/test-app';

/**
 * Deterioration episodes (försämringsepisoder): recorded by the nurse who was there, with the plan
 * steps matched evaluated by the service (as evaluateDeterioration does) and kept as a snapshot; the
 * handover they prefill; the round's agenda reason; the review flag an admission puts on the plan;
 * the indicator "handled at home per 100 enrolled". The clock stands at Sunday 2026-11-22 11:00
 * Stockholm (NOW).
 */

const EPISODE = `fragment E on DeteriorationEpisode {
  id patientId occurredAt planId planVersion outcome planReviewRequested actionsTaken recordedAt
  observations { kind value overDays unit }
  matchedSteps { reason observed { kind value overDays unit } step { id order trigger { description } actions { description performer asNeededMedication } } }
  contacts { role organisation name contactedAt }
  recordedBy { name } recordedByStaff { name }
}`;
const DRAFT = `handoverDraft { patientId receiverOrganisationId suggestedOccasion situation background assessment recommendation receiverOrganisation { name } receiverPhysician { name } }`;
const RECORD = `mutation($i: RecordDeteriorationEpisodeInput!) { recordDeteriorationEpisode(input: $i) { ...E } } ${EPISODE}`;
const ONE = `query($id: ID!) { deteriorationEpisode(id: $id) { ...E ${DRAFT} } } ${EPISODE}`;
const LIST = `query($p: ID!, $first: Int, $after: String) { deteriorationEpisodes(patientId: $p, first: $first, after: $after) {
  edges { cursor node { id occurredAt outcome recordedBy { name } } } pageInfo { hasNextPage endCursor } } }`;
const EVALUATE = `query($p: ID!, $o: [ObservationInput!]!) { evaluateDeterioration(patientId: $p, observations: $o) {
  plan { id planVersion }
  matched { reason observed { kind value overDays unit } step { id order trigger { description } actions { description performer asNeededMedication } } } } }`;
const PLAN_FLAG = `query($p: ID!) { activeDeteriorationPlan(patientId: $p) { id planVersion version reviewRequested reviewRequestedAt reviewRequestReason reviewRequestedByEpisodeId } }`;
const PLAN_BY_ID = `query($id: ID!) { deteriorationPlan(id: $id) { id status reviewRequested reviewRequestedAt reviewRequestedByEpisodeId } }`;
const SEND_HANDOVER = `mutation($i: SendHandoverInput!) { sendHandover(input: $i) { id situation } }`;
const OPEN_EMERGENCY = `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { id } }`;
const INDICATORS = `query($p: FollowUpPeriodInput!) { r: followUpIndicators(period: $p) {
  indicators { code definition { nameSv definition unit } total { value denominator ratePer100 suppressed } } } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
let esther: string;
let ingrid: string;
let gunnar: string;
let amir: string;
let ingridPlan: any;

beforeAll(async () => {
  t = await startTestApp();
  t.app.get(Clock).set(NOW);
  [esther, ingrid, gunnar, amir] = await Promise.all(['esther', 'ingrid', 'gunnar', 'amir'].map((k) => demoPatientId(t, k)));
  // Steps: 1 respiratory rate > 25, 2 saturation < 90, 3 NEWS2 ≥ 5, 4 weight ≥ 2 kg over 3 days, 5 a sign in words.
  ingridPlan = await draftAndSign(t, ingrid, 'annaNurse', 'fatimaGp');
});
afterAll(async () => {
  t.app.get(Clock).set(null);
  await t.close();
});

type Who = Parameters<TestApp['token']>[0];

async function ok(query: string, variables: Record<string, unknown>, who: Who) {
  const res = await t.gql(query, variables, await t.token(who));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

function episode(patientId: string, over: Record<string, unknown> = {}) {
  return {
    patientId,
    occurredAt: '2026-11-21T20:00:00Z',
    observations: [{ kind: 'RESPIRATORY_RATE', value: 22 }],
    actionsTaken: 'Höjd huvudända, lugnande samtal. Ny kontroll efter en timme: bättre.',
    outcome: 'STAYED_HOME',
    ...over,
  };
}

async function record(who: Who, input: Record<string, unknown>): Promise<GqlResult> {
  return t.gql(RECORD, { i: input }, await t.token(who));
}

async function episodes(): Promise<number> {
  return Number((await t.sql(`SELECT count(*)::int AS n FROM deterioration_episode`))[0].n);
}

const shape = (r: GqlResult) => ({ data: r.data, errors: r.errors?.map((e) => ({ code: e.extensions.code, message: e.message })) });

describe('recording an episode', () => {
  it('keeps the plan steps the observations triggered: exactly what evaluateDeterioration answers for them', async () => {
    const observations = [
      { kind: 'RESPIRATORY_RATE', value: 28 },
      { kind: 'OXYGEN_SATURATION', value: 89 },
      { kind: 'WEIGHT_CHANGE', value: 2.1, overDays: 2 },
      { kind: 'PULSE', value: 104 },
    ];
    const evaluated = (await ok(EVALUATE, { p: ingrid, o: observations }, 'annaNurse')).evaluateDeterioration;
    const input = episode(ingrid, {
      observations,
      contacts: [
        { role: 'Jourläkare', organisation: 'Jourcentralen', contactedAt: '2026-11-21T20:15:00Z' },
        { role: 'Närstående', name: 'Sonen', contactedAt: '2026-11-21T20:30:00Z' },
      ],
    });
    const e = (await ok(RECORD, { i: input }, 'annaNurse')).recordDeteriorationEpisode;
    expect(e.matchedSteps).toEqual(evaluated.matched);
    expect(e.matchedSteps.map((m: any) => m.step.order)).toEqual([1, 2, 4]);
    expect(e).toMatchObject({
      patientId: ingrid,
      occurredAt: '2026-11-21T20:00:00.000Z',
      planId: ingridPlan.id,
      planVersion: ingridPlan.planVersion,
      outcome: 'STAYED_HOME',
      planReviewRequested: false,
      recordedAt: NOW.toISOString(),
      recordedBy: { name: 'Hemsjukvården Jönköping (demo)' },
      recordedByStaff: { name: DEMO_STAFF.annaNurse.name },
      contacts: [
        { role: 'Jourläkare', organisation: 'Jourcentralen', name: null, contactedAt: '2026-11-21T20:15:00.000Z' },
        { role: 'Närstående', organisation: null, name: 'Sonen', contactedAt: '2026-11-21T20:30:00.000Z' },
      ],
    });
    expect(e.observations).toEqual([
      { kind: 'RESPIRATORY_RATE', value: 28, overDays: null, unit: '/min' },
      { kind: 'OXYGEN_SATURATION', value: 89, overDays: null, unit: '%' },
      { kind: 'WEIGHT_CHANGE', value: 2.1, overDays: 2, unit: 'kg' },
      { kind: 'PULSE', value: 104, overDays: null, unit: '/min' },
    ]);
    // The snapshot is the version evaluated: read again, it is the same.
    const again = (await ok(ONE, { id: e.id }, 'fatimaGp')).deteriorationEpisode;
    expect(again.matchedSteps).toEqual(e.matchedSteps);
  });

  it('records an episode without matched steps when the patient has no active plan (the episode still happened)', async () => {
    const e = (await ok(RECORD, { i: episode(gunnar, { observations: [{ kind: 'NEWS2', value: 7 }] }) }, 'karinNurse')).recordDeteriorationEpisode;
    expect(e).toMatchObject({ planId: null, planVersion: null, matchedSteps: [], planReviewRequested: false });
  });

  it('is recorded by a mobile team’s nurse too (in the care team), and read by the municipality with the patient’s consent', async () => {
    const e = (
      await ok(
        RECORD,
        { i: episode(esther, { occurredAt: '2026-11-20T18:00:00Z', observations: [{ kind: 'OXYGEN_SATURATION', value: 92 }], outcome: 'DOCTORS_VISIT' }) },
        'hannaMobileNurse',
      )
    ).recordDeteriorationEpisode;
    expect(e.recordedBy.name).toBe('Mobila teamet Jönköping (demo)');
    const list = (await ok(LIST, { p: esther }, 'annaNurse')).deteriorationEpisodes;
    expect(list.edges.map((x: any) => x.node.id)).toContain(e.id);
  });

  it('lists the patient’s episodes newest first, a page at a time; Esther’s demo episode was handled at home', async () => {
    const p1 = (await ok(LIST, { p: esther, first: 1 }, 'annaNurse')).deteriorationEpisodes;
    expect(p1.edges).toHaveLength(1);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const rest = (await ok(LIST, { p: esther, first: 10, after: p1.pageInfo.endCursor }, 'annaNurse')).deteriorationEpisodes;
    const all = [...p1.edges, ...rest.edges].map((x: any) => x.node);
    expect(all.map((n: any) => n.occurredAt)).toEqual([...all.map((n: any) => n.occurredAt)].sort().reverse());
    const demo = all.at(-1);
    expect(demo).toMatchObject({ occurredAt: '2026-10-27T18:40:00.000Z', outcome: 'STAYED_HOME', recordedBy: { name: 'Hemsjukvården Jönköping (demo)' } });
    const full = (await ok(ONE, { id: demo.id }, 'erikGp')).deteriorationEpisode;
    expect(full.matchedSteps.map((m: any) => [m.step.order, m.reason])).toEqual([[1, 'weight change 2.4 kg over 3 days ≥ 2 kg over 3 days']]);
    expect(full.matchedSteps[0].step.actions[0].asNeededMedication).toBe('Furosemid 40 mg, 1 tablett extra');
    const bad = await t.gql(LIST, { p: esther, after: 'not-a-cursor' }, await t.token('annaNurse'));
    expect(expectError(bad, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'after', message: expect.any(String) }]);
  });

  it('writes an audit row with the patient: the kinds observed and the outcome, never values or text; reads too', async () => {
    const mark = await auditMark(t);
    const input = episode(gunnar, { occurredAt: '2026-11-21T21:00:00Z', observations: [{ kind: 'PULSE', value: 120 }], outcome: 'AMBULANCE' });
    const e = (await ok(RECORD, { i: input }, 'karinNurse')).recordDeteriorationEpisode;
    await ok(ONE, { id: e.id }, 'karinNurse');
    await ok(LIST, { p: gunnar }, 'karinNurse');
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.emergency])).toEqual([
      ['recordDeteriorationEpisode', 'ALLOWED', gunnar, false],
      ['deteriorationEpisode', 'ALLOWED', gunnar, false],
      ['deteriorationEpisodes', 'ALLOWED', gunnar, false],
    ]);
    expect(rows[0].details).toEqual({ observationKinds: ['PULSE'], outcome: 'AMBULANCE' });
    expect(rows[1].details).toMatchObject({ episodeId: e.id });
    // Neither the observed value nor free text, anywhere in the rows (a whole number 120, not the digits inside an id or a time).
    expect(JSON.stringify(rows)).not.toMatch(/Höjd huvudända|(?<![\w.-])120(?![\w.-])/);
  });
});

describe('refusals', () => {
  it('answers a role that does not record as a missing patient, and logs it with the patient', async () => {
    const before = await episodes();
    const mark = await auditMark(t);
    const rehab = await record('omarRehab', episode(ingrid));
    const random = await record('omarRehab', episode(MISSING));
    expect(shape(rehab)).toEqual(shape(random));
    expect(expectError(rehab, 'NOT_FOUND').message).toBe('Patient not found');
    expect((await auditSince(t, mark)).filter((r) => r.patient_id === ingrid).map((r) => r.outcome)).toEqual(['REFUSED']);
    // A reader without the role to read episodes (a social worker) is answered the same way.
    expectError(await t.gql(LIST, { p: ingrid }, await t.token('saraSocial')), 'NOT_FOUND');
    expect(await episodes()).toBe(before);
  });

  it('refuses a unit that does not visit the home (a primary care centre) with the organisation-kind refusal', async () => {
    const res = await record('sofiaNurse', episode(ingrid));
    expect(expectError(res, 'FORBIDDEN').message).toMatch(/municipal home healthcare, a mobile team or specialised palliative home care/);
    // The centre still reads the episodes of its patients (its physician reads them, with consent).
    expect((await ok(LIST, { p: ingrid }, 'fatimaGp')).deteriorationEpisodes.edges.length).toBeGreaterThan(0);
  });

  it('answers an organisation without a care relationship exactly as a patient that does not exist', async () => {
    const before = await episodes();
    const mark = await auditMark(t);
    const real = await record('linneaNurse', episode(ingrid));
    const random = await record('linneaNurse', episode(MISSING));
    expect(shape(real)).toEqual(shape(random));
    expect(expectError(real, 'NOT_FOUND').message).toBe('Patient not found');
    expect((await auditSince(t, mark)).filter((r) => r.patient_id === ingrid).map((r) => r.outcome)).toEqual(['REFUSED']);
    // Reading: the same, for the list and for one episode.
    const [anEpisode] = await t.sql(`SELECT id FROM deterioration_episode WHERE patient_id = $1 LIMIT 1`, [ingrid]);
    expect(shape(await t.gql(ONE, { id: anEpisode.id }, await t.token('linneaNurse')))).toEqual(
      shape(await t.gql(ONE, { id: MISSING }, await t.token('linneaNurse'))),
    );
    expect(await episodes()).toBe(before);
  });

  it('lets emergency access read the episodes, flagged, but never record one', async () => {
    expect(
      (await t.gql(OPEN_EMERGENCY, { i: { personnummer: pnr('gunnar'), reason: 'Medvetslös vid hembesök' } }, await t.token('linneaNurse'))).errors,
    ).toBeUndefined();
    const before = await episodes();
    const mark = await auditMark(t);
    const res = await record('linneaNurse', episode(gunnar));
    expect(expectError(res, 'FORBIDDEN').message).toMatch(/^Emergency access \(nödåtkomst\) lets you read, never change/);
    expect(await episodes()).toBe(before);
    expect((await ok(LIST, { p: gunnar }, 'linneaNurse')).deteriorationEpisodes.edges.length).toBeGreaterThan(0);
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.emergency])).toEqual([
      ['recordDeteriorationEpisode', 'REFUSED', gunnar, true],
      ['deteriorationEpisodes', 'ALLOWED', gunnar, true],
    ]);
  });
});

describe('bad input, naming the field; nothing is written', () => {
  async function fields(input: Record<string, unknown>) {
    const before = await episodes();
    const res = await record('annaNurse', input);
    expect(await episodes()).toBe(before);
    return expectError(res, 'BAD_USER_INPUT').extensions.fields as Array<{ field: string; message: string }>;
  }

  it('refuses an episode in the future or more than 7 days ago', async () => {
    expect(await fields(episode(ingrid, { occurredAt: '2026-11-22T10:30:00Z' }))).toEqual([{ field: 'input.occurredAt', message: 'cannot be in the future' }]);
    expect(await fields(episode(ingrid, { occurredAt: '2026-11-14T22:59:59Z' }))).toEqual([
      { field: 'input.occurredAt', message: 'must be within the last 7 days (on or after 2026-11-15)' },
    ]);
    // The first minute of the seventh day back (Stockholm) is accepted.
    expect((await record('annaNurse', episode(ingrid, { occurredAt: '2026-11-14T23:00:00Z' }))).errors).toBeUndefined();
  });

  it('refuses no observations, implausible or duplicate ones', async () => {
    expect(await fields(episode(ingrid, { observations: [] }))).toEqual([{ field: 'input.observations', message: 'must hold at least one observation' }]);
    expect(
      await fields(
        episode(ingrid, {
          observations: [
            { kind: 'OXYGEN_SATURATION', value: 20 },
            { kind: 'PULSE', value: 90 },
            { kind: 'PULSE', value: 95 },
            { kind: 'WEIGHT_CHANGE', value: 2 },
          ],
        }),
      ),
    ).toEqual([
      { field: 'input.observations.0.value', message: expect.stringMatching(/^must be between 50 % and 100 %/) },
      { field: 'input.observations.2.kind', message: expect.stringMatching(/^duplicate observation of pulse/) },
      { field: 'input.observations.3.overDays', message: expect.stringMatching(/^is required for weight change/) },
    ]);
  });

  it('refuses contacts before the episode or in the future, empty text and too many contacts', async () => {
    expect(
      await fields(
        episode(ingrid, {
          contacts: [
            { role: 'Jourläkare', contactedAt: '2026-11-21T19:59:00Z' },
            { role: 'Närstående', contactedAt: '2026-11-22T11:00:00Z' },
          ],
        }),
      ),
    ).toEqual([
      { field: 'input.contacts.0.contactedAt', message: 'cannot be before the episode (occurredAt)' },
      { field: 'input.contacts.1.contactedAt', message: 'cannot be in the future' },
    ]);
    expect((await fields(episode(ingrid, { actionsTaken: '   ' }))).map((f) => f.field)).toEqual(['input.actionsTaken']);
    const eleven = Array.from({ length: 11 }, () => ({ role: 'Jourläkare', contactedAt: '2026-11-21T20:10:00Z' }));
    expect((await fields(episode(ingrid, { contacts: eleven }))).map((f) => f.field)).toEqual(['input.contacts']);
  });
});

describe('the handover it prefills', () => {
  let estherEpisode: string;

  it('drafts an SBAR for the fast läkarkontakt at the centre of the active enrollment, which sendHandover accepts as it is', async () => {
    estherEpisode = (
      await ok(
        RECORD,
        {
          i: episode(esther, {
            occurredAt: '2026-11-21T20:00:00Z',
            observations: [
              { kind: 'WEIGHT_CHANGE', value: 2.6, overDays: 3 },
              { kind: 'OXYGEN_SATURATION', value: 93 },
            ],
            actionsTaken: 'Gav extra dos Furosemid 40 mg enligt vid behovs-ordinationen.',
            contacts: [{ role: 'Jourläkare', organisation: 'Primärvårdens jourläkare', contactedAt: '2026-11-21T20:20:00Z' }],
          }),
        },
        'annaNurse',
      )
    ).recordDeteriorationEpisode.id;
    const d = (await ok(ONE, { id: estherEpisode }, 'annaNurse')).deteriorationEpisode.handoverDraft;
    const sjobacken = await t.orgId('vcSjobacken');
    expect(d).toEqual({
      patientId: esther,
      receiverOrganisationId: sjobacken,
      receiverOrganisation: { name: 'Vårdcentralen Sjöbacken (demo)' },
      receiverPhysician: { name: 'Erik Sjöberg' },
      suggestedOccasion: 'CHANGE_IN_CONDITION',
      situation: 'Försämring 2026-11-21 21:00. Observationer: viktförändring +2,6 kg på 3 dagar, syremättnad 93 %. Utfall: stannade hemma.',
      background: 'Aktiv signerad handlingsplan vid försämring, version 1 (Hjärtsvikt (NYHA III)).',
      assessment:
        'Utlösta steg i handlingsplanen: steg 1, viktförändring ≥ +2 kg på 3 dagar (uppmätt viktförändring +2,6 kg på 3 dagar). Åtgärder: Gav extra dos Furosemid 40 mg enligt vid behovs-ordinationen. Kontakter: Jourläkare, Primärvårdens jourläkare kl. 21:20.',
      recommendation: expect.stringMatching(/^Patienten är kvar hemma\. Önskar bedömning av fast läkarkontakt/),
    });
    const sent = await ok(
      SEND_HANDOVER,
      {
        i: {
          patientId: d.patientId,
          receiverOrganisationId: d.receiverOrganisationId,
          occasion: d.suggestedOccasion,
          situation: d.situation,
          background: d.background,
          assessment: d.assessment,
          recommendation: d.recommendation,
        },
      },
      'annaNurse',
    );
    expect(sent.sendHandover.situation).toBe(d.situation);
  });

  it('costs the same number of SQL statements for a page of 1 and of 3 episodes with their drafts (no N+1)', async () => {
    const page = `query($p: ID!, $first: Int) { deteriorationEpisodes(patientId: $p, first: $first) { edges { node { id recordedBy { name } recordedByStaff { name } ${DRAFT} } } } }`;
    const token = await t.token('annaNurse');
    const one = await t.gql(page, { p: esther, first: 1 }, token);
    const three = await t.gql(page, { p: esther, first: 3 }, token);
    expect(three.data.deteriorationEpisodes.edges).toHaveLength(3);
    expect(three.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);
  });

  it('has no receiver for a patient who is not enrolled, and says so when there was no plan', async () => {
    const e = (await ok(RECORD, { i: episode(amir) }, 'annaNurse')).recordDeteriorationEpisode;
    const d = (await ok(ONE, { id: e.id }, 'annaNurse')).deteriorationEpisode.handoverDraft;
    expect(d).toMatchObject({ receiverOrganisationId: null, receiverOrganisation: null, receiverPhysician: null });
    expect(d.background).toBe('Det fanns ingen aktiv signerad handlingsplan vid försämring att utgå från.');
  });
});

describe('the next round', () => {
  it('suggests the patient with a deterioration episode since the previous round, recorded by one of the round’s organisations, at most 14 days back', async () => {
    // Sjöbacken's weekly round with Jönköping on 2026-11-23; the previous one of the same organisations was held 2026-11-16.
    const round = await planRound(t, 'erikGp', { startsAt: '2026-11-23T08:00:00Z', participatingOrganisationIds: [await t.orgId('jonkoping')] });
    const reasons = async (patient: string) => {
      const res = await t.gql(SUGGEST, { id: round }, await t.token('erikGp'));
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      const hit = res.data.suggestedAgenda.find((s: any) => s.patient.id === patient);
      return hit?.reasons.find((r: any) => r.reason === 'RECENT_DETERIORATION_EPISODE') ?? null;
    };
    // Esther: Jönköping's episode of 2026-11-21 (the mobile team's of 2026-11-20 is not the round's own documentation; the demo's of October is before the previous round).
    expect(await reasons(esther)).toEqual({
      reason: 'RECENT_DETERIORATION_EPISODE',
      description: 'Deterioration episode (försämringsepisod) since the previous round of the same organisations (at most 14 days back)',
      detail: '1 episode, the latest 2026-11-21 STAYED_HOME',
    });
    // Gunnar: two, the latest one's outcome in the detail.
    expect((await reasons(gunnar)).detail).toBe('2 episodes, the latest 2026-11-21 AMBULANCE');
    // Ingrid: the episode of 2026-11-15 was before the previous round.
    expect((await reasons(ingrid)).detail).toBe('1 episode, the latest 2026-11-21 STAYED_HOME');
    // Put on the agenda, the item keeps the reason.
    const item = (await ok(ADD_ITEM, { i: { roundId: round, patientId: gunnar } }, 'annaNurse')).addAgendaItem;
    expect(item.reasons).toContain('RECENT_DETERIORATION_EPISODE');
    // More than 14 days later the episode of 2026-11-21 no longer counts, whenever the previous round was.
    t.app.get(Clock).set(new Date('2026-12-05T10:00:00Z'));
    try {
      expect(await reasons(esther)).not.toBeNull(); // 2026-11-21 is the 14th day back
      t.app.get(Clock).set(new Date('2026-12-06T10:00:00Z'));
      expect(await reasons(esther)).toBeNull();
    } finally {
      t.app.get(Clock).set(NOW);
    }
  });
});

describe('an admission flags the plan for review', () => {
  it('marks the active plan when the outcome is ADMITTED; signing a new version clears it', async () => {
    const before = (await ok(PLAN_FLAG, { p: ingrid }, 'fatimaGp')).activeDeteriorationPlan;
    expect(before).toMatchObject({ reviewRequested: false, reviewRequestedAt: null, reviewRequestReason: null });
    const dueIds = async () =>
      (await ok(`{ deteriorationPlansDueForReview(first: 100) { edges { node { id } } } }`, {}, 'fatimaGp')).deteriorationPlansDueForReview.edges.map(
        (x: { node: { id: string } }) => x.node.id,
      );
    expect(await dueIds()).not.toContain(before.id);
    const e = (
      await ok(
        RECORD,
        { i: episode(ingrid, { occurredAt: '2026-11-22T06:00:00Z', observations: [{ kind: 'NEWS2', value: 8 }], outcome: 'ADMITTED' }) },
        'annaNurse',
      )
    ).recordDeteriorationEpisode;
    expect(e).toMatchObject({ planId: before.id, planReviewRequested: true, outcome: 'ADMITTED' });
    const flagged = (await ok(PLAN_FLAG, { p: ingrid }, 'fatimaGp')).activeDeteriorationPlan;
    expect(flagged).toMatchObject({
      id: before.id,
      reviewRequested: true,
      reviewRequestedAt: NOW.toISOString(),
      reviewRequestedByEpisodeId: e.id,
      reviewRequestReason: 'Admitted to hospital (inlagd) after a deterioration episode on 2026-11-22: the patient changed care setting',
    });
    expect(flagged.version).toBe(before.version + 1);
    // Listed as due for review, though its review date is still ahead.
    expect(await dueIds()).toContain(before.id);
    // The handover asks for the review.
    expect((await ok(ONE, { id: e.id }, 'annaNurse')).deteriorationEpisode.handoverDraft.recommendation).toMatch(/markerad för omprövning/);
    // A new version, revised and signed by the physician, starts without the flag; the old one keeps when it was asked.
    const draft = (await ok(PQ.revise, { p: ingrid }, 'fatimaGp')).reviseDeteriorationPlan;
    const signed = (await ok(PQ.sign, { i: { planId: draft.id, expectedVersion: draft.version } }, 'fatimaGp')).signDeteriorationPlan;
    const now = (await ok(PLAN_FLAG, { p: ingrid }, 'fatimaGp')).activeDeteriorationPlan;
    expect(now).toMatchObject({ id: signed.id, reviewRequested: false, reviewRequestedAt: null });
    expect(await dueIds()).not.toContain(signed.id);
    expect((await ok(PLAN_BY_ID, { id: before.id }, 'fatimaGp')).deteriorationPlan).toMatchObject({
      status: 'SUPERSEDED',
      reviewRequested: false,
      reviewRequestedByEpisodeId: e.id,
    });
  });

  it('keeps a signed version otherwise unchangeable: the database refuses any other change to it', async () => {
    const [active] = await t.sql(`SELECT id FROM deterioration_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [ingrid]);
    await expect(t.sql(`UPDATE deterioration_plan SET conditions = '{Annat}', review_requested_at = now() WHERE id = $1`, [active.id])).rejects.toThrow(
      /signed versions are immutable/,
    );
  });

  it('flags nothing when there is no plan', async () => {
    const e = (await ok(RECORD, { i: episode(gunnar, { outcome: 'ADMITTED' }) }, 'karinNurse')).recordDeteriorationEpisode;
    expect(e).toMatchObject({ planId: null, planReviewRequested: false });
    const d = (await ok(ONE, { id: e.id }, 'karinNurse')).deteriorationEpisode.handoverDraft;
    expect(d.recommendation).toMatch(/^Patienten är inlagd på sjukhus\. Önskar ställningstagande till en handlingsplan/);
  });
});

describe('the indicator: episodes handled at home per 100 enrolled', () => {
  it('counts the episodes with outcome STAYED_HOME of patients enrolled in the scope on the day', async () => {
    // Enough patients for the cell not to be suppressed: Jönköping's enrolled Esther, Ingrid, Gunnar,
    // Karl and the protected patient each get one (more) episode handled at home.
    const karl = await demoPatientId(t, 'karl');
    const hidden = await demoPatientId(t, 'protected');
    for (const [p, who] of [
      [gunnar, 'karinNurse'],
      [karl, 'karinNurse'],
      [hidden, 'annaNurse'],
    ] as const) {
      expect((await record(who, episode(p, { occurredAt: '2026-11-18T09:00:00Z' }))).errors).toBeUndefined();
    }
    // Handled at home in October–November, enrolled with Jönköping: Esther (demo, Oct 27; Nov 21),
    // Ingrid (Nov 21; Nov 15: 14 Nov 23:00Z is the first minute of Nov 15 in Stockholm), Gunnar (Nov 21,
    // Nov 18), Karl (Nov 18), the protected patient (Nov 18): 8 episodes of 5 patients. Amir is not
    // enrolled. Not counted: the mobile team's doctor's visit, the ambulance, the admissions.
    const [{ n }] = await t.sql(
      `SELECT count(*)::int AS n FROM deterioration_episode d JOIN home_healthcare_enrollment e ON e.patient_id = d.patient_id
        WHERE d.outcome = 'STAYED_HOME' AND e.municipality_id = $1 AND e.status = 'ACTIVE'`,
      [await t.orgId('jonkoping')],
    );
    expect(n).toBe(8);
    const r = (await ok(INDICATORS, { p: { from: '2026-10-01', to: '2026-11-22' } }, 'evaManager')).r;
    const find = (code: string) => r.indicators.find((i: any) => i.code === code);
    const enrolled = find('ENROLLED').total.value;
    const home = find('DETERIORATION_HANDLED_AT_HOME');
    expect(home.definition).toMatchObject({ nameSv: 'Försämringsepisoder hanterade i hemmet per 100 inskrivna', unit: 'episodes' });
    expect(home.definition.definition).toMatch(/stannade hemma/);
    expect(home.total).toEqual({ value: 8, denominator: enrolled, ratePer100: Math.round((800 / enrolled) * 10) / 10, suppressed: false });
    // November alone: the demo episode of October is left out.
    const nov = (await ok(INDICATORS, { p: { from: '2026-11-01', to: '2026-11-22' } }, 'evaManager')).r;
    expect(nov.indicators.find((i: any) => i.code === 'DETERIORATION_HANDLED_AT_HOME').total.value).toBe(7);
  });
});

describe('the migration', () => {
  it('goes down and up again: episodes and the review columns go, agenda items lose only the new reason, the guard is the old one', async () => {
    const migration = new DeteriorationEpisodes1796840000000();
    const qr = t.ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      await migration.down(qr);
      const tables = await qr.query(`SELECT to_regclass('deterioration_episode') AS t`);
      expect(tables[0].t).toBeNull();
      const [item] = await qr.query(`SELECT reasons::text[] AS reasons FROM round_agenda_item WHERE patient_id = $1 ORDER BY added_at DESC LIMIT 1`, [gunnar]);
      expect(item.reasons).not.toContain('RECENT_DETERIORATION_EPISODE');
      expect(item.reasons.length).toBeGreaterThan(0);
      const columns = await qr.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'deterioration_plan' AND column_name LIKE 'review_request%'`,
      );
      expect(columns).toEqual([]);
      await migration.up(qr);
      const again = await qr.query(`SELECT to_regclass('deterioration_episode') AS t`);
      expect(again[0].t).toBe('deterioration_episode');
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
    // Rolled back: everything as it was.
    expect(await episodes()).toBeGreaterThan(0);
  });
});
