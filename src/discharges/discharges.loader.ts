import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { rowsByKeys } from '../database/raw';
import { LoaderFactory } from '../common/loaders';
import { Patient } from '../patients/patient.entity';
import { DischargeDeadline, DischargeMessage, DischargeMessageReceiver } from './discharge-process.entity';
import { MedicationDiscrepancy, MedicationReconciliation } from './medication-reconciliation.entity';

export interface DischargeLoaderSet {
  patient: DataLoader<string, Patient | null>;
  /** Messages of a process, oldest first. */
  messagesOfProcess: DataLoader<string, DischargeMessage[]>;
  /** Receivers of a message. */
  receiversOfMessage: DataLoader<string, DischargeMessageReceiver[]>;
  /** Stored deadlines of a process. */
  deadlinesOfProcess: DataLoader<string, DischargeDeadline[]>;
  /** The medication reconciliation of a process, if recorded. */
  reconciliationOfProcess: DataLoader<string, MedicationReconciliation | null>;
  /** A medication reconciliation by its id. */
  reconciliation: DataLoader<string, MedicationReconciliation | null>;
  /** The discrepancies of a reconciliation, in the order recorded. */
  discrepanciesOfReconciliation: DataLoader<string, MedicationDiscrepancy[]>;
  /** The discrepancy a task was made for, if any. */
  discrepancyOfTask: DataLoader<string, MedicationDiscrepancy | null>;
}

function one<T>(ids: readonly string[], rows: T[], key: (r: T) => string): Array<T | null> {
  const m = new Map(rows.map((r) => [key(r), r]));
  return ids.map((id) => m.get(id) ?? null);
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
  private readonly reconciliationsOfProcesses: (ids: readonly string[]) => Promise<MedicationReconciliation[]>;
  private readonly reconciliations: (ids: readonly string[]) => Promise<MedicationReconciliation[]>;
  private readonly discrepancies: (ids: readonly string[]) => Promise<MedicationDiscrepancy[]>;
  private readonly discrepanciesOfTasks: (ids: readonly string[]) => Promise<MedicationDiscrepancy[]>;

  constructor(@InjectDataSource() ds: DataSource) {
    this.patients = rowsByKeys(ds, Patient, 'id');
    this.messages = rowsByKeys(ds, DischargeMessage, 'processId', 't.sent_at, t.seq');
    this.receivers = rowsByKeys(ds, DischargeMessageReceiver, 'messageId', 't.organisation_id');
    this.deadlines = rowsByKeys(ds, DischargeDeadline, 'processId', 't.due_at, t.id');
    this.reconciliationsOfProcesses = rowsByKeys(ds, MedicationReconciliation, 'processId');
    this.reconciliations = rowsByKeys(ds, MedicationReconciliation, 'id');
    this.discrepancies = rowsByKeys(ds, MedicationDiscrepancy, 'reconciliationId', 't.position');
    this.discrepanciesOfTasks = rowsByKeys(ds, MedicationDiscrepancy, 'taskId');
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
      reconciliationOfProcess: new DataLoader(async (ids) => one(ids, await this.reconciliationsOfProcesses(ids), (r) => r.processId)),
      reconciliation: new DataLoader(async (ids) => one(ids, await this.reconciliations(ids), (r) => r.id)),
      discrepanciesOfReconciliation: new DataLoader(async (ids) => group(ids, await this.discrepancies(ids), (r) => r.reconciliationId)),
      discrepancyOfTask: new DataLoader(async (ids) => one(ids, await this.discrepanciesOfTasks(ids), (r) => r.taskId)),
    };
  }
}
