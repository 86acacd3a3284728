import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { ReserveSnapshotService } from './reserve.service';
import { ReserveSnapshotArgs, ReserveSnapshotFileType } from './reserve.types';

@Resolver()
export class ReserveResolver {
  constructor(private readonly reserve: ReserveSnapshotService) {}

  @Query(() => ReserveSnapshotFileType, {
    description:
      'The reserve snapshot (reservutskrift) of the home healthcare unit you act in, as one PDF or JSON file: for the reserve routine (reservrutin) when the service cannot be reached. Every patient in the unit’s care (the caseload’s patients, never one reached only by emergency access) with contacts (fast vårdkontakt, fast läkarkontakt, next of kin), the signed deterioration plan with treatment limitations (behandlingsbegränsningar) and the whole contact ladder (kontaktstege), and the SIP’s actions in force. At most `first` patients a file; a larger unit gets its snapshot in parts (`nextPart`). One access-log row per patient included. The service can also write every unit’s latest files on a schedule (RESERVE_SNAPSHOT_DIR) and `npm run reserve` writes them for one unit.',
  })
  reserveSnapshot(@CurrentActor() actor: Actor, @Args() args: ReserveSnapshotArgs) {
    return this.reserve.forRequest(actor, args);
  }
}
