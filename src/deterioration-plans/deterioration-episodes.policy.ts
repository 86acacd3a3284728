import { definePolicy, onPatient, onRecord } from '../access/policy';
import { OrganisationKind } from '../common/organisation-kind';
import { Role } from '../common/roles';
import { PLAN_READERS } from './deterioration-plans.policy';
import { DETERIORATION_EPISODE_RECORD } from './deterioration-plans.records';

const REL = 'care relationship (or your emergency access); another organisation’s episode only with consent and no block';

/**
 * Who records what happened when the patient got worse: the nurses and physicians who come to the
 * home — municipal home healthcare, the mobile team, specialised palliative home care (SSIH). The
 * primary care centre hears of it by the handover the episode prefills; a hospital ward does not
 * visit the home.
 */
export const EPISODE_RECORDING_KINDS = [
  OrganisationKind.MUNICIPALITY,
  OrganisationKind.MOBILE_TEAM,
  OrganisationKind.SPECIALISED_PALLIATIVE_HOME_CARE,
] as const;

export const deteriorationEpisodesPolicy = definePolicy('Deterioration episodes', {
  recordDeteriorationEpisode: {
    roles: [Role.NURSE, Role.PHYSICIAN],
    does: 'Record a deterioration episode: observations, the plan steps they triggered (evaluated by the service), what was done, who was contacted, the outcome; ADMITTED flags the active plan for review',
    scope: 'care relationship (emergency access is not enough); occurred within the last 7 days',
    access: onPatient('input.patientId', 'write'),
    organisations: {
      kinds: EPISODE_RECORDING_KINDS,
      refusal:
        'Deterioration episodes are recorded by the units that care for the patient at home: municipal home healthcare, a mobile team or specialised palliative home care',
    },
  },
  deteriorationEpisodes: {
    roles: PLAN_READERS,
    does: 'The patient’s deterioration episodes, newest first',
    scope: REL,
    access: onPatient('patientId', 'read'),
  },
  deteriorationEpisode: {
    roles: PLAN_READERS,
    does: 'Read one deterioration episode, with the handover it prefills',
    scope: REL,
    access: onRecord(DETERIORATION_EPISODE_RECORD, 'id', 'read'),
  },
});
