import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDate, IsEnum, IsInt, IsOptional, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_SIZE, PageArgs } from '../../common/pagination';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, Text, Trim, DateWithin, WITHIN } from '../../common/validators';
import { RoundKind, RoundStatus } from '../round.entity';

@InputType({ description: 'A round to plan. Your organisation (a primary care centre or a municipality) is the organiser.' })
export class CreateRoundInput {
  @Field(() => String, { nullable: true, description: 'A name, e.g. "Veckorond Sjöbacken–hemsjukvården".' })
  @IsOptional()
  @Text(200)
  title?: string | null;

  @Field(() => RoundKind, { description: 'Regular, extra or video round; VIDEO needs a videoLink.' })
  @IsEnum(RoundKind)
  kind: RoundKind;

  @Field({ description: 'When the round starts.' })
  @Type(() => Date)
  @IsDate()
  @DateWithin(WITHIN.scheduled)
  startsAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it is planned to end; after startsAt.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @DateWithin(WITHIN.scheduled)
  endsAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'For a VIDEO round (required there, not allowed otherwise): the https meeting link.' })
  @IsOptional()
  @Trim()
  @MaxLength(500)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'must be an https link' })
  videoLink?: string | null;

  @Field(() => [ID], { description: 'The other organisations taking part (at least one), e.g. the primary care centre when a municipality organises.' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one organisation besides yours' })
  @ArrayMaxSize(20)
  @IsId(true)
  participatingOrganisationIds: string[];

  @Field(() => [ID], {
    defaultValue: [],
    description: 'Staff invited to take part; each must hold an assignment in the organiser or a participating organisation.',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsId(true)
  participantStaffIds: string[];
}

@InputType({ description: 'Complete a round held, recording who attended.' })
export class CompleteRoundInput {
  @Field(() => ID, { description: 'The round in progress (`Round.id`).' })
  @IsId()
  roundId: string;

  @Field(() => [ID], { description: 'Staff who attended; invited participants not named are recorded as absent, others named are added.' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one attendee' })
  @ArrayMaxSize(100)
  @IsId(true)
  attendedStaffIds: string[];
}

@InputType({ description: 'Cancel a planned round with a reason.' })
export class CancelRoundInput {
  @Field(() => ID, { description: 'The planned round to cancel (`Round.id`); your organisation must be its organiser.' })
  @IsId()
  roundId: string;

  @Field({ description: 'Why the round is called off (at most 500 characters); shown to the participating organisations.' })
  @Text(500)
  reason: string;
}

@ArgsType()
export class RoundsArgs extends PageArgs {
  @Field(() => RoundStatus, { nullable: true, description: 'Only rounds in this state.' })
  @IsOptional()
  @IsEnum(RoundStatus)
  status?: RoundStatus | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Only rounds starting on or after this date (Europe/Stockholm).' })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.history)
  from?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Only rounds starting on or before this date (Europe/Stockholm).' })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.history)
  to?: string | null;
}

@ArgsType()
export class SuggestedAgendaArgs {
  @Field(() => ID, { description: 'The round (`Round.id`), planned or in progress, to suggest patients for.' })
  @IsId()
  roundId: string;

  @Field(() => Int, { defaultValue: 50, description: `At most this many patients, 1 to ${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 50;
}
