import { Global, Module } from '@nestjs/common';
import { AuditPartitions } from './audit-partitions';
import { AuditReader } from './audit-reader';
import { AuditService } from './audit.service';

/**
 * The access log: its one writer, its reader for the callers that decide who sees what of it, and
 * the job that makes its monthly partitions ahead of time.
 */
@Global()
@Module({ providers: [AuditService, AuditReader, AuditPartitions], exports: [AuditService, AuditReader, AuditPartitions] })
export class AuditModule {}
