import { PatientGrant } from '../access/patient-grant';
import { CarePlanMeetingPlace } from './care-plan.enums';
import { placeErrors } from './care-plan-meetings.service';
import { planAccess } from './care-plan-rules';

const grant = (over: Partial<PatientGrant> = {}): PatientGrant => ({
  patientId: 'p',
  exists: true,
  relationships: ['CARE_TEAM'],
  direct: true,
  emergency: false,
  consent: false,
  blockedOrganisationIds: [],
  protectedIdentity: false,
  actorOrganisationId: 'ME',
  ...over,
});
const plan = { participantOrganisationIds: ['A', 'B'], createdByOrganisationId: 'A' };

describe('planAccess', () => {
  it('lets a participating organisation read and write', () => {
    expect(planAccess(grant(), { ...plan, participantOrganisationIds: ['A', 'ME'] })).toEqual({
      participant: true,
      read: true,
      write: true,
      identityVisible: true,
    });
  });

  it('lets another organisation with a care relationship read only with consent, and never write', () => {
    expect(planAccess(grant(), plan)).toMatchObject({ participant: false, read: false, write: false });
    expect(planAccess(grant({ consent: true }), plan)).toMatchObject({ read: true, write: false });
    expect(planAccess(grant({ consent: true, blockedOrganisationIds: ['A'] }), plan)).toMatchObject({ read: false });
    expect(planAccess(grant({ emergency: true, relationships: [] }), plan)).toMatchObject({ read: true, write: false });
  });

  it('treats the organisation that started the plan like any other once it has left', () => {
    expect(planAccess(grant(), { ...plan, createdByOrganisationId: 'ME' })).toMatchObject({ read: false, write: false });
  });

  it('withholds identity under protected identity without a direct relationship', () => {
    expect(planAccess(grant({ protectedIdentity: true, direct: false }), { ...plan, participantOrganisationIds: ['ME'] }).identityVisible).toBe(false);
    expect(planAccess(grant({ protectedIdentity: true, direct: true }), plan).identityVisible).toBe(true);
  });
});

describe('placeErrors', () => {
  it('keeps no address for home meetings, needs a unit name or an https link otherwise', () => {
    expect(placeErrors(CarePlanMeetingPlace.HOME, null)).toEqual([]);
    expect(placeErrors(CarePlanMeetingPlace.HOME, 'Lärkgatan 4')).toHaveLength(1);
    expect(placeErrors(CarePlanMeetingPlace.UNIT, 'Vårdcentralen Sjöbacken, rum 3')).toEqual([]);
    expect(placeErrors(CarePlanMeetingPlace.UNIT, null)).toHaveLength(1);
    expect(placeErrors(CarePlanMeetingPlace.VIDEO, 'https://video.demo.example/sip/1')).toEqual([]);
    expect(placeErrors(CarePlanMeetingPlace.VIDEO, 'http://video.demo.example/x')).toHaveLength(1);
    expect(placeErrors(CarePlanMeetingPlace.VIDEO, null)).toHaveLength(1);
  });
});
