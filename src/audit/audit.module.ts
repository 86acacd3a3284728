import { Global, Module } from '@nestjs/common';
import { AuditReviewService } from './audit-review.service';
import { AuditResolver, EmergencyAccessResolver, LogExtractResolver } from './audit.resolver';
import { AuditService } from './audit.service';

@Global()
@Module({ providers: [AuditService, AuditReviewService, AuditResolver, LogExtractResolver, EmergencyAccessResolver], exports: [AuditService] })
export class AuditModule {}
