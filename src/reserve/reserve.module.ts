import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ReserveResolver } from './reserve.resolver';
import { ReserveScheduler } from './reserve.scheduler';
import { ReserveSnapshotService } from './reserve.service';

/**
 * The reserve routine (reservrutin): a unit's reserve snapshot (reservutskrift) as PDF and JSON,
 * through the API (reserveSnapshot), by command (npm run reserve) and on a schedule
 * (RESERVE_SNAPSHOT_DIR, RESERVE_SNAPSHOT_INTERVAL_MINUTES).
 */
@Module({
  imports: [OrganisationsModule],
  providers: [ReserveSnapshotService, ReserveResolver, ReserveScheduler],
  exports: [ReserveSnapshotService, ReserveScheduler],
})
export class ReserveModule {}
