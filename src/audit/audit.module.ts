import { Global, Module } from '@nestjs/common';
import { AuditReader } from './audit-reader';
import { AuditService } from './audit.service';

/** The access log: its one writer, and its reader for the callers that decide who sees what of it. */
@Global()
@Module({ providers: [AuditService, AuditReader], exports: [AuditService, AuditReader] })
export class AuditModule {}
