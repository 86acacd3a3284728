import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, DateWithin, WITHIN } from '../../common/validators';
import { CsvDialect, FollowUpExport } from '../follow-up.types';

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
