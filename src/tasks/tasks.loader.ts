import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { PatientGate } from '../access/patient-gate';
import { PatientGrant } from '../access/patient-grant';
import { Actor } from '../common/actor';
import { LoaderFactory } from '../common/loaders';
import { KeyValue, perArgs } from '../common/pagination';
import { Patient } from '../patients/patient.entity';
import { taskPages } from './task-rules';
import { Task, TaskAssignmentEvent, UNFINISHED_STATUSES } from './task.entity';

export interface TaskLoaderSet {
  byId: DataLoader<string, Task | null>;
  /** Tasks that concern a SIP, by care-plan id, earliest due first (for a `tasks` field on the SIP type). */
  byCarePlan: DataLoader<string, Task[]>;
  /** Tasks that concern a deterioration action plan, by plan id, earliest due first. */
  byDeteriorationPlan: DataLoader<string, Task[]>;
  /**
   * Open tasks (not completed or cancelled) about a patient, earliest due first (due date, then id): at most `limit` of them, those
   * after `after` (a cursor's values, OPEN_TASK_PAGES.after) when given. One statement for any number of patients.
   */
  openByPatient(limit: number, after: OpenTaskKey | null): DataLoader<string, Task[]>;
  /** The assignment history of tasks, by task id, oldest first (at most `limit` per task: the first ones). */
  history(limit: number): DataLoader<string, TaskAssignmentEvent[]>;
  /** The patient row behind a task or agenda item that was already access-checked. */
  patient: DataLoader<string, Patient | null>;
  /**
   * The actor's access decision per patient, for tasks hanging off a record (a plan) the request
   * already read and logged: decided again in one statement for any number of patients, no audit row.
   */
  grants(actor: Actor): DataLoader<string, PatientGrant | null>;
}

/** Where an open task stands in its patient's list: its due date (YYYY-MM-DD) and id, as OPEN_TASK_PAGES.after reads them from a cursor. */
export type OpenTaskKey = readonly KeyValue[];

/** A patient's open tasks, paged in the order of every task list (alias `x` inside the loader's statement). */
export const OPEN_TASK_PAGES = taskPages<Task>('x');

function group<T>(ids: readonly string[], rows: T[], key: (r: T) => string | null): T[][] {
  const m = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) {
    const k = key(r);
    if (k) m.get(k)?.push(r);
  }
  return ids.map((id) => m.get(id)!);
}

const ORDER = { dueDate: 'ASC', id: 'ASC' } as const;

/**
 * Per-request task loaders: one query per kind, whatever the number of keys. They return rows
 * only: the caller has read the patient (or the plan) through access/ and maps rows with
 * `toTaskType(task, grant, actor, today)` under that grant.
 */
@Injectable()
export class TaskLoaders implements LoaderFactory<TaskLoaderSet> {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly gate: PatientGate,
  ) {}

  create(): TaskLoaderSet {
    const repo = () => this.ds.getRepository(Task);
    /** Open tasks of patients `ids`, at most `limit` each (after `after`, when given), earliest due first; grouped by patient. */
    const openOf = async (ids: readonly string[], limit: number, after: OpenTaskKey | null) => {
      const params: Record<string, unknown> = { keys: [...ids], limit, open: [...UNFINISHED_STATUSES] };
      const next = OPEN_TASK_PAGES.where(after, params);
      const where = next ? `x.status = ANY (CAST(:open AS task_status[])) AND ${next}` : 'x.status = ANY (CAST(:open AS task_status[]))';
      const rows = await repo()
        .createQueryBuilder('t')
        .where(
          `t.id IN (SELECT s.id FROM (SELECT x.id, row_number() OVER (PARTITION BY x.patient_id ORDER BY ${OPEN_TASK_PAGES.orderBy}) AS n FROM task x
             WHERE x.patient_id = ANY (CAST(:keys AS uuid[])) AND ${where}) s WHERE s.n <= :limit)`,
          params,
        )
        .orderBy('t.dueDate', 'ASC')
        .addOrderBy('t.id', 'ASC')
        .getMany();
      return group(ids, rows, (t) => t.patientId);
    };
    const grantLoaders = new Map<string, DataLoader<string, PatientGrant | null>>();
    return {
      byId: new DataLoader(async (ids) => {
        const rows = new Map((await repo().findBy({ id: In([...ids]) })).map((t) => [t.id, t]));
        return ids.map((id) => rows.get(id) ?? null);
      }),
      byCarePlan: new DataLoader(async (ids) => group(ids, await repo().find({ where: { carePlanId: In([...ids]) }, order: ORDER }), (t) => t.carePlanId)),
      byDeteriorationPlan: new DataLoader(async (ids) =>
        group(ids, await repo().find({ where: { deteriorationPlanId: In([...ids]) }, order: ORDER }), (t) => t.deteriorationPlanId),
      ),
      history: perArgs(
        (limit: number) =>
          new DataLoader<string, TaskAssignmentEvent[]>(async (ids) => {
            const rows = await this.ds
              .getRepository(TaskAssignmentEvent)
              .createQueryBuilder('h')
              .where(
                `h.id IN (SELECT s.id FROM (SELECT x.id, row_number() OVER (PARTITION BY x.task_id ORDER BY x.id) AS n FROM task_assignment_event x
                   WHERE x.task_id = ANY (CAST(:keys AS uuid[]))) s WHERE s.n <= :limit)`,
                { keys: [...ids], limit },
              )
              .orderBy('h.id', 'ASC')
              .getMany();
            return group(ids, rows, (h) => h.taskId);
          }),
      ),
      openByPatient: perArgs((limit: number, after: OpenTaskKey | null) => new DataLoader<string, Task[]>((ids) => openOf(ids, limit, after))),
      patient: new DataLoader(async (ids) => {
        const rows = new Map((await this.ds.getRepository(Patient).findBy({ id: In([...ids]) })).map((p) => [p.id, p]));
        return ids.map((id) => rows.get(id) ?? null);
      }),
      grants: (actor) => {
        const key = `${actor.staffId}/${actor.organisationId}/${actor.role}`;
        let loader = grantLoaders.get(key);
        if (!loader) {
          loader = new DataLoader(async (ids) => {
            const grants = await this.gate.decideWithoutLog(actor, ids);
            return ids.map((id) => grants.get(id) ?? null);
          });
          grantLoaders.set(key, loader);
        }
        return loader;
      },
    };
  }
}
