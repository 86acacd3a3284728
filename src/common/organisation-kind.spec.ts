import { isOpenCareReceiver, OrganisationKind, Principal } from './organisation-kind';

describe('the open-care receiver of a discharge (den öppna vården)', () => {
  it('is the region’s outpatient care: a primary care centre, SSIH or a mobile team the region runs', () => {
    expect(isOpenCareReceiver(OrganisationKind.PRIMARY_CARE, null)).toBe(true);
    expect(isOpenCareReceiver(OrganisationKind.SPECIALISED_PALLIATIVE_HOME_CARE, null)).toBe(true);
    expect(isOpenCareReceiver(OrganisationKind.MOBILE_TEAM, Principal.REGION)).toBe(true);
  });

  it('is never a municipally run mobile team, a municipality, a hospital ward or an unplanned-care unit', () => {
    expect(isOpenCareReceiver(OrganisationKind.MOBILE_TEAM, Principal.MUNICIPALITY)).toBe(false);
    for (const kind of [OrganisationKind.MUNICIPALITY, OrganisationKind.HOSPITAL, OrganisationKind.AMBULANCE, OrganisationKind.OUT_OF_HOURS]) {
      expect(isOpenCareReceiver(kind, null)).toBe(false);
    }
  });
});
