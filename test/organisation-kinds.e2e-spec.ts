import { Clock } from '../src/common/clock';
import { DEMO_ORGS } from '../src/demo/region';
import { auditMark, auditSince, patientId, pnr } from './helpers/patients';
import { ADD_ITEM, CREATE_ROUND, DECIDE, READ_ROUND, START_ROUND } from './helpers/rounds';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/**
 * The kinds of organisation beyond municipality, primary care and hospital (issue 20): a mobile
 * team and specialised palliative home care (SSIH) take part in a patient's care like primary care
 * (care team, rounds, handovers); an ambulance service and an out-of-hours unit arrive unplanned,
 * have no standing care relationship and use only the urgent read (test/urgent-read.e2e-spec.ts).
 * Through HTTP, as the demo region's staff: Mobila teamet Jönköping (Hanna Björk, nurse; Mikael
 * Norén, physician), Ambulanssjukvården Jönköping (Sanna Holmberg, nurse; Patrik Lundin, manager),
 * Jourcentralen Jönköping (Amira Saleh, physician).
 */
let t: TestApp;
let esther: string;
let gunnar: string;
const org: Record<string, string> = {};
const MISSING = '00000000-0000-4000-8000-000000000000';

const PATIENT = `query($id: ID!) { patient(id: $id) { id givenName } }`;
const CASELOAD = `query { myPatients(first: 50) { edges { node { id givenName } } } }`;
const ADD_MEMBER = `mutation($i: AddCareTeamMemberInput!) { addCareTeamMember(input: $i) { id organisation { name } } }`;
const PLAN = `query($p: ID!) { activeDeteriorationPlan(patientId: $p) { id conditions } }`;
const SEND = `mutation($i: SendHandoverInput!) { sendHandover(input: $i) { id receiverOrganisation { name } senderOrganisation { name } situation acknowledgedAt } }`;
const ACK = `mutation($id: ID!) { acknowledgeHandover(handoverId: $id) { id acknowledgedAt acknowledgedBy { name } } }`;
const INBOX = `query { handoverInbox(first: 20) { edges { node { id patient { givenName } senderOrganisation { name } } } } }`;
const SBAR = {
  situation: 'Ökad andfåddhet i kväll.',
  background: 'Hjärtsvikt NYHA III.',
  assessment: 'Vikt +2 kg på tre dagar.',
  recommendation: 'Läkarbedömning i morgon.',
};
const KIND_REFUSAL =
  'An ambulance service or an out-of-hours primary care unit has no standing care relationship with patients: it reads a patient’s urgent care plan (urgentCarePlan) only';

beforeAll(async () => {
  t = await startTestApp();
  t.app.get(Clock).set(new Date('2026-11-23T09:00:00Z'));
  esther = await patientId(t, 'esther');
  gunnar = await patientId(t, 'gunnar');
  for (const k of ['jonkoping', 'habo', 'vcSjobacken', 'mobileTeam', 'ambulance', 'outOfHours', 'wardMedicine'] as const) org[k] = await t.orgId(k);
});
afterAll(() => t.close());

describe('the kinds of unit', () => {
  const UNITS = `query($k: OrganisationKind) { organisations(kind: $k, first: 10) { edges { node { hsaId kind name principal principalName municipalityCode } } } }`;

  it('registers the demo region’s mobile team, ambulance service and out-of-hours unit, each with its principal', async () => {
    const token = await t.token('sannaParamedic');
    const of = async (k: string) => (await t.gql(UNITS, { k }, token)).data.organisations.edges.map((e: any) => e.node);
    expect(await of('MOBILE_TEAM')).toEqual([
      {
        hsaId: DEMO_ORGS.mobileTeam.hsaId,
        kind: 'MOBILE_TEAM',
        name: 'Mobila teamet Jönköping (demo)',
        principal: 'REGION',
        principalName: 'Region Jönköpings län',
        municipalityCode: null,
      },
    ]);
    expect(await of('AMBULANCE')).toEqual([
      {
        hsaId: DEMO_ORGS.ambulance.hsaId,
        kind: 'AMBULANCE',
        name: 'Ambulanssjukvården Jönköping (demo)',
        principal: 'REGION',
        principalName: 'Region Jönköpings län',
        municipalityCode: null,
      },
    ]);
    expect(await of('OUT_OF_HOURS')).toEqual([
      {
        hsaId: DEMO_ORGS.outOfHours.hsaId,
        kind: 'OUT_OF_HOURS',
        name: 'Jourcentralen Jönköping (demo)',
        principal: 'REGION',
        principalName: 'Region Jönköpings län',
        municipalityCode: null,
      },
    ]);
    expect((await of('MUNICIPALITY')).map((o: any) => [o.name, o.principal, o.municipalityCode])).toEqual([
      ['Hemsjukvården Habo (demo)', 'MUNICIPALITY', '0643'],
      ['Hemsjukvården Jönköping (demo)', 'MUNICIPALITY', '0680'],
    ]);
    const me = await t.gql(`{ me { role organisation { kind name } staff { name professionTitle phone } } }`, {}, token);
    expect(me.data.me).toEqual({
      role: 'NURSE',
      organisation: { kind: 'AMBULANCE', name: 'Ambulanssjukvården Jönköping (demo)' },
      staff: { name: 'Sanna Holmberg', professionTitle: 'Ambulanssjuksköterska', phone: null },
    });
  });

  it('holds the rules per kind in the database: a mobile team names its principal, only municipal units have a kommunkod', async () => {
    const insert = (kind: string, code: string | null, principal: string | null) =>
      t.sql(
        `INSERT INTO organisation (hsa_id, kind, name, principal_name, municipality_code, principal) VALUES ('SE2321000057-9' || floor(random() * 100000)::int, $1, 'Prov', 'Prov', $2, $3)`,
        [kind, code, principal],
      );
    await expect(insert('MOBILE_TEAM', null, null)).rejects.toThrow(/ck_organisation_principal/);
    await expect(insert('AMBULANCE', null, 'REGION')).rejects.toThrow(/ck_organisation_principal/);
    await expect(insert('AMBULANCE', '0680', null)).rejects.toThrow(/ck_organisation_municipality_code/);
    await expect(insert('MOBILE_TEAM', '0680', 'REGION')).rejects.toThrow(/ck_organisation_municipality_code/);
    await expect(insert('MOBILE_TEAM', null, 'MUNICIPALITY')).rejects.toThrow(/ck_organisation_municipality_code/);
    await expect(insert('MUNICIPALITY', null, null)).rejects.toThrow(/ck_organisation_municipality_code/);
    await insert('MOBILE_TEAM', '0643', 'MUNICIPALITY');
    await insert('SPECIALISED_PALLIATIVE_HOME_CARE', null, null);
    await insert('OUT_OF_HOURS', null, null);
    const made = await t.sql(`SELECT kind::text, municipality_code, principal::text FROM organisation WHERE name = 'Prov' ORDER BY kind`);
    expect(made).toEqual([
      { kind: 'MOBILE_TEAM', municipality_code: '0643', principal: 'MUNICIPALITY' },
      { kind: 'OUT_OF_HOURS', municipality_code: null, principal: null },
      { kind: 'SPECIALISED_PALLIATIVE_HOME_CARE', municipality_code: null, principal: null },
    ]);
    const municipal = await t.gql(UNITS, { k: 'MOBILE_TEAM' }, await t.token('annaNurse'));
    expect(municipal.data.organisations.edges.map((e: any) => [e.node.name, e.node.principal])).toEqual([
      ['Mobila teamet Jönköping (demo)', 'REGION'],
      ['Prov', 'MUNICIPALITY'],
    ]);
    await t.sql(`DELETE FROM organisation WHERE name = 'Prov'`);
  });
});

describe('a mobile team takes part in the care', () => {
  it('is in Esther’s care team (demo): reads her, her plan, and has her in its caseload', async () => {
    const token = await t.token('hannaMobileNurse');
    expect((await t.gql(PATIENT, { id: esther }, token)).data.patient).toEqual({ id: esther, givenName: 'Esther' });
    expect((await t.gql(PLAN, { p: esther }, token)).data.activeDeteriorationPlan.conditions).toEqual(['Hjärtsvikt (NYHA III)']);
    expect((await t.gql(CASELOAD, {}, token)).data.myPatients.edges.map((e: any) => e.node.givenName)).toEqual(['Esther']);
    const team = await t.gql(`query($id: ID!) { patient(id: $id) { careTeam { organisation { name } reason } } }`, { id: esther }, await t.token('annaNurse'));
    expect(team.data.patient.careTeam).toContainEqual({
      organisation: { name: 'Mobila teamet Jönköping (demo)' },
      reason: expect.stringMatching(/kvällar och helger/),
    });
  });

  it('joins another patient’s care team when a unit caring for the patient adds it, and then reads the patient', async () => {
    const token = await t.token('hannaMobileNurse');
    expectError(await t.gql(PATIENT, { id: gunnar }, token), 'NOT_FOUND');
    const added = await t.gql(
      ADD_MEMBER,
      { i: { patientId: gunnar, organisationId: org.mobileTeam, reason: 'Hembesök kvällstid vid försämring' } },
      await t.token('karinNurse'),
    );
    expect(added.errors).toBeUndefined();
    expect(added.data.addCareTeamMember.organisation).toEqual({ name: 'Mobila teamet Jönköping (demo)' });
    expect((await t.gql(PATIENT, { id: gunnar }, token)).data.patient.givenName).toBe('Gunnar');
    const [rel] = await t.sql(`SELECT kinds, direct FROM care_relationship WHERE patient_id = $1 AND organisation_id = $2`, [gunnar, org.mobileTeam]);
    expect(rel).toEqual({ kinds: ['CARE_TEAM'], direct: true });
  });

  it('sends a handover to the primary care centre and answers one from the municipality', async () => {
    const sent = await t.gql(
      SEND,
      { i: { patientId: esther, receiverOrganisationId: org.vcSjobacken, occasion: 'CHANGE_IN_CONDITION', ...SBAR } },
      await t.token('hannaMobileNurse'),
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendHandover).toMatchObject({
      senderOrganisation: { name: 'Mobila teamet Jönköping (demo)' },
      receiverOrganisation: { name: 'Vårdcentralen Sjöbacken (demo)' },
      acknowledgedAt: null,
    });
    const ack = await t.gql(ACK, { id: sent.data.sendHandover.id }, await t.token('erikGp'));
    expect(ack.data.acknowledgeHandover.acknowledgedBy).toEqual({ name: 'Erik Sjöberg' });

    const toTeam = await t.gql(
      SEND,
      { i: { patientId: esther, receiverOrganisationId: org.mobileTeam, occasion: 'OTHER', ...SBAR } },
      await t.token('annaNurse'),
    );
    expect(toTeam.errors).toBeUndefined();
    const inbox = await t.gql(INBOX, {}, await t.token('mikaelMobilePhysician'));
    expect(inbox.data.handoverInbox.edges.map((e: any) => e.node)).toEqual([
      { id: toTeam.data.sendHandover.id, patient: { givenName: 'Esther' }, senderOrganisation: { name: 'Hemsjukvården Jönköping (demo)' } },
    ]);
    const answered = await t.gql(ACK, { id: toTeam.data.sendHandover.id }, await t.token('mikaelMobilePhysician'));
    expect(answered.data.acknowledgeHandover.acknowledgedBy).toEqual({ name: 'Mikael Norén' });
  });

  it('refuses handovers to the sender’s own unit, or to one that arrives unplanned, naming the receiver', async () => {
    // Since handovers go between any organisations of the care team, a unit of the sender's own kind may receive one
    // (with a care relationship: test/handover-answers.e2e-spec.ts); the sender's own unit may not.
    const send = async (who: 'annaNurse' | 'hannaMobileNurse', receiver: string) =>
      expectError(
        await t.gql(SEND, { i: { patientId: esther, receiverOrganisationId: receiver, occasion: 'OTHER', ...SBAR } }, await t.token(who)),
        'BAD_USER_INPUT',
      ).extensions.fields;
    const PARTIES = 'must be a municipality (home healthcare unit), a primary care centre, a mobile team or specialised palliative home care (SSIH)';
    expect(await send('annaNurse', org.jonkoping)).toEqual([{ field: 'input.receiverOrganisationId', message: 'must be another organisation than your own' }]);
    expect(await send('annaNurse', org.ambulance)).toEqual([{ field: 'input.receiverOrganisationId', message: PARTIES }]);
    expect(await send('hannaMobileNurse', org.outOfHours)).toEqual([{ field: 'input.receiverOrganisationId', message: PARTIES }]);
  });

  it('takes part in a round: reads it, puts a patient on the agenda and records a decision; and organises one', async () => {
    const made = await t.gql(
      CREATE_ROUND,
      {
        i: {
          title: 'Rond med mobila teamet',
          kind: 'REGULAR',
          startsAt: '2026-11-23T12:00:00Z',
          participatingOrganisationIds: [org.jonkoping, org.mobileTeam],
          participantStaffIds: [],
        },
      },
      await t.token('erikGp'),
    );
    expect(made.errors).toBeUndefined();
    const roundId = made.data.createRound.id;
    const token = await t.token('hannaMobileNurse');
    const round = (await t.gql(READ_ROUND, { id: roundId }, token)).data.round;
    expect(round.participatingOrganisations.map((o: any) => o.name).sort()).toEqual(['Hemsjukvården Jönköping (demo)', 'Mobila teamet Jönköping (demo)']);
    const item = await t.gql(ADD_ITEM, { i: { roundId, patientId: esther } }, token);
    expect(item.errors).toBeUndefined();
    expect((await t.gql(START_ROUND, { id: roundId }, token)).data.startRound.status).toBe('IN_PROGRESS');
    const decided = await t.gql(DECIDE, { i: { itemId: item.data.addAgendaItem.id, text: 'Mobila teamet gör hembesök i kväll' } }, token);
    expect(decided.errors).toBeUndefined();
    expect(decided.data.recordDecision).toMatchObject({
      text: 'Mobila teamet gör hembesök i kväll',
      decidedBy: { name: 'Hanna Björk' },
      decidedByOrganisation: { name: 'Mobila teamet Jönköping (demo)' },
    });

    const own = await t.gql(
      CREATE_ROUND,
      { i: { kind: 'REGULAR', startsAt: '2026-11-25T12:00:00Z', participatingOrganisationIds: [org.jonkoping] } },
      await t.token('mikaelMobilePhysician'),
    );
    expect(own.errors).toBeUndefined();
    expect(own.data.createRound.organiser).toEqual({ name: 'Mobila teamet Jönköping (demo)' });
  });
});

describe('an ambulance service and an out-of-hours unit have no standing care relationship', () => {
  it('cannot list patients, read a patient or a SIP, find a person, open emergency access, see tasks or handovers: FORBIDDEN, the same for any argument, logged with the patient', async () => {
    const [sip] = await t.sql(`SELECT id FROM care_plan WHERE patient_id = $1 LIMIT 1`, [esther]);
    const calls: Array<[string, Record<string, unknown>]> = [
      [CASELOAD, {}],
      [PATIENT, { id: esther }],
      [PATIENT, { id: MISSING }],
      [`query($id: ID!) { carePlan(id: $id) { id } }`, { id: sip.id }],
      [`query($p: ID!) { carePlans(patientId: $p) { edges { node { id } } } }`, { p: esther }],
      [PLAN, { p: esther }],
      [`query($p: Personnummer!) { findPatient(personnummer: $p) { id } }`, { p: pnr('esther') }],
      [
        `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { id } }`,
        { i: { personnummer: pnr('esther'), reason: 'Medvetslös i hemmet' } },
      ],
      [`query { myTasks(first: 5) { edges { node { id } } } }`, {}],
      [`query { handoverInbox(first: 5) { edges { node { id } } } }`, {}],
    ];
    for (const who of ['sannaParamedic', 'amiraOnCall'] as const) {
      const token = await t.token(who);
      const mark = await auditMark(t);
      for (const [query, vars] of calls) {
        const res = await t.gql(query, vars, token);
        // A nullable root field answers { field: null } beside the error, a non-null one data: null.
        const shown = Object.values(res.data ?? {}).filter((v) => v !== null);
        expect([query, shown, res.errors?.map((e) => [e.extensions.code, e.message])]).toEqual([query, [], [['FORBIDDEN', KIND_REFUSAL]]]);
      }
      const rows = await auditSince(t, mark);
      expect(rows.map((r) => [r.outcome, r.details?.reason])).toEqual(calls.map(() => ['REFUSED', 'organisation-kind']));
      // The refusal names the patient the arguments name (as every refusal does), so the log extract shows it.
      expect(rows.filter((r) => r.patient_id === esther).map((r) => r.operation)).toEqual([
        'patient',
        'carePlan',
        'carePlans',
        'activeDeteriorationPlan',
        'findPatient',
        'openEmergencyAccess',
      ]);
    }
  });

  it('may sign in, find units and colleagues, and review its own staff’s urgent reads', async () => {
    const token = await t.token('sannaParamedic');
    expect((await t.gql(`{ organisation: organisations(first: 1) { edges { node { id } } } }`, {}, token)).errors).toBeUndefined();
    const staff = await t.gql(`{ staffMembers(first: 10) { edges { node { name } } } }`, {}, token);
    expect(staff.data.staffMembers.edges.map((e: any) => e.node.name)).toEqual(['Patrik Lundin', 'Sanna Holmberg']);
    const review = await t.gql(`{ emergencyAccessesForReview(first: 5) { edges { node { id } } } }`, {}, await t.token('patrikAmbulanceManager'));
    expect(review.errors).toBeUndefined();
  });

  it('is never added to a care team, a SIP or a round: the field names why', async () => {
    const member = await t.gql(
      ADD_MEMBER,
      { i: { patientId: esther, organisationId: org.ambulance, reason: 'Ambulansen ska kunna läsa' } },
      await t.token('annaNurse'),
    );
    expect(expectError(member, 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.organisationId', message: expect.stringMatching(/^is an ambulance service or an out-of-hours primary care unit: it arrives unplanned/) },
    ]);
    const ooh = await t.gql(
      ADD_MEMBER,
      { i: { patientId: esther, organisationId: org.outOfHours, reason: 'Jouren ska kunna läsa' } },
      await t.token('annaNurse'),
    );
    expectError(ooh, 'BAD_USER_INPUT');

    const created = await t.gql(
      `mutation($i: CreateCarePlanInput!) { createCarePlan(input: $i) { id version } }`,
      { i: { patientId: gunnar, reason: 'Insatser från kommun och region' } },
      await t.token('karinNurse'),
    );
    expect(created.errors).toBeUndefined();
    const { id, version } = created.data.createCarePlan;
    const participants = [
      { kind: 'ORGANISATION', organisationId: org.jonkoping },
      { kind: 'ORGANISATION', organisationId: org.ambulance },
    ];
    const sip = await t.gql(
      `mutation($i: UpdateCarePlanDraftInput!) { updateCarePlanDraft(input: $i) { id } }`,
      { i: { carePlanId: id, expectedVersion: version, participants } },
      await t.token('karinNurse'),
    );
    expect(expectError(sip, 'BAD_USER_INPUT').extensions.fields).toContainEqual({
      field: 'input.participants.1.organisationId',
      message: expect.stringMatching(/takes no part in a SIP/),
    });

    const round = await t.gql(
      CREATE_ROUND,
      { i: { kind: 'REGULAR', startsAt: '2026-11-26T08:00:00Z', participatingOrganisationIds: [org.jonkoping, org.ambulance] } },
      await t.token('erikGp'),
    );
    expect(expectError(round, 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.participatingOrganisationIds', message: expect.stringMatching(/take no part in rounds/) },
    ]);
    expect(await t.sql(`SELECT 1 FROM care_relationship WHERE organisation_id = ANY ($1::uuid[])`, [[org.ambulance, org.outOfHours]])).toEqual([]);
  });

  it('may not organise a round, send a handover or register a person', async () => {
    const token = await t.token('amiraOnCall');
    const round = await t.gql(CREATE_ROUND, { i: { kind: 'REGULAR', startsAt: '2026-11-26T08:00:00Z', participatingOrganisationIds: [org.jonkoping] } }, token);
    expect(expectError(round, 'FORBIDDEN').message).toMatch(/^Rounds are organised by/);
    const handover = await t.gql(SEND, { i: { patientId: esther, receiverOrganisationId: org.vcSjobacken, occasion: 'OTHER', ...SBAR } }, token);
    expect(expectError(handover, 'FORBIDDEN').message).toMatch(/^Handovers go between/);
  });
});

describe('a work phone, for whoever reads the urgent care plan', () => {
  const UPDATE = `mutation($i: UpdateStaffInput!) { updateStaff(input: $i) { name phone } }`;

  it('is set and cleared by the unit’s administrator, validated naming the field', async () => {
    const karin = await t.staffId('karinNurse');
    const token = await t.token('perAdmin');
    expect((await t.gql(UPDATE, { i: { staffId: karin, phone: ' 036-10 50 01 ' } }, token)).data.updateStaff).toEqual({
      name: 'Karin Berg',
      phone: '036-10 50 01',
    });
    expect(expectError(await t.gql(UPDATE, { i: { staffId: karin, phone: 'ring växeln' } }, token), 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.phone', message: 'must be a phone number' },
    ]);
    expect((await t.gql(UPDATE, { i: { staffId: karin, phone: null } }, token)).data.updateStaff).toEqual({ name: 'Karin Berg', phone: null });
    expect((await t.gql(UPDATE, { i: { staffId: karin } }, token)).data.updateStaff.phone).toBeNull();
  });
});
