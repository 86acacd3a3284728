import { canSeeRecordedBy } from '../access/patient-grant';
import { recordKind } from '../access/record-kind';
import { DeteriorationEpisode } from './deterioration-episode.entity';
import { DeteriorationPlan } from './deterioration-plan.entity';
import { canSeePlan, hiddenReason } from './plan-content';

/** One version of a deterioration plan: documentation of the organisation that drafted it (consent, block). */
export const DETERIORATION_PLAN_RECORD = recordKind<DeteriorationPlan>({
  entity: DeteriorationPlan,
  table: 'deterioration_plan',
  label: 'Deterioration plan',
  detail: 'planId',
  visible: canSeePlan,
  hiddenReason,
});

/** One deterioration episode: documentation of the organisation that recorded it (consent, block). */
export const DETERIORATION_EPISODE_RECORD = recordKind<DeteriorationEpisode>({
  entity: DeteriorationEpisode,
  table: 'deterioration_episode',
  label: 'Deterioration episode',
  detail: 'episodeId',
  visible: (grant, e) => canSeeRecordedBy(grant, e.recordedByOrganisationId),
  hiddenReason,
});
