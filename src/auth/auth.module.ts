import { Global, Module } from '@nestjs/common';
import { ActorService } from './actor.service';
import { AuthPlugin } from './auth.plugin';
import { TokenService } from './token.service';

@Global()
@Module({ providers: [TokenService, ActorService, AuthPlugin], exports: [TokenService, ActorService] })
export class AuthModule {}
