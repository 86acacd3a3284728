import { Module } from '@nestjs/common';
import { FollowUpResolver } from './follow-up.resolver';
import { FollowUpService } from './follow-up.service';

@Module({
  providers: [FollowUpService, FollowUpResolver],
})
export class FollowUpModule {}
