import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DeteriorationEpisodeOutcome, EpisodeContactRecord, MatchedStepRecord } from './deterioration-episode.entity';
import { ObservedValueType, TriggeredStepType } from './deterioration-plan.types';
import type { Observation } from './triggers';

registerEnumType(DeteriorationEpisodeOutcome, {
  name: 'DeteriorationEpisodeOutcome',
  description: 'How a deterioration episode (försämringsepisod) ended. "Handled at home" (STAYED_HOME) is the outcome the reform aims for.',
  valuesMap: {
    STAYED_HOME: { description: 'Stannade hemma: handled at home by the nurse, with the plan and by phone.' },
    DOCTORS_VISIT: { description: 'Läkarbesök: a physician saw the patient, at home or at the centre; not admitted.' },
    AMBULANCE: { description: 'Ambulans: the ambulance came; not admitted to hospital.' },
    ADMITTED: { description: 'Inlagd: admitted to hospital. The active deterioration plan is flagged for review (the patient changed care setting).' },
  },
});

@ObjectType('DeteriorationEpisodeContact', { description: 'Someone contacted during a deterioration episode, and when.' })
export class EpisodeContactType {
  @Field({ description: 'Their role, e.g. "Jourläkare", "Fast läkarkontakt", "Närstående".' })
  role: string;
  @Field(() => String, { nullable: true, description: 'Their organisation or unit, e.g. "Jourcentralen"; null when not given.' })
  organisation: string | null;
  @Field(() => String, { nullable: true, description: 'Their name; null when not given.' })
  name: string | null;
  @Field({ description: 'When they were contacted.' })
  contactedAt: Date;
}

export function toContactType(c: EpisodeContactRecord): EpisodeContactType {
  return { role: c.role, organisation: c.organisation, name: c.name, contactedAt: new Date(c.contactedAt) };
}

@ObjectType('DeteriorationEpisode', {
  description:
    'A deterioration episode (försämringsepisod): what happened when the patient got worse — when, the observations, the steps of the active signed deterioration plan they triggered (a snapshot of the version evaluated), what was done, who was contacted, and the outcome (stannade hemma, läkarbesök, ambulans, inlagd). Documentation of the organisation that recorded it: another organisation sees it with the patient’s consent and no block. Never changed once recorded.',
})
export class DeteriorationEpisodeType {
  @Field(() => ID, { description: 'The episode’s id (`deteriorationEpisode(id)`).' })
  id: string;
  @Field(() => ID, { description: 'The patient (`Patient.id`).' })
  patientId: string;
  @Field({ description: 'When the patient got worse (the observations were made).' })
  occurredAt: Date;
  @Field(() => [ObservedValueType], { description: 'The observations, as given (same shape as evaluateDeterioration’s).' })
  observations: Observation[];
  @Field(() => ID, {
    nullable: true,
    description: 'The active signed plan version evaluated (`DeteriorationPlan.id`); null when the patient had no active plan the recorder could see.',
  })
  planId: string | null;
  @Field(() => Int, { nullable: true, description: 'That version’s number in the patient’s series (planVersion); null without a plan.' })
  planVersion: number | null;
  @Field(() => [TriggeredStepType], {
    description:
      'The steps of that version the observations triggered, in plan order, computed by the service as evaluateDeterioration does and kept as they stood; empty without a plan or when none was triggered.',
  })
  matchedSteps: MatchedStepRecord[];
  @Field({ description: 'What was done, in words (e.g. extra dose given as needed, called the on-call physician).' })
  actionsTaken: string;
  contacts: EpisodeContactRecord[];
  @Field(() => DeteriorationEpisodeOutcome, { description: 'How it ended: stannade hemma, läkarbesök, ambulans or inlagd.' })
  outcome: DeteriorationEpisodeOutcome;
  @Field({ description: 'The episode (ADMITTED) flagged the active plan for review.' })
  planReviewRequested: boolean;
  @Field({ description: 'When the episode was recorded.' })
  recordedAt: Date;

  recordedByOrganisationId: string;
  recordedByStaffId: string;
}

@ObjectType('DeteriorationHandoverDraft', {
  description:
    'A handover (överrapportering, SBAR) prefilled from a deterioration episode for the patient’s fast läkarkontakt: edit it and send it with sendHandover (occasion CHANGE_IN_CONDITION, receiverOrganisationId as given). Nothing is stored until it is sent.',
})
export class DeteriorationHandoverDraftType {
  @Field(() => ID, { description: 'The patient (`Patient.id`): sendHandover’s patientId.' })
  patientId: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The receiver: the primary care centre (vårdcentral) of the patient’s active home-healthcare enrollment; null when the patient is not enrolled.',
  })
  receiverOrganisationId: string | null;
  @Field({ description: 'The HandoverOccasion to send it with: CHANGE_IN_CONDITION.' })
  suggestedOccasion: string;
  @Field({ description: 'S — situation: when the patient got worse, the observations and the outcome.' })
  situation: string;
  @Field({ description: 'B — background: the active deterioration plan (version, conditions) evaluated, or that there was none.' })
  background: string;
  @Field({ description: 'A — assessment: the plan steps the observations triggered, what was done and who was contacted.' })
  assessment: string;
  @Field({ description: 'R — recommendation: what the physician is asked to do, from the outcome.' })
  recommendation: string;

  receiverPhysicianId: string | null;
}
