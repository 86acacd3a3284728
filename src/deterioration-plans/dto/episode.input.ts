import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDate, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { DateWithin, IsId, Text, WITHIN } from '../../common/validators';
import { DeteriorationEpisodeOutcome } from '../deterioration-episode.entity';
import { ObservationInput } from './plan.input';

/** At most this many observations in one episode (as in evaluateDeterioration). */
export const MAX_EPISODE_OBSERVATIONS = 30;
/** At most this many people contacted in one episode. */
export const MAX_EPISODE_CONTACTS = 10;
/** An episode is recorded within this many days of when it happened. */
export const EPISODE_MAX_AGE_DAYS = 7;

@InputType({ description: 'Someone contacted during the episode.' })
export class EpisodeContactInput {
  @Field({ description: 'Their role, e.g. "Jourläkare", "Fast läkarkontakt", "Närstående" (at most 100 characters).' })
  @Text(100)
  role: string;

  @Field(() => String, { nullable: true, description: 'Their organisation or unit, e.g. "Jourcentralen" (at most 200 characters).' })
  @IsOptional()
  @Text(200)
  organisation?: string | null;

  @Field(() => String, { nullable: true, description: 'Their name (at most 200 characters).' })
  @IsOptional()
  @Text(200)
  name?: string | null;

  @Field(() => Date, { description: 'When they were contacted: not before the episode, not in the future.' })
  @IsDate()
  @DateWithin(WITHIN.past)
  contactedAt: Date;
}

@InputType({
  description:
    'A deterioration episode (försämringsepisod) to record. The plan steps matched are not given: the service evaluates the observations against the patient’s active signed plan, as evaluateDeterioration does, and keeps that snapshot.',
})
export class RecordDeteriorationEpisodeInput {
  @Field(() => ID, { description: 'The patient (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => Date, { description: `When the patient got worse: not in the future, at most ${EPISODE_MAX_AGE_DAYS} days ago.` })
  @IsDate()
  @DateWithin(WITHIN.past)
  occurredAt: Date;

  @Field(() => [ObservationInput], {
    description: `The observations made (as for evaluateDeterioration): 1 to ${MAX_EPISODE_OBSERVATIONS}, one per kind (weight change once per period).`,
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'must hold at least one observation' })
  @ArrayMaxSize(MAX_EPISODE_OBSERVATIONS)
  @ValidateNested({ each: true })
  @Type(() => ObservationInput)
  observations: ObservationInput[];

  @Field({ description: 'What was done, in words (at most 4000 characters).' })
  @Text(4000)
  actionsTaken: string;

  @Field(() => [EpisodeContactInput], {
    nullable: true,
    description: `Who was contacted, at most ${MAX_EPISODE_CONTACTS}; leave out when nobody was.`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_EPISODE_CONTACTS)
  @ValidateNested({ each: true })
  @Type(() => EpisodeContactInput)
  contacts?: EpisodeContactInput[] | null;

  @Field(() => DeteriorationEpisodeOutcome, {
    description:
      'How it ended: STAYED_HOME (stannade hemma), DOCTORS_VISIT (läkarbesök), AMBULANCE (ambulans) or ADMITTED (inlagd, flags the plan for review).',
  })
  @IsEnum(DeteriorationEpisodeOutcome)
  outcome: DeteriorationEpisodeOutcome;
}

@ArgsType()
export class DeteriorationEpisodesArgs extends PageArgs {
  @Field(() => ID, { description: 'The patient (`Patient.id`) whose episodes to list.' })
  @IsId()
  patientId: string;
}
