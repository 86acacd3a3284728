import { Module } from '@nestjs/common';
import { CareTeamChangeResolver, EmergencyAccessResolver, LogExtractResolver, LogReviewResolver } from './log-review.resolver';
import { LogReviewLoaders } from './log-review.loader';
import { LogReviewService } from './log-review.service';

/** Log review (MAS, unit managers) and the patient's log extract. */
@Module({ providers: [LogReviewService, LogReviewLoaders, LogReviewResolver, LogExtractResolver, EmergencyAccessResolver, CareTeamChangeResolver] })
export class LogReviewModule {}
