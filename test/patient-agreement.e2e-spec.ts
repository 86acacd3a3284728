import { Clock } from '../src/common/clock';
import { DEMO_ORGS, DemoOrgKey } from '../src/demo/region';
import { completeDraft, gqlOk, patientId, sipActors, SipStaff, SipTokens } from './helpers/care-plans';
import { as, personnummerOf, Q, setClock } from './helpers/discharges';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
let org: Record<DemoOrgKey, string>;
let s: SipStaff;
let tok: SipTokens;

const TODAY = new Date('2026-12-01T09:00:00Z');
const hsa = (k: DemoOrgKey) => DEMO_ORGS[k].hsaId;

const CONTENT = `fragment AgreementContent on CarePlanContent {
  reason nextFollowUpDate agreementText agreedTime
  careContact { name } daytimeContact { name phone } outOfHoursContact { name phone }
  goals { id text }
  actions { id description kind performedBy responsibleOrganisationId responsibleStaffId startDate status }
  participants { id kind organisationId }
}`;
const PLAN = `fragment AgreementPlan on CarePlan {
  id patientId planType status version hasOpenDraft publishedVersionNumber publishBlockers myOrganisationParticipates
  supersedesCarePlanId supersededByCarePlanId closedAt
  participatingOrganisations { hsaId }
  draft { ...AgreementContent }
  currentVersion { number publishedByOrganisation { hsaId } content { ...AgreementContent } }
}
${CONTENT}`;
const GET = `query($id: ID!) { carePlan(id: $id) { ...AgreementPlan } } ${PLAN}`;
const CREATE = `mutation($input: CreateCarePlanInput!) { createCarePlan(input: $input) { ...AgreementPlan } } ${PLAN}`;
const UPDATE = `mutation($input: UpdateCarePlanDraftInput!) { updateCarePlanDraft(input: $input) { ...AgreementPlan } } ${PLAN}`;
const PUBLISH = `mutation($input: CarePlanLifecycleInput!) { publishCarePlan(input: $input) { ...AgreementPlan } } ${PLAN}`;
const REVISE = `mutation($input: CarePlanLifecycleInput!) { reviseCarePlan(input: $input) { ...AgreementPlan } } ${PLAN}`;
const CLOSE = `mutation($input: CloseCarePlanInput!) { closeCarePlan(input: $input) { ...AgreementPlan } } ${PLAN}`;
const REPLACE = `mutation($input: ReplaceAgreementWithSipInput!) { replaceAgreementWithSip(input: $input) { ...AgreementPlan } } ${PLAN}`;
const DIFF = `query($id: ID!, $from: Int, $to: Int) { carePlanDiff(carePlanId: $id, fromVersion: $from, toVersion: $to) {
  changedFields actions { added { description kind } removed { description } changed { changedFields } } } }`;
const VERSION = `query($id: ID!, $n: Int!) { carePlanVersion(carePlanId: $id, number: $n) { number content { agreementText agreedTime } } }`;

const ok = <T = any>(query: string, vars: Record<string, unknown>, token: string) => gqlOk<T>(t, query, vars, token);

const AGREEMENT_BLOCKERS = ['AGREEMENT_TEXT', 'ACTION', 'CARE_CONTACT', 'FUTURE_AGREED_TIME', 'DAYTIME_CONTACT', 'OUT_OF_HOURS_CONTACT'];

/** A complete patient agreement by Jönköping's home healthcare, Anna as the fixed care contact. */
function agreementContent(over: Record<string, unknown> = {}) {
  return {
    agreementText: 'Jag väger mig varje morgon och ringer hemsjukvården om vikten ökar med mer än två kilo.',
    goals: [{ text: 'Jag vill slippa åka in akut.' }],
    actions: [
      { description: 'Väger mig varje morgon och skriver upp vikten.', kind: 'SELF_CARE', startDate: '2026-12-01', status: 'ONGOING' },
      { description: 'Dottern hjälper till med veckodosetten.', kind: 'NEXT_OF_KIN', performedBy: 'Birgit (maka)', startDate: '2026-12-01' },
      {
        description: 'Hembesök varannan vecka.',
        kind: 'HEALTH_CARE',
        responsibleOrganisationId: org.jonkoping,
        responsibleStaffId: s.anna,
        startDate: '2026-12-01',
      },
    ],
    careContactStaffId: s.anna,
    agreedTime: '2026-12-08T10:00:00+01:00',
    daytimeContact: { name: 'Hemsjukvården, sjuksköterska', phone: '036-10 20 30' },
    outOfHoursContact: { name: 'Kommunens nattpatrull', phone: '036-10 20 99' },
    ...over,
  };
}

async function draftAgreement(patient: string, token = tok.anna, over: Record<string, unknown> = {}) {
  const created = (await ok(CREATE, { input: { patientId: patient, reason: 'Hjärtsvikt; egenvård med stöd', planType: 'PATIENT_AGREEMENT' } }, token))
    .createCarePlan;
  return (await ok(UPDATE, { input: { carePlanId: created.id, expectedVersion: created.version, ...agreementContent(over) } }, token)).updateCarePlanDraft;
}

async function publishedAgreement(patient: string) {
  const d = await draftAgreement(patient);
  return (await ok(PUBLISH, { input: { carePlanId: d.id, expectedVersion: d.version } }, tok.anna)).publishCarePlan;
}

beforeAll(async () => {
  t = await startTestApp();
  t.app.get(Clock).set(TODAY);
  ({ org, s, tok } = await sipActors(t));
});
afterAll(() => t.close());
afterEach(() => t.app.get(Clock).set(TODAY));

describe('a patient agreement (dokumenterad överenskommelse)', () => {
  let gunnar: string;
  let agreement: any;

  it('is drafted with planType PATIENT_AGREEMENT, refused for publishing while parts are missing (all named), and published by one organisation', async () => {
    gunnar = await patientId(t, 'gunnar');
    const created = (await ok(CREATE, { input: { patientId: gunnar, reason: 'Egenvård med stöd', planType: 'PATIENT_AGREEMENT' } }, tok.anna)).createCarePlan;
    expect(created).toMatchObject({ planType: 'PATIENT_AGREEMENT', status: 'DRAFT', version: 1, supersedesCarePlanId: null });
    expect(created.publishBlockers).toEqual(AGREEMENT_BLOCKERS);

    const refused = expectError(await t.gql(PUBLISH, { input: { carePlanId: created.id, expectedVersion: 1 } }, tok.anna), 'PRECONDITION_FAILED');
    expect(refused.extensions.missing).toEqual(AGREEMENT_BLOCKERS);
    expect(refused.extensions.fields).toEqual([
      'input.agreementText',
      'input.actions',
      'input.careContactStaffId',
      'input.agreedTime',
      'input.daytimeContact',
      'input.outOfHoursContact',
    ]);
    expect(refused.message).toContain('patient agreement cannot be published');

    const filled = (await ok(UPDATE, { input: { carePlanId: created.id, expectedVersion: 1, ...agreementContent() } }, tok.anna)).updateCarePlanDraft;
    expect(filled.publishBlockers).toEqual([]);
    expect(filled.draft).toMatchObject({
      agreementText: expect.stringContaining('Jag väger mig'),
      agreedTime: '2026-12-08T09:00:00.000Z',
      careContact: { name: 'Anna Nilsson' },
      daytimeContact: { name: 'Hemsjukvården, sjuksköterska', phone: '036-10 20 30' },
      outOfHoursContact: { name: 'Kommunens nattpatrull', phone: '036-10 20 99' },
    });
    expect(filled.draft.actions.map((a: any) => [a.kind, a.responsibleOrganisationId])).toEqual([
      ['SELF_CARE', null],
      ['NEXT_OF_KIN', null],
      ['HEALTH_CARE', org.jonkoping],
    ]);

    // One organisation publishes it: no second principal, no SIP consent, no follow-up date needed.
    agreement = (await ok(PUBLISH, { input: { carePlanId: created.id, expectedVersion: filled.version } }, tok.anna)).publishCarePlan;
    expect(agreement).toMatchObject({ status: 'ACTIVE', publishedVersionNumber: 1, hasOpenDraft: false, draft: null, publishBlockers: null });
    expect(agreement.participatingOrganisations).toEqual([{ hsaId: hsa('jonkoping') }]);
    expect(agreement.currentVersion).toMatchObject({
      number: 1,
      publishedByOrganisation: { hsaId: hsa('jonkoping') },
      content: { agreedTime: '2026-12-08T09:00:00.000Z', careContact: { name: 'Anna Nilsson' }, outOfHoursContact: { phone: '036-10 20 99' } },
    });
    const [row] = await t.sql(`SELECT snapshot FROM care_plan_version WHERE care_plan_id = $1 AND number = 1`, [agreement.id]);
    expect(row.snapshot).toMatchObject({ planType: 'PATIENT_AGREEMENT', careContactStaffId: s.anna, daytimeContactPhone: '036-10 20 30' });
    expect(await t.sql(`SELECT operation, outcome FROM audit_log WHERE operation = 'publishCarePlan' AND patient_id = $1 ORDER BY id`, [gunnar])).toEqual([
      { operation: 'publishCarePlan', outcome: 'FAILED' },
      { operation: 'publishCarePlan', outcome: 'ALLOWED' },
    ]);
  });

  it('is revised into a new version with a diff, under the same optimistic concurrency as a SIP', async () => {
    const revising = (await ok(REVISE, { input: { carePlanId: agreement.id, expectedVersion: agreement.version } }, tok.anna)).reviseCarePlan;
    expect(revising).toMatchObject({ status: 'ACTIVE', hasOpenDraft: true, publishedVersionNumber: 1 });
    expect(revising.draft.agreementText).toBe(agreement.currentVersion.content.agreementText);

    const actions = revising.draft.actions.map((a: any) => ({
      id: a.id,
      description: a.description,
      kind: a.kind,
      performedBy: a.performedBy,
      responsibleOrganisationId: a.responsibleOrganisationId,
      responsibleStaffId: a.responsibleStaffId,
      startDate: a.startDate,
      status: a.status,
    }));
    const changed = (
      await ok(
        UPDATE,
        {
          input: {
            carePlanId: agreement.id,
            expectedVersion: revising.version,
            agreementText: 'Jag väger mig varje morgon; ökar vikten ringer jag samma dag.',
            agreedTime: '2026-12-15T10:00:00+01:00',
            actions: [...actions.slice(0, 2), { description: 'Promenerar tio minuter varje dag.', kind: 'SELF_CARE', startDate: '2026-12-15' }],
          },
        },
        tok.anna,
      )
    ).updateCarePlanDraft;

    // Someone who read the plan before that change is refused, and nothing is written.
    const stale = expectError(
      await t.gql(UPDATE, { input: { carePlanId: agreement.id, expectedVersion: revising.version, agreementText: 'Gammal text' } }, tok.maria),
      'CONFLICT',
    );
    expect(stale.extensions.currentVersion).toBe(changed.version);
    expectError(await t.gql(PUBLISH, { input: { carePlanId: agreement.id, expectedVersion: revising.version } }, tok.anna), 'CONFLICT');

    const v2 = (await ok(PUBLISH, { input: { carePlanId: agreement.id, expectedVersion: changed.version } }, tok.maria)).publishCarePlan;
    expect(v2).toMatchObject({ status: 'ACTIVE', publishedVersionNumber: 2 });
    const diff = (await ok(DIFF, { id: agreement.id, from: 1, to: 2 }, tok.anna)).carePlanDiff;
    expect(diff.changedFields).toEqual(['agreementText', 'agreedTime']);
    expect(diff.actions.added).toEqual([{ description: 'Promenerar tio minuter varje dag.', kind: 'SELF_CARE' }]);
    expect(diff.actions.removed).toEqual([{ description: 'Hembesök varannan vecka.' }]);
    agreement = v2;
  });

  it('keeps one open plan of each type: a second agreement and a plain SIP are refused while it is open, naming it', async () => {
    const again = expectError(await t.gql(CREATE, { input: { patientId: gunnar, reason: 'x', planType: 'PATIENT_AGREEMENT' } }, tok.maria), 'CONFLICT');
    expect(again.extensions.carePlanId).toBe(agreement.id);
    const sip = expectError(await t.gql(CREATE, { input: { patientId: gunnar, reason: 'x' } }, tok.fatima), 'CONFLICT');
    expect(sip.extensions.carePlanId).toBe(agreement.id);
    expect(sip.message).toContain('replaceAgreementWithSip');
  });

  it('is replaced by a SIP that starts from its content; the agreement stays in force until the SIP is published, then is SUPERSEDED with its history', async () => {
    // Only organisations taking part in the agreement replace it (the centre has a care relationship but does not take part).
    expectError(
      await t.gql(REPLACE, { input: { carePlanId: agreement.id, expectedVersion: agreement.version, reason: 'SIP behövs' } }, tok.fatima),
      'FORBIDDEN',
    );
    expectError(
      await t.gql(REPLACE, { input: { carePlanId: agreement.id, expectedVersion: agreement.version - 1, reason: 'SIP behövs' } }, tok.anna),
      'CONFLICT',
    );

    const sip = (
      await ok(
        REPLACE,
        { input: { carePlanId: agreement.id, expectedVersion: agreement.version, reason: 'Behöver insatser från både kommun och region' } },
        tok.anna,
      )
    ).replaceAgreementWithSip;
    expect(sip).toMatchObject({ planType: 'SIP', status: 'DRAFT', supersedesCarePlanId: agreement.id, publishedVersionNumber: null });
    expect(sip.draft.reason).toBe('Behöver insatser från både kommun och region');
    expect(sip.draft.agreementText).toBe(agreement.currentVersion.content.agreementText);
    expect(sip.draft.outOfHoursContact).toEqual({ name: 'Kommunens nattpatrull', phone: '036-10 20 99' });
    expect(sip.draft.actions.map((a: any) => a.description)).toEqual(agreement.currentVersion.content.actions.map((a: any) => a.description));
    const agreementActionIds = new Set(agreement.currentVersion.content.actions.map((a: any) => a.id));
    expect(sip.draft.actions.some((a: any) => agreementActionIds.has(a.id))).toBe(false);
    expect(sip.publishBlockers).toEqual(['TWO_ORGANISATIONS', 'OVERALL_RESPONSIBILITY', 'FUTURE_FOLLOW_UP']);

    // The agreement is untouched and in force meanwhile; a second replacement is refused.
    const meanwhile = (await ok(GET, { id: agreement.id }, tok.anna)).carePlan;
    expect(meanwhile).toMatchObject({ status: 'ACTIVE', version: agreement.version, supersededByCarePlanId: null });
    const twice = expectError(
      await t.gql(REPLACE, { input: { carePlanId: agreement.id, expectedVersion: agreement.version, reason: 'igen' } }, tok.anna),
      'CONFLICT',
    );
    expect(twice.extensions.carePlanId).toBe(sip.id);

    // The SIP is completed with the primary care centre (keeping the patient's self-care) and published.
    const draft = completeDraft({ municipality: org.jonkoping, primaryCare: org.vcSjobacken, coordinator: s.maria, nurse: s.anna, gp: s.fatima });
    const selfCare = sip.draft.actions.find((a: any) => a.kind === 'SELF_CARE');
    const filled = (
      await ok(
        UPDATE,
        {
          input: {
            carePlanId: sip.id,
            expectedVersion: sip.version,
            ...draft,
            actions: [{ id: selfCare.id, description: selfCare.description, kind: 'SELF_CARE', startDate: selfCare.startDate }, ...draft.actions],
          },
        },
        tok.anna,
      )
    ).updateCarePlanDraft;
    expect(filled.publishBlockers).toEqual([]);
    const published = (await ok(PUBLISH, { input: { carePlanId: sip.id, expectedVersion: filled.version } }, tok.maria)).publishCarePlan;
    expect(published).toMatchObject({ status: 'ACTIVE', publishedVersionNumber: 1, supersedesCarePlanId: agreement.id });
    expect(published.currentVersion.content.actions[0]).toMatchObject({ kind: 'SELF_CARE', responsibleOrganisationId: null });

    const superseded = (await ok(GET, { id: agreement.id }, tok.anna)).carePlan;
    expect(superseded).toMatchObject({ status: 'SUPERSEDED', supersededByCarePlanId: sip.id, hasOpenDraft: false, publishedVersionNumber: 2 });
    expect(superseded.closedAt).not.toBeNull();
    expect(superseded.version).toBe(agreement.version + 1);
    // Its history stays readable: versions and diffs.
    expect((await ok(VERSION, { id: agreement.id, n: 1 }, tok.anna)).carePlanVersion.content.agreedTime).toBe('2026-12-08T09:00:00.000Z');
    expect((await ok(DIFF, { id: agreement.id, from: 1, to: 2 }, tok.anna)).carePlanDiff.changedFields).toEqual(['agreementText', 'agreedTime']);
    // …but it is no longer changed: the SIP is.
    for (const m of [REVISE, PUBLISH])
      expectError(await t.gql(m, { input: { carePlanId: agreement.id, expectedVersion: superseded.version } }, tok.anna), 'CONFLICT');
    expectError(
      await t.gql(CLOSE, { input: { carePlanId: agreement.id, expectedVersion: superseded.version, reason: 'NO_LONGER_NEEDED' } }, tok.anna),
      'CONFLICT',
    );
    expect(await t.sql(`SELECT status::text, plan_type::text FROM care_plan WHERE patient_id = $1 ORDER BY created_at`, [gunnar])).toEqual([
      { status: 'SUPERSEDED', plan_type: 'PATIENT_AGREEMENT' },
      { status: 'ACTIVE', plan_type: 'SIP' },
    ]);
    // The agreement's organisations keep their relationship through the SIP only.
    expect(await t.sql(`SELECT count(*)::int AS n FROM care_plan_organisation WHERE care_plan_id = $1`, [agreement.id])).toEqual([{ n: 0 }]);
    // A new agreement is refused while the SIP is open.
    const noAgreement = expectError(await t.gql(CREATE, { input: { patientId: gunnar, reason: 'x', planType: 'PATIENT_AGREEMENT' } }, tok.anna), 'CONFLICT');
    expect(noAgreement.extensions.carePlanId).toBe(sip.id);
    expect(
      await t.sql(`SELECT operation, outcome FROM audit_log WHERE operation = 'replaceAgreementWithSip' AND patient_id = $1 ORDER BY id`, [gunnar]),
    ).toEqual([
      { operation: 'replaceAgreementWithSip', outcome: 'REFUSED' },
      { operation: 'replaceAgreementWithSip', outcome: 'FAILED' },
      { operation: 'replaceAgreementWithSip', outcome: 'ALLOWED' },
      { operation: 'replaceAgreementWithSip', outcome: 'FAILED' },
    ]);
  });
});

describe('the rules and refusals of a patient agreement', () => {
  it('refuses an agreed time in the past, and a care contact who does not work in the publishing organisation', async () => {
    const ingrid = await patientId(t, 'ingrid');
    const d = await draftAgreement(ingrid, tok.anna, { agreedTime: '2026-11-30T10:00:00+01:00' });
    expect(d.publishBlockers).toEqual(['FUTURE_AGREED_TIME']);
    const past = expectError(await t.gql(PUBLISH, { input: { carePlanId: d.id, expectedVersion: d.version } }, tok.anna), 'PRECONDITION_FAILED');
    expect(past.extensions.missing).toEqual(['FUTURE_AGREED_TIME']);
    expect(past.extensions.fields).toEqual(['input.agreedTime']);

    // The centre takes part and its GP is the contact: Jönköping may not publish with someone else's staff as its contact.
    const withCentre = (
      await ok(
        UPDATE,
        {
          input: {
            carePlanId: d.id,
            expectedVersion: d.version,
            agreedTime: '2026-12-10T10:00:00+01:00',
            careContactStaffId: s.fatima,
            participants: [
              { kind: 'ORGANISATION', organisationId: org.jonkoping },
              { kind: 'ORGANISATION', organisationId: org.vcSjobacken },
            ],
          },
        },
        tok.anna,
      )
    ).updateCarePlanDraft;
    const foreign = expectError(await t.gql(PUBLISH, { input: { carePlanId: d.id, expectedVersion: withCentre.version } }, tok.anna), 'PRECONDITION_FAILED');
    expect(foreign.extensions.missing).toEqual(['CARE_CONTACT']);
    // The centre publishes it itself: its GP is its own staff.
    const byCentre = (await ok(PUBLISH, { input: { carePlanId: d.id, expectedVersion: withCentre.version } }, tok.fatima)).publishCarePlan;
    expect(byCentre).toMatchObject({ status: 'ACTIVE', currentVersion: { publishedByOrganisation: { hsaId: hsa('vcSjobacken') } } });
    expect(await t.sql(`SELECT version FROM care_plan WHERE id = $1`, [d.id])).toEqual([{ version: withCentre.version + 1 }]);
  });

  it('names the field for a SELF_CARE action with an organisation, a contact outside the plan, and bad input', async () => {
    const karl = await patientId(t, 'karl');
    const created = (await ok(CREATE, { input: { patientId: karl, reason: 'Egenvård', planType: 'PATIENT_AGREEMENT' } }, tok.anna)).createCarePlan;
    const update = (input: Record<string, unknown>) =>
      t.gql(UPDATE, { input: { carePlanId: created.id, expectedVersion: created.version, ...input } }, tok.anna);

    const selfCare = expectError(
      await update({
        actions: [
          {
            description: 'Tar mina mediciner',
            kind: 'SELF_CARE',
            responsibleOrganisationId: org.jonkoping,
            responsibleStaffId: s.anna,
            startDate: '2026-12-01',
          },
        ],
      }),
      'BAD_USER_INPUT',
    );
    expect(selfCare.extensions.fields!.map((f: any) => f.field)).toEqual(['input.actions.0.responsibleOrganisationId', 'input.actions.0.responsibleStaffId']);

    const contact = expectError(await update({ careContactStaffId: s.fatima }), 'BAD_USER_INPUT');
    expect(contact.extensions.fields!.map((f: any) => f.field)).toEqual(['input.careContactStaffId']);

    const fieldsOf = async (input: Record<string, unknown>) => expectError(await update(input), 'BAD_USER_INPUT').extensions.fields!.map((f: any) => f.field);
    expect(await fieldsOf({ daytimeContact: { name: 'Hemsjukvården', phone: 'ring mig' } })).toEqual(['input.daytimeContact.phone']);
    expect(await fieldsOf({ outOfHoursContact: { name: '', phone: '036-10 20 99' } })).toEqual(['input.outOfHoursContact.name']);
    expect(await fieldsOf({ agreementText: 'x'.repeat(2001) })).toEqual(['input.agreementText']);
    expect(await fieldsOf({ agreedTime: 'nästa tisdag' })).toEqual(['input.agreedTime']);
    expect(await fieldsOf({ agreedTime: '2031-01-01T10:00:00Z' })).toEqual(['input.agreedTime']);

    // Nothing was written.
    expect(await t.sql(`SELECT version, agreement_text, care_contact_staff_id FROM care_plan WHERE id = $1`, [created.id])).toEqual([
      { version: 1, agreement_text: null, care_contact_staff_id: null },
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM care_plan_action WHERE care_plan_id = $1`, [created.id])).toEqual([{ n: 0 }]);
  });

  it('refuses replacing a draft agreement or a SIP, and starting an agreement without a care relationship or in a role that may not write plans', async () => {
    const karl = await patientId(t, 'karl');
    const [draft] = await t.sql(`SELECT id, version FROM care_plan WHERE patient_id = $1 AND status = 'DRAFT'`, [karl]);
    expectError(await t.gql(REPLACE, { input: { carePlanId: draft.id, expectedVersion: draft.version, reason: 'SIP' } }, tok.anna), 'PRECONDITION_FAILED');

    const gunnar = await patientId(t, 'gunnar');
    const [sip] = await t.sql(`SELECT id, version FROM care_plan WHERE patient_id = $1 AND plan_type = 'SIP'`, [gunnar]);
    expectError(await t.gql(REPLACE, { input: { carePlanId: sip.id, expectedVersion: sip.version, reason: 'SIP' } }, tok.anna), 'PRECONDITION_FAILED');

    // An organisation without a care relationship: the same answer as a missing patient or plan.
    const margit = await patientId(t, 'margit');
    expect(expectError(await t.gql(CREATE, { input: { patientId: margit, reason: 'x', planType: 'PATIENT_AGREEMENT' } }, tok.anna), 'NOT_FOUND').message).toBe(
      expectError(
        await t.gql(CREATE, { input: { patientId: '00000000-0000-4000-8000-000000000000', reason: 'x', planType: 'PATIENT_AGREEMENT' } }, tok.anna),
        'NOT_FOUND',
      ).message,
    );
    expect(
      expectError(await t.gql(REPLACE, { input: { carePlanId: draft.id, expectedVersion: draft.version, reason: 'x' } }, tok.linnea), 'NOT_FOUND').message,
    ).toBe('Care plan not found');
    // Roles that do not write plans (unit manager, administrator, MAS): as absence.
    for (const token of [tok.eva, tok.per, tok.birgitta]) {
      expectError(await t.gql(CREATE, { input: { patientId: karl, reason: 'x', planType: 'PATIENT_AGREEMENT' } }, token), 'NOT_FOUND');
      expectError(await t.gql(REPLACE, { input: { carePlanId: draft.id, expectedVersion: draft.version, reason: 'x' } }, token), 'NOT_FOUND');
    }
    expect(await t.sql(`SELECT count(*)::int AS n FROM care_plan WHERE patient_id = ANY($1::uuid[])`, [[karl, margit]])).toEqual([{ n: 1 }]);
  });

  it('does not count an agreement as a SIP in the joint follow-up (share with an active SIP)', async () => {
    const INDICATORS = `query($p: FollowUpPeriodInput!) { r: followUpIndicators(period: $p) { indicators { code total { value denominator suppressed } } } }`;
    const activeSip = async () =>
      (await ok(INDICATORS, { p: { from: '2026-12-01', to: '2026-12-31' } }, tok.eva)).r.indicators.find((i: any) => i.code === 'ACTIVE_SIP').total;
    const before = await activeSip();
    const karl = await patientId(t, 'karl');
    expect(await publishedAgreementOrNull(karl)).toBe(true);
    expect(await activeSip()).toEqual(before);
    expect(before).toMatchObject({ suppressed: false });
  });
});

describe('a discharge’s SIP invitation for a patient with a patient agreement', () => {
  it('starts a SIP draft that will replace the agreement; the agreement stays in force, and an organisation outside it gets none of its content', async () => {
    const elsa = await patientId(t, 'elsa');
    const linnea = await t.staffId('linneaNurse');
    const content = agreementContent({
      careContactStaffId: linnea,
      actions: [{ description: 'Väger mig varje morgon.', kind: 'SELF_CARE', startDate: '2026-12-01' }],
    });
    const created = (await ok(CREATE, { input: { patientId: elsa, reason: 'Egenvård', planType: 'PATIENT_AGREEMENT' } }, tok.linnea)).createCarePlan;
    const filled = (await ok(UPDATE, { input: { carePlanId: created.id, expectedVersion: created.version, ...content } }, tok.linnea)).updateCarePlanDraft;
    const agreement = (await ok(PUBLISH, { input: { carePlanId: created.id, expectedVersion: filled.version } }, tok.linnea)).publishCarePlan;
    expect(agreement).toMatchObject({ status: 'ACTIVE', participatingOrganisations: [{ hsaId: hsa('habo') }] });

    setClock(t, '2026-12-07T08:00:00Z');
    const processId = (
      await as(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: personnummerOf('elsa'), admittedAt: '2026-12-07T07:00:00Z' } })
    ).id;
    await as(t, 'toveDischarge', 'wardMedicine', Q.admission, { i: { processId, note: 'Fall i hemmet.' } });
    setClock(t, '2026-12-09T10:00:00Z');
    await as(t, 'aliPhysician', undefined, Q.ready, { i: { processId } });
    const p = await as(t, 'johanCoordinator', undefined, Q.sip, { i: { processId } });
    const sipId = p.messages.find((m: any) => m.kind === 'SIP_INVITATION').sipId;

    expect(
      await t.sql(`SELECT id, plan_type::text, status::text, supersedes_care_plan_id FROM care_plan WHERE patient_id = $1 ORDER BY created_at`, [elsa]),
    ).toEqual([
      { id: agreement.id, plan_type: 'PATIENT_AGREEMENT', status: 'ACTIVE', supersedes_care_plan_id: null },
      { id: sipId, plan_type: 'SIP', status: 'DRAFT', supersedes_care_plan_id: agreement.id },
    ]);
    // The centre took no part in the agreement: the SIP draft starts empty, with the receivers taking part.
    expect(await t.sql(`SELECT count(*)::int AS n FROM care_plan_action WHERE care_plan_id = $1`, [sipId])).toEqual([{ n: 0 }]);
    expect(await t.sql(`SELECT agreement_text FROM care_plan WHERE id = $1`, [sipId])).toEqual([{ agreement_text: null }]);
  });
});

/** Completes and publishes the karl draft (an agreement); true when published. */
async function publishedAgreementOrNull(patient: string): Promise<boolean> {
  const [d] = await t.sql(`SELECT id, version FROM care_plan WHERE patient_id = $1 AND status = 'DRAFT'`, [patient]);
  const filled = (await ok(UPDATE, { input: { carePlanId: d.id, expectedVersion: d.version, ...agreementContent() } }, tok.anna)).updateCarePlanDraft;
  const pub = (await ok(PUBLISH, { input: { carePlanId: d.id, expectedVersion: filled.version } }, tok.anna)).publishCarePlan;
  return pub.status === 'ACTIVE';
}

void publishedAgreement;
