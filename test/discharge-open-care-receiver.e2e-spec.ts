import { signDevToken } from '../src/auth/token.service';
import { DEMO_ORGS } from '../src/demo/region';
import { as, attempt, patientIdOf, personnummerOf, Q, setClock } from './helpers/discharges';
import { expectError, GqlResult, startTestApp, TestApp } from './helpers/test-app';

/**
 * The open-care receiver of a discharge (den öppna vården, lag 2017:612) may be a primary care centre,
 * specialised palliative home care (SSIH) or a mobile team run by the region; the team then names the
 * fast vårdkontakt, sends the SIP invitation, has the care relationship and sees the process in its inbox.
 */
let t: TestApp;
const SSIH = { hsa: 'SE2321000057-6001', name: 'SSIH Jönköping (test)' };
const SSIH_NURSE = 'SE2321000057-S901';
const MUNICIPAL_TEAM = { hsa: 'SE2120000680-7001', name: 'Mobila teamet Jönköpings kommun (test)' };
let ssih: string;
let municipalTeam: string;
let ssihNurse: string;
let ssihToken: string;

beforeAll(async () => {
  t = await startTestApp();
  [{ id: ssih }] = await t.sql(
    `INSERT INTO organisation (hsa_id, kind, name, principal_name) VALUES ($1, 'SPECIALISED_PALLIATIVE_HOME_CARE', $2, 'Region Jönköpings län') RETURNING id`,
    [SSIH.hsa, SSIH.name],
  );
  [{ id: municipalTeam }] = await t.sql(
    `INSERT INTO organisation (hsa_id, kind, name, principal_name, municipality_code, principal)
     VALUES ($1, 'MOBILE_TEAM', $2, 'Jönköpings kommun', '0680', 'MUNICIPALITY') RETURNING id`,
    [MUNICIPAL_TEAM.hsa, MUNICIPAL_TEAM.name],
  );
  [{ id: ssihNurse }] = await t.sql(`INSERT INTO staff (hsa_id, name, profession_title) VALUES ($1, 'Siv Palm', 'Sjuksköterska, SSIH') RETURNING id`, [
    SSIH_NURSE,
  ]);
  await t.sql(`INSERT INTO assignment (staff_id, organisation_id, role, valid_from) VALUES ($1, $2, 'NURSE', '2025-01-01T00:00:00Z')`, [ssihNurse, ssih]);
  ssihToken = await signDevToken(t.config, { staffHsaId: SSIH_NURSE, organisationHsaId: SSIH.hsa, role: 'NURSE' });
});
afterAll(() => t.close());

const OPEN = `mutation($i: OpenDischargeProcessInput!) { r: openDischargeProcess(input: $i) {
  id myParty openCareReceiver { hsaId kind } primaryCareCentre { hsaId } } }`;
const ok = (res: GqlResult) => {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.r;
};

/** The receiver's side of a process: appoint itself, the ward gets to ready, the receiver invites to SIP. */
async function receiverWalksThrough(processId: string, token: string, staffId: string, hsa: string) {
  setClock(t, '2026-12-07T09:00:00Z');
  await as(t, 'toveDischarge', 'wardMedicine', Q.admission, { i: { processId, note: 'Palliativ vård i hemmet planeras.' } });
  const appointed = ok(await t.gql(Q.appoint, { i: { processId, staffId } }, token));
  expect(appointed.myParty).toBe('PRIMARY_CARE');
  expect(appointed.careContact).toBeTruthy();
  expect(appointed.messages.at(-1)).toMatchObject({ kind: 'CARE_CONTACT_APPOINTED', senderOrganisation: { hsaId: hsa } });
  setClock(t, '2026-12-08T10:00:00Z');
  const ready = await as(t, 'aliPhysician', undefined, Q.ready, { i: { processId } });
  expect(ready.deadlines.find((d: any) => d.kind === 'SIP_INVITATION')).toMatchObject({ state: 'OPEN', responsibleOrganisation: { hsaId: hsa } });
  setClock(t, '2026-12-09T09:00:00Z');
  const invited = ok(await t.gql(Q.sip, { i: { processId, proposedMeetingAt: '2026-12-15T13:00:00Z', note: 'SIP i hemmet.' } }, token));
  expect(invited.messages.at(-1)).toMatchObject({ kind: 'SIP_INVITATION', senderOrganisation: { hsaId: hsa }, sipId: expect.any(String) });
  expect(invited.deadlines.find((d: any) => d.kind === 'SIP_INVITATION')).toMatchObject({ state: 'MET', mine: true });
  // The process shows in the receiver's inbox.
  const inbox = ok(await t.gql(Q.inbox, { first: 50 }, token));
  expect(inbox.edges.map((e: any) => e.node.process.id)).toContain(processId);
}

describe('the open-care receiver (öppenvården)', () => {
  it('SSIH as open-care receiver: names the fast vårdkontakt, sends the SIP invitation, holds the relationship and sees its inbox', async () => {
    setClock(t, '2026-12-07T08:00:00Z');
    const karl = await patientIdOf(t, 'karl');
    // No relationship before the process.
    expect(await t.sql(`SELECT 1 FROM care_relationship WHERE patient_id = $1 AND organisation_id = $2`, [karl, ssih])).toHaveLength(0);
    const input = { personnummer: personnummerOf('karl'), admittedAt: '2026-12-07T07:00:00Z', openCareReceiverId: ssih };
    const p = ok(await t.gql(OPEN, { i: input }, await t.token('toveDischarge', 'wardMedicine')));
    expect(p).toMatchObject({
      myParty: 'HOSPITAL',
      openCareReceiver: { hsaId: SSIH.hsa, kind: 'SPECIALISED_PALLIATIVE_HOME_CARE' },
      primaryCareCentre: { hsaId: SSIH.hsa },
    });
    const [rel] = await t.sql(`SELECT kinds, direct FROM care_relationship WHERE patient_id = $1 AND organisation_id = $2`, [karl, ssih]);
    expect(rel).toEqual({ kinds: ['DISCHARGE_PROCESS'], direct: true });
    await receiverWalksThrough(p.id, ssihToken, ssihNurse, SSIH.hsa);
  });

  it('a regional mobile team as open-care receiver, given under the earlier field name', async () => {
    setClock(t, '2026-12-07T08:00:00Z');
    const team = await t.orgId('mobileTeam');
    const ingrid = await patientIdOf(t, 'ingrid');
    const p = ok(
      await t.gql(
        OPEN,
        { i: { personnummer: personnummerOf('ingrid'), admittedAt: '2026-12-07T07:00:00Z', primaryCareCentreId: team } },
        await t.token('toveDischarge', 'wardMedicine'),
      ),
    );
    expect(p.openCareReceiver).toEqual({ hsaId: DEMO_ORGS.mobileTeam.hsaId, kind: 'MOBILE_TEAM' });
    const rel = await t.sql(`SELECT kinds FROM care_relationship WHERE patient_id = $1 AND organisation_id = $2`, [ingrid, team]);
    expect(rel[0].kinds).toContain('DISCHARGE_PROCESS');
    await receiverWalksThrough(p.id, await t.token('hannaMobileNurse'), await t.staffId('hannaMobileNurse'), DEMO_ORGS.mobileTeam.hsaId);
    // The primary care centre of the enrollment is not a party: it may not name the fast vårdkontakt.
    const johan = await t.staffId('johanCoordinator');
    const refused = await attempt(t, 'johanCoordinator', undefined, Q.appoint, { i: { processId: p.id, staffId: johan } });
    expect(refused.errors?.[0].extensions.code).toMatch(/FORBIDDEN|NOT_FOUND/);
  });

  it('refuses a municipal mobile team, an ambulance, a hospital ward as open-care receiver, naming the field; nothing is stored', async () => {
    setClock(t, '2026-12-07T08:00:00Z');
    const elsa = await patientIdOf(t, 'elsa');
    const ward = await t.token('toveDischarge', 'wardMedicine');
    const cases: Array<[string, string, RegExp]> = [
      [municipalTeam, 'openCareReceiverId', /municipality’s care/],
      [await t.orgId('ambulance'), 'openCareReceiverId', /open-care receiver/],
      [await t.orgId('wardGeriatrics'), 'openCareReceiverId', /open-care receiver/],
      [await t.orgId('outOfHours'), 'primaryCareCentreId', /open-care receiver/],
      [municipalTeam, 'primaryCareCentreId', /municipality’s care/],
    ];
    for (const [id, field, message] of cases) {
      const i = { personnummer: personnummerOf('elsa'), admittedAt: '2026-12-07T07:00:00Z', [field]: id };
      const err = expectError(await t.gql(OPEN, { i }, ward), 'BAD_USER_INPUT');
      expect(err.extensions.fields).toEqual([{ field: `input.${field}`, message: expect.stringMatching(message) }]);
    }
    // Both names for different units.
    const twice = {
      personnummer: personnummerOf('elsa'),
      admittedAt: '2026-12-07T07:00:00Z',
      openCareReceiverId: ssih,
      primaryCareCentreId: await t.orgId('vcSjobacken'),
    };
    const both = expectError(await t.gql(OPEN, { i: twice }, ward), 'BAD_USER_INPUT');
    expect(both.extensions.fields!.map((f) => f.field)).toEqual(['input.openCareReceiverId']);
    expect(await t.sql(`SELECT 1 FROM discharge_process WHERE patient_id = $1`, [elsa])).toHaveLength(0);
    expect(await t.sql(`SELECT 1 FROM care_relationship WHERE patient_id = $1 AND organisation_id = $2`, [elsa, municipalTeam])).toHaveLength(0);
  });
});
