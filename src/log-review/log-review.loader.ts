import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { AuditReader, EmergencyLog } from '../audit/audit-reader';
import { LoaderFactory } from '../common/loaders';

export interface LogReviewLoaderSet {
  /** What was done under each emergency access, by its id (one statement for a page of them). */
  underEmergency: DataLoader<string, EmergencyLog>;
}

@Injectable()
export class LogReviewLoaders implements LoaderFactory<LogReviewLoaderSet> {
  constructor(private readonly reader: AuditReader) {}

  create(): LogReviewLoaderSet {
    return { underEmergency: new DataLoader((ids) => this.reader.underEmergency(ids)) };
  }
}
