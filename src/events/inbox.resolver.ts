import { Resolver, Subscription } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { InboxEventMessage, InboxEventType } from './inbox-event';
import { InboxService } from './inbox.service';

@Resolver(() => InboxEventType)
export class InboxResolver {
  constructor(private readonly inbox: InboxService) {}

  @Subscription(() => InboxEventType, {
    description:
      'Live inbox over graphql-ws (authenticate with connectionParams { authorization: "Bearer …" }): events addressed to you or your unit, about patients you may read.',
    resolve: (e: InboxEventMessage) => ({ ...e, at: new Date(e.at) }),
  })
  inboxEvents(@CurrentActor() actor: Actor) {
    return this.inbox.subscribe(actor);
  }
}
