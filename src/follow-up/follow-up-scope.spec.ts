import { OrganisationKind } from '../common/organisation-kind';
import { decideScope } from './follow-up-scope';

const { MUNICIPALITY, PRIMARY_CARE, HOSPITAL, MOBILE_TEAM, SPECIALISED_PALLIATIVE_HOME_CARE, AMBULANCE, OUT_OF_HOURS } = OrganisationKind;
const kinds = new Map([
  ['m1', MUNICIPALITY],
  ['m2', MUNICIPALITY],
  ['p1', PRIMARY_CARE],
  ['p2', PRIMARY_CARE],
  ['h1', HOSPITAL],
  ['t1', MOBILE_TEAM],
  ['t2', MOBILE_TEAM],
  ['s1', SPECIALISED_PALLIATIVE_HOME_CARE],
]);
const municipality = { organisationId: 'm1', organisationKind: MUNICIPALITY };
const centre = { organisationId: 'p1', organisationKind: PRIMARY_CARE };

describe('whose indicators a manager may see', () => {
  it('gives a municipality its own patients, or those shared with a named centre', () => {
    expect(decideScope(municipality, {}, kinds)).toEqual({ kind: 'OK', scope: { municipalityId: 'm1', primaryCareId: null, teamId: null } });
    expect(decideScope(municipality, { municipalityId: 'm1', primaryCareCentreId: 'p2' }, kinds)).toEqual({
      kind: 'OK',
      scope: { municipalityId: 'm1', primaryCareId: 'p2', teamId: null },
    });
  });

  it('gives a centre its own patients, or those shared with a named municipality', () => {
    expect(decideScope(centre, {}, kinds)).toEqual({ kind: 'OK', scope: { municipalityId: null, primaryCareId: 'p1', teamId: null } });
    expect(decideScope(centre, { municipalityId: 'm2' }, kinds)).toEqual({ kind: 'OK', scope: { municipalityId: 'm2', primaryCareId: 'p1', teamId: null } });
  });

  it('refuses another organisation as the home side, and hospital units', () => {
    expect(decideScope(municipality, { municipalityId: 'm2' }, kinds)).toMatchObject({ kind: 'REFUSED', reason: 'other-municipality' });
    expect(decideScope(centre, { primaryCareCentreId: 'p2', municipalityId: 'm1' }, kinds)).toMatchObject({
      kind: 'REFUSED',
      reason: 'other-primary-care-centre',
    });
    expect(decideScope({ organisationId: 'h1', organisationKind: HOSPITAL }, {}, kinds)).toMatchObject({ kind: 'REFUSED', reason: 'not-a-party' });
  });

  it('names arguments that are not an organisation of the right kind', () => {
    expect(decideScope(municipality, { municipalityId: 'p1', primaryCareCentreId: 'nope' }, kinds)).toEqual({
      kind: 'BAD_INPUT',
      fields: [
        { field: 'municipalityId', message: 'must be a municipality’s home healthcare unit' },
        { field: 'primaryCareCentreId', message: 'must be a primary care centre (vårdcentral)' },
      ],
    });
  });

  it('gives a mobile team or SSIH its own care-team patients, narrowed if asked; refuses another team', () => {
    const team = { organisationId: 't1', organisationKind: MOBILE_TEAM };
    expect(decideScope(team, {}, kinds)).toEqual({ kind: 'OK', scope: { municipalityId: null, primaryCareId: null, teamId: 't1' } });
    expect(decideScope(team, { teamId: 't1', municipalityId: 'm1' }, kinds)).toEqual({
      kind: 'OK',
      scope: { municipalityId: 'm1', primaryCareId: null, teamId: 't1' },
    });
    expect(decideScope({ organisationId: 's1', organisationKind: SPECIALISED_PALLIATIVE_HOME_CARE }, {}, kinds)).toEqual({
      kind: 'OK',
      scope: { municipalityId: null, primaryCareId: null, teamId: 's1' },
    });
    expect(decideScope(team, { teamId: 't2' }, kinds)).toMatchObject({ kind: 'REFUSED', reason: 'other-team' });
    expect(decideScope(team, { teamId: 's1' }, kinds)).toMatchObject({ kind: 'REFUSED', reason: 'other-team' });
    expect(decideScope(municipality, { teamId: 't1' }, kinds)).toEqual({ kind: 'OK', scope: { municipalityId: 'm1', primaryCareId: null, teamId: 't1' } });
    expect(decideScope(municipality, { teamId: 'p1' }, kinds)).toMatchObject({ kind: 'BAD_INPUT', fields: [{ field: 'teamId' }] });
    for (const k of [AMBULANCE, OUT_OF_HOURS]) {
      expect(decideScope({ organisationId: 'x', organisationKind: k }, {}, kinds)).toMatchObject({ kind: 'REFUSED', reason: 'not-a-party' });
    }
  });
});
