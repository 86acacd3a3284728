import { PatientGrant } from '../access/patient-grant';
import { PatientTx } from '../access/patient-tx';
import { RecordKind } from '../access/record-kind';
import { TaskSourceKind } from './task.entity';

type AnyRecord = { id: string; patientId: string };

/**
 * The kinds of record a task can be made from, each with its record kind: the table it is in and
 * who may see it (`visible`, and its parent's, e.g. a SIP meeting is as visible as its SIP).
 * The composition root (src/app/task-sources.ts) hands the table to the tasks module as this
 * provider, so tasks never imports the capabilities that own the records (discharges imports tasks).
 * Adding a kind: a value of TaskSourceKind and one entry in that table.
 */
export class TaskSources {
  constructor(readonly kinds: Readonly<Record<TaskSourceKind, RecordKind>>) {}

  /**
   * The source record, when it is a record of this patient that the caller may see under `grant`
   * (its kind's visibility, and its parents'); null otherwise: another patient's record, one that
   * does not exist and one hidden from the caller are the same answer.
   */
  async find(tx: PatientTx, grant: PatientGrant, kind: TaskSourceKind, id: string): Promise<AnyRecord | null> {
    const recordKind = this.kinds[kind];
    const row = await tx.repo(recordKind.entity).findOneBy({ id } as never);
    if (!row || row.patientId !== grant.patientId) return null;
    for (let k: RecordKind = recordKind, r: AnyRecord = row; ;) {
      if (k.visible && !k.visible(grant, r)) return null;
      if (!k.parent) return row;
      const parentId = (r as unknown as Record<string, string>)[k.parent.key];
      const parent = await tx.repo(k.parent.kind.entity).findOneBy({ id: parentId } as never);
      if (!parent) return null;
      k = k.parent.kind;
      r = parent;
    }
  }

  labelOf(kind: TaskSourceKind): string {
    return this.kinds[kind].label;
  }
}
