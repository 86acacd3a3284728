import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { CompareFollowUpArgs, ExportFollowUpCsvArgs, FollowUpIndicatorsArgs } from './dto/follow-up.input';
import { FollowUpService } from './follow-up.service';
import { FollowUpComparisonType, FollowUpReportType } from './follow-up.types';

@Resolver()
export class FollowUpResolver {
  constructor(private readonly followUp: FollowUpService) {}

  @Query(() => FollowUpReportType, {
    description:
      'Unit managers and MAS: the joint follow-up (gemensam uppföljning) of your own municipality or primary care centre — all your enrolled patients, or those you share with one named centre, municipality or team — or of your own mobile team or SSIH unit — the enrolled patients who had it in their care team (vårdteam), on the days they had it — for a period and each Stockholm month in it. Aggregates only: no patient is named, and cells resting on 1–4 patients are suppressed. Another organisation’s scope is FORBIDDEN (compare in compareFollowUp), and so is any scope for hospital wards, ambulance and out-of-hours care. One access-log row per call.',
  })
  followUpIndicators(@CurrentActor() actor: Actor, @Args() args: FollowUpIndicatorsArgs) {
    return this.followUp.indicators(actor, args);
  }

  @Query(() => FollowUpComparisonType, {
    description:
      'Unit managers and MAS of any organisation: every municipality and every primary care centre side by side for a period, normalised per 100 enrolled, so local forums can learn from each other. Aggregates only, cells resting on 1–4 patients suppressed. One access-log row per call.',
  })
  compareFollowUp(@CurrentActor() actor: Actor, @Args() args: CompareFollowUpArgs) {
    return this.followUp.compare(actor, args);
  }

  @Query(() => String, {
    description:
      'The same numbers as followUpIndicators (content INDICATORS) or compareFollowUp (COMPARISON) as CSV text (UTF-8), one row per scope, period or month, and indicator: scope_kind, scope, period_from, period_to, month, indicator_code, indicator_name, unit, value, denominator, rate_per_100, suppressed. Same rules and access log as the queries it mirrors.',
  })
  exportFollowUpCsv(@CurrentActor() actor: Actor, @Args() args: ExportFollowUpCsvArgs) {
    return this.followUp.exportCsv(actor, args);
  }
}
