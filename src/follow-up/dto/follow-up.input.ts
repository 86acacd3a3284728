import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, DateWithin, WITHIN } from '../../common/validators';
import { CsvDialect, FollowUpExport } from '../follow-up.types';
import { Housing } from '../../patients/continuity.entity';
import { AgeBand } from '../population';
import { ExperienceRespondent } from '../../experience/experience.enums';

@InputType({
  description:
    'A follow-up period of Europe/Stockholm calendar dates, both inclusive, touching at most 24 calendar months. `from` may not be after today; a `to` after today is cut to today.',
})
export class FollowUpPeriodInput {
  @Field(() => LocalDateScalar, { description: 'First day (inclusive).' })
  @IsLocalDate()
  @DateWithin(WITHIN.history)
  from: string;

  @Field(() => LocalDateScalar, { description: 'Last day (inclusive).' })
  @IsLocalDate()
  @DateWithin(WITHIN.history)
  to: string;
}

@ArgsType()
export class CompareFollowUpArgs {
  @Field(() => FollowUpPeriodInput, { description: 'The period: Europe/Stockholm calendar dates, both inclusive, touching at most 24 calendar months.' })
  @ValidateNested()
  @Type(() => FollowUpPeriodInput)
  period: FollowUpPeriodInput;

  @Field(() => [Housing], {
    nullable: true,
    description:
      'Count only patients in these housing forms (boendeform) as recorded on the period’s last day; a patient with no housing recorded then is left out. Left out: every patient. Applies to every indicator about patients; rounds held are not about patients and stay as they are (their rate is per 100 of the filtered enrolled).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one housing, or be left out' })
  @ArrayMaxSize(3)
  @IsEnum(Housing, { each: true })
  housing?: Housing[] | null;

  @Field(() => [AgeBand], {
    nullable: true,
    description:
      'Count only patients in these age bands: age in whole years on the period’s last day, from the date of birth in the personnummer. Left out: every age. Applies as `housing` does.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one age band, or be left out' })
  @ArrayMaxSize(4)
  @IsEnum(AgeBand, { each: true })
  ageBand?: AgeBand[] | null;

  @Field(() => [ExperienceRespondent], {
    nullable: true,
    description:
      'The experience indicators (EXPERIENCE_*) count only the answers given by these respondents: the patient alone, the patient with staff help (as are all answers at SIP follow-ups), or a next of kin (närstående). Ask once per respondent to see the answers split by who gave them, each suppressed as usual. Left out: every answer. The other indicators are not affected.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one respondent, or be left out' })
  @ArrayMaxSize(3)
  @IsEnum(ExperienceRespondent, { each: true })
  experienceRespondent?: ExperienceRespondent[] | null;
}

@ArgsType()
export class FollowUpIndicatorsArgs extends CompareFollowUpArgs {
  @Field(() => ID, {
    nullable: true,
    description:
      'A municipality (home healthcare unit). A municipality’s staff may name only their own (or leave it out); a primary care centre’s or team’s staff name one to see the patients they share with it.',
  })
  @IsOptional()
  @IsId()
  municipalityId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'A primary care centre. A centre’s staff may name only their own (or leave it out); a municipality’s or team’s staff name one to see the patients they share with it.',
  })
  @IsOptional()
  @IsId()
  primaryCareCentreId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'A mobile team (mobilt team) or specialised palliative home care unit (SSIH): its scope is the enrolled patients who had it in their care team (vårdteam), counted on the days they had it. A team’s staff may name only their own (or leave it out: their scope is always their own team); a municipality’s or centre’s staff name one to see the patients they share with it.',
  })
  @IsOptional()
  @IsId()
  teamId?: string | null;
}

@ArgsType()
export class ExportFollowUpCsvArgs extends FollowUpIndicatorsArgs {
  @Field(() => FollowUpExport, {
    defaultValue: FollowUpExport.INDICATORS,
    description:
      'Your scope’s indicators (with municipalityId / primaryCareCentreId / teamId as in followUpIndicators), or the comparison of all organisations.',
  })
  @IsEnum(FollowUpExport)
  content: FollowUpExport = FollowUpExport.INDICATORS;

  @Field(() => CsvDialect, { defaultValue: CsvDialect.RFC4180, description: 'Separator and decimal mark.' })
  @IsEnum(CsvDialect)
  dialect: CsvDialect = CsvDialect.RFC4180;
}
