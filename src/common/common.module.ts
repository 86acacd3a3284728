import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { DateWithinRule } from './validators';

@Global()
@Module({ providers: [Clock, DateWithinRule], exports: [Clock, DateWithinRule] })
export class CommonModule {}
