import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus';
import { InboxResolver } from './inbox.resolver';
import { InboxService } from './inbox.service';

@Global()
@Module({ providers: [EventBus, InboxService, InboxResolver], exports: [EventBus] })
export class EventsModule {}
