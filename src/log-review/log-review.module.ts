import { Module } from '@nestjs/common';
import { CareTeamChangeResolver, EmergencyAccessResolver, LogExtractResolver, LogReviewResolver } from './log-review.resolver';
import { LogReviewService } from './log-review.service';

/** Log review (MAS, unit managers) and the patient's log extract. */
@Module({ providers: [LogReviewService, LogReviewResolver, LogExtractResolver, EmergencyAccessResolver, CareTeamChangeResolver] })
export class LogReviewModule {}
