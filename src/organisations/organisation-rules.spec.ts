import { OrganisationKind, Principal } from '../common/organisation-kind';
import { organisationProblems } from './organisation-rules';

const { MUNICIPALITY, PRIMARY_CARE, HOSPITAL, MOBILE_TEAM, SPECIALISED_PALLIATIVE_HOME_CARE, AMBULANCE, OUT_OF_HOURS } = OrganisationKind;

describe('organisationProblems', () => {
  it('accepts every kind with its own rules', () => {
    expect(organisationProblems({ kind: MUNICIPALITY, municipalityCode: '0680' })).toEqual([]);
    for (const kind of [PRIMARY_CARE, HOSPITAL, SPECIALISED_PALLIATIVE_HOME_CARE, AMBULANCE, OUT_OF_HOURS]) expect(organisationProblems({ kind })).toEqual([]);
    expect(organisationProblems({ kind: MOBILE_TEAM, principal: Principal.REGION })).toEqual([]);
    expect(organisationProblems({ kind: MOBILE_TEAM, principal: Principal.MUNICIPALITY, municipalityCode: '0680' })).toEqual([]);
  });

  it('asks a mobile team for its principal, and no other kind', () => {
    expect(organisationProblems({ kind: MOBILE_TEAM })).toEqual([{ field: 'input.principal', message: expect.stringMatching(/required for a mobile team/) }]);
    expect(organisationProblems({ kind: AMBULANCE, principal: Principal.REGION })).toEqual([
      { field: 'input.principal', message: expect.stringMatching(/by definition/) },
    ]);
  });

  it('gives a kommunkod to municipal units only', () => {
    expect(organisationProblems({ kind: MUNICIPALITY })).toEqual([
      { field: 'input.municipalityCode', message: expect.stringMatching(/required for a municipal unit/) },
    ]);
    expect(organisationProblems({ kind: MOBILE_TEAM, principal: Principal.MUNICIPALITY }, '')).toEqual([
      { field: 'municipalityCode', message: expect.stringMatching(/required/) },
    ]);
    for (const o of [{ kind: AMBULANCE }, { kind: OUT_OF_HOURS }, { kind: PRIMARY_CARE }, { kind: MOBILE_TEAM, principal: Principal.REGION }]) {
      expect(organisationProblems({ ...o, municipalityCode: '0680' }).map((e) => e.field)).toEqual(['input.municipalityCode']);
    }
    expect(organisationProblems({ kind: MUNICIPALITY, municipalityCode: '68' })).toEqual([
      { field: 'input.municipalityCode', message: expect.stringMatching(/four digits/) },
    ]);
  });
});
