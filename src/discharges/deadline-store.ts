import { IsNull } from 'typeorm';
import { PatientTx } from '../access/patient-tx';
import { DischargeDeadline, DischargeMessage, DischargeMessageReceiver, DischargeProcess } from './discharge-process.entity';
import { buildDeadlines } from './deadline-view';
import { MedicationReconciliation } from './medication-reconciliation.entity';

/**
 * Recomputes a process's deadlines with the pure builder and stores them, in the caller's
 * transaction. A retracted message counts for nothing: it makes no deadline and meets none. Called after every change of the process (and by the demo loader), so the stored
 * rows the inbox sorts by never drift from the rules.
 */
export async function storeDeadlines(
  tx: PatientTx,
  process: Pick<
    DischargeProcess,
    'id' | 'admittedAt' | 'hospitalId' | 'municipalityId' | 'primaryCareId' | 'dischargedAt' | 'medicationReconciliationExpected'
  >,
): Promise<void> {
  // One after the other: the statements share the transaction's connection, which runs one at a time.
  const messages = await tx.repo(DischargeMessage).find({ where: { processId: process.id, retractedAt: IsNull() }, order: { sentAt: 'ASC', seq: 'ASC' } });
  const receivers = await tx.children(DischargeMessageReceiver, 'processId', process.id).findBy({});
  const reconciliation = process.dischargedAt ? await tx.repo(MedicationReconciliation).findOneBy({ processId: process.id }) : null;
  const deadlines = buildDeadlines({
    admittedAt: process.admittedAt,
    hospitalId: process.hospitalId,
    municipalityId: process.municipalityId,
    primaryCareId: process.primaryCareId,
    dischargedAt: process.dischargedAt,
    messages: messages.map((msg) => ({ ...msg, receivers: receivers.filter((r) => r.messageId === msg.id) })),
    medicationReconciliation: { expected: process.medicationReconciliationExpected, recordedAt: reconciliation?.recordedAt ?? null },
  });
  const stored = tx.children(DischargeDeadline, 'processId', process.id);
  await stored.delete({});
  await stored.insert(deadlines.map((d) => ({ ...d, processId: process.id })));
}
