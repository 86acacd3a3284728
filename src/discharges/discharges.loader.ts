import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { rowsByKeys } from '../database/raw';
import { LoaderFactory } from '../common/loaders';
import { Patient } from '../patients/patient.entity';
import { DischargeDeadline, DischargeMessage, DischargeMessageReceiver } from './discharge-process.entity';

export interface DischargeLoaderSet {
  patient: DataLoader<string, Patient | null>;
  /** Messages of a process, oldest first. */
  messagesOfProcess: DataLoader<string, DischargeMessage[]>;
  /** Receivers of a message. */
  receiversOfMessage: DataLoader<string, DischargeMessageReceiver[]>;
  /** Stored deadlines of a process. */
  deadlinesOfProcess: DataLoader<string, DischargeDeadline[]>;
}

function group<T>(ids: readonly string[], rows: T[], key: (r: T) => string): T[][] {
  const m = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) m.get(key(r))?.push(r);
  return ids.map((id) => m.get(id)!);
}

/**
 * Per-request loaders for what hangs off a discharge process: one query per kind whatever the
 * number of processes. Callers have already passed access/ for the processes they resolve.
 */
@Injectable()
export class DischargeLoaders implements LoaderFactory<DischargeLoaderSet> {
  private readonly patients: (ids: readonly string[]) => Promise<Patient[]>;
  private readonly messages: (ids: readonly string[]) => Promise<DischargeMessage[]>;
  private readonly receivers: (ids: readonly string[]) => Promise<DischargeMessageReceiver[]>;
  private readonly deadlines: (ids: readonly string[]) => Promise<DischargeDeadline[]>;

  constructor(@InjectDataSource() ds: DataSource) {
    this.patients = rowsByKeys(ds, Patient, 'id');
    this.messages = rowsByKeys(ds, DischargeMessage, 'processId', 't.sent_at, t.seq');
    this.receivers = rowsByKeys(ds, DischargeMessageReceiver, 'messageId', 't.organisation_id');
    this.deadlines = rowsByKeys(ds, DischargeDeadline, 'processId', 't.due_at, t.id');
  }

  create(): DischargeLoaderSet {
    return {
      patient: new DataLoader(async (ids) => {
        const byId = new Map((await this.patients(ids)).map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      messagesOfProcess: new DataLoader(async (ids) => group(ids, await this.messages(ids), (r) => r.processId)),
      receiversOfMessage: new DataLoader(async (ids) => group(ids, await this.receivers(ids), (r) => r.messageId)),
      deadlinesOfProcess: new DataLoader(async (ids) => group(ids, await this.deadlines(ids), (r) => r.processId)),
    };
  }
}
