import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The access log's one writer. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
