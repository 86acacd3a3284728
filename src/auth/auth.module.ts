import { Global, Module } from '@nestjs/common';
import { ActorService } from './actor.service';
import { RateLimits } from './rate-limits';
import { AuthPlugin } from './auth.plugin';
import { TokenService } from './token.service';

@Global()
@Module({ providers: [TokenService, ActorService, AuthPlugin, RateLimits], exports: [TokenService, ActorService, RateLimits] })
export class AuthModule {}
