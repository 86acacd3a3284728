import { Global, Module } from '@nestjs/common';
import { LiveEventsScheduler } from './deadline-watch';
import { EventBus } from './event-bus';
import { InboxResolver } from './inbox.resolver';
import { InboxService } from './inbox.service';

@Global()
@Module({ providers: [EventBus, InboxService, InboxResolver, LiveEventsScheduler], exports: [EventBus, LiveEventsScheduler] })
export class EventsModule {}
