import { Args, Resolver, Subscription } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { DeliveredInboxEvent, InboxEventsArgs, InboxEventType } from './inbox-event';
import { InboxService } from './inbox.service';

@Resolver(() => InboxEventType)
export class InboxResolver {
  constructor(private readonly inbox: InboxService) {}

  @Subscription(() => InboxEventType, {
    description:
      'Live inbox over graphql-ws (authenticate with connectionParams { authorization: "Bearer …" }): events addressed to you or your unit, about patients you may read, each numbered in your organisation’s sequence. Reconnecting, pass the last `number` you got as `after`: the events you missed come first (by default from the last 7 days, at most 1000; else one RELOAD_INBOX), then new ones, without duplicates or gaps (docs/LIVE-EVENTS.md).',
    resolve: (e: DeliveredInboxEvent) => ({ ...e, at: new Date(e.at) }),
  })
  inboxEvents(@CurrentActor() actor: Actor, @Args() args: InboxEventsArgs) {
    return this.inbox.subscribe(actor, args.after ?? undefined);
  }
}
