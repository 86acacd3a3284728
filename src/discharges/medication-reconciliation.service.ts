import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship';
import { PatientGate } from '../access/patient-gate';
import { PatientTx } from '../access/patient-tx';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { stockholmDate } from '../common/calendar';
import { badInput, conflict, preconditionFailed } from '../common/errors';
import { Enrollment, EnrollmentStatus } from '../patients/enrollment.entity';
import { WithheldReason } from '../patients/patient.types';
import { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { storeDeadlines } from './deadline-store';
import { DischargeMessage } from './discharge-process.entity';
import { DischargeMessageKind, DischargeParty, DischargeStatus } from './discharge.enums';
import { DISCHARGE_PROCESS_RECORD } from './discharges.records';
import { DischargeProcessType, processView, withheldReason } from './discharges.types';
import { RecordMedicationReconciliationInput } from './dto/medication.input';
import { MedicationDiscrepancy, MedicationReconciliation } from './medication-reconciliation.entity';
import { discrepancyAssignee, discrepancyDueDate, discrepancyTaskText, reconciliationErrors } from './medication-reconciliation.rules';
import { requireParty } from './process-rules';

/** After discharge: the patient is home (DISCHARGED), or the process has since been closed. */
const RECONCILABLE: readonly DischargeStatus[] = [DischargeStatus.DISCHARGED, DischargeStatus.CLOSED];

/**
 * Läkemedelsavstämning: the receiving municipality's nurse records, once per discharge, that
 * everything at home matches the discharge medication list or which discrepancies were found; each
 * discrepancy becomes a task for the patient's fast läkarkontakt, in the same transaction, and the
 * process's reconciliation deadline is met (or missed) by it.
 */
@Injectable()
export class MedicationReconciliationService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    private readonly tasks: TasksService,
  ) {}

  /**
   * Rules, in order (each refusal logged with the patient): the receiving municipality of the
   * process (FORBIDDEN otherwise; the policy lets only municipal nurses in, and the gate only with a
   * care relationship and never under emergency access); after discharge (PRECONDITION_FAILED
   * naming the status); not yet recorded (CONFLICT naming the reconciliation); the discharge list
   * visible to the municipality (PRECONDITION_FAILED: a list withheld for lack of consent cannot be
   * reconciled); the discrepancies consistent with the list (BAD_USER_INPUT naming each field).
   * Then the reconciliation, its discrepancies and their tasks are written together, or nothing is.
   */
  async record(actor: Actor, input: RecordMedicationReconciliationInput): Promise<DischargeProcessType> {
    const operation = 'recordMedicationReconciliation';
    const { view, created } = await this.gate.record(
      actor,
      DISCHARGE_PROCESS_RECORD,
      input.processId,
      { operation, details: { matches: input.matches, discrepancies: input.discrepancies.length } },
      async (s) => {
        const process = s.record; // locked for update: two nurses recording at once are serialised here
        requireParty(process, actor.organisationId, DischargeParty.MUNICIPALITY, 'records the medication reconciliation (läkemedelsavstämning)');
        if (!RECONCILABLE.includes(process.status)) {
          throw preconditionFailed(`${operation} is possible only after the discharge; the discharge process is ${process.status}`, {
            currentStatus: process.status,
            allowedFrom: RECONCILABLE,
          });
        }
        const existing = await s.tx.repo(MedicationReconciliation).findOneBy({ processId: process.id });
        if (existing) {
          throw conflict('A medication reconciliation is already recorded for this discharge; follow up a new discrepancy through its own task', {
            reconciliationId: existing.id,
            recordedAt: existing.recordedAt.toISOString(),
          });
        }
        const notice = await s.tx.repo(DischargeMessage).findOne({
          where: { processId: process.id, kind: DischargeMessageKind.DISCHARGE_NOTICE, retractedAt: IsNull() },
          order: { sentAt: 'DESC', seq: 'DESC' },
        });
        if (!notice?.handover) throw preconditionFailed('The discharge notice carries no medication list to reconcile against');
        const withheld = withheldReason(s.grant, notice.senderOrganisationId);
        if (withheld) {
          const why = withheld === WithheldReason.NO_CONSENT ? 'without the patient’s consent to information sharing' : 'the patient has blocked (spärrat) it';
          throw preconditionFailed(`The discharge medication list is withheld from your organisation (${why}); a reconciliation needs it`, {
            withheldReason: withheld,
          });
        }
        const lines = notice.handover.medications;
        const errors = reconciliationErrors(input, lines);
        if (errors.length) throw badInput(errors);

        const now = this.clock.now();
        const reconciliations = s.tx.repo(MedicationReconciliation);
        const reconciliation = await reconciliations.save(
          reconciliations.create({
            processId: process.id,
            organisationId: actor.organisationId,
            recordedByStaffId: actor.staffId,
            recordedAt: now,
            matches: input.matches,
            note: input.note ?? null,
          }),
        );
        const tasks: Task[] = [];
        if (input.discrepancies.length) {
          const assignee = await this.assignee(s.tx, process.primaryCareId, now);
          const dischargedOn = stockholmDate(process.dischargedAt!);
          const dueDate = discrepancyDueDate(this.clock.today());
          for (const [position, d] of input.discrepancies.entries()) {
            const line = d.lineNumber ? lines[d.lineNumber - 1] : null;
            const text = discrepancyTaskText(d, line, dischargedOn);
            const task = await this.tasks.createInTransaction(s, { ...text, assignee, dueDate }, `input.discrepancies.${position}`);
            tasks.push(task);
            await s.tx.repo(MedicationDiscrepancy).insert({
              reconciliationId: reconciliation.id,
              position,
              lineNumber: d.lineNumber ?? null,
              medicine: d.lineNumber ? null : (d.medicine ?? null),
              kind: d.kind,
              description: d.description,
              taskId: task.id,
            });
          }
        }
        await storeDeadlines(s.tx, process);
        return { view: processView(process, s.grant), created: tasks };
      },
    );
    // After the commit: each task is announced to its assignee (ids only).
    for (const task of created) await this.tasks.notifyAssigned(task);
    return view;
  }

  /**
   * The discrepancies' assignee (discrepancyAssignee): the named GP of the active enrollment while
   * they hold a physician assignment at its centre, else the process's centre's physicians. That
   * organisation must have a care relationship with the patient (a task does not give one).
   */
  private async assignee(tx: PatientTx, processPrimaryCareId: string, now: Date) {
    const enrollment = await tx.repo(Enrollment).findOneBy({ status: EnrollmentStatus.ACTIVE });
    const works = enrollment
      ? (
          await tx.referenceQuery(
            `SELECT 1 FROM assignment WHERE staff_id = $1 AND organisation_id = $2 AND role = 'PHYSICIAN' AND valid_from <= $3 AND (ended_at IS NULL OR ended_at > $3) LIMIT 1`,
            [enrollment.namedPhysicianId, enrollment.primaryCareId, now],
          )
        ).length > 0
      : false;
    const assignee = discrepancyAssignee(
      enrollment ? { primaryCareId: enrollment.primaryCareId, namedPhysicianId: enrollment.namedPhysicianId, physicianWorksThere: works } : null,
      processPrimaryCareId,
    );
    const [related] = await tx.query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${CARE_RELATIONSHIP_TABLE} WHERE patient_id = $1 AND organisation_id = $2) AS ok`,
      [tx.patientId, assignee.organisationId],
    );
    if (!related.ok) {
      throw preconditionFailed(
        'The primary care centre that would take the discrepancies has no care relationship with the patient any more (no active enrollment, and the discharge process is closed); raise them with the patient’s GP another way',
      );
    }
    return assignee;
  }
}
