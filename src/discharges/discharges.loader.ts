import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
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
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  create(): DischargeLoaderSet {
    return {
      patient: new DataLoader(async (ids) => {
        const rows = await this.ds.getRepository(Patient).findBy({ id: In([...ids]) });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      messagesOfProcess: new DataLoader(async (ids) =>
        group(ids, await this.ds.getRepository(DischargeMessage).find({ where: { processId: In([...ids]) }, order: { sentAt: 'ASC', seq: 'ASC' } }), (r) => r.processId),
      ),
      receiversOfMessage: new DataLoader(async (ids) =>
        group(ids, await this.ds.getRepository(DischargeMessageReceiver).find({ where: { messageId: In([...ids]) }, order: { organisationId: 'ASC' } }), (r) => r.messageId),
      ),
      deadlinesOfProcess: new DataLoader(async (ids) =>
        group(ids, await this.ds.getRepository(DischargeDeadline).find({ where: { processId: In([...ids]) }, order: { dueAt: 'ASC', id: 'ASC' } }), (r) => r.processId),
      ),
    };
  }
}
