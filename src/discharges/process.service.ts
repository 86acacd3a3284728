import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { PatientGate } from '../access/patient-gate';
import { PatientTx } from '../access/patient-tx';
import { AuditOutcome } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { AppError, badInput, conflict, FieldError } from '../common/errors';
import { ConnectionShape, keyset } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { isOpenCareReceiver, OrganisationKind } from '../common/organisation-kind';
import { Enrollment, EnrollmentStatus } from '../patients/enrollment.entity';
import { DischargeProcess } from './discharge-process.entity';
import { requireParty, requireTransition } from './process-rules';
import { CancellationReason, DischargeParty, IN_HOSPITAL } from './discharge.enums';
import { DISCHARGE_PROCESS_RECORD } from './discharges.records';
import { processView, DischargeProcessType } from './discharges.types';
import { storeDeadlines } from './deadline-store';
import { CancelDischargeProcessInput, DischargeProcessesArgs, OpenDischargeProcessInput } from './dto/process.input';
import { MunicipalityPaymentAgreement } from './handover.entity';
import { agreementView } from './handover.types';

/** How far back an admission may be registered when a process is opened. */
export const MAX_ADMISSION_AGE_DAYS = 30;
const DAY_MS = 86_400_000;

/** A patient's processes, newest admission first. */
const PROCESS_PAGES = keyset<DischargeProcess>(
  [
    { sql: 'p.admittedAt', type: 'timestamptz', of: (p) => p.admittedAt },
    { sql: 'p.id', type: 'uuid', of: (p) => p.id },
  ],
  'desc',
);

/** Opening, reading, closing and cancelling discharge processes. Messages: messages.service.ts. */
@Injectable()
export class DischargeProcessService {
  constructor(
    private readonly gate: PatientGate,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * A hospital ward opens the process for a patient admitted to it, found by exact personnummer.
   * The ward may have no care relationship with the patient yet: the process itself establishes
   * it (and the receivers'), which the audit row records as `establishedCareRelationship`; it ends
   * when the process is closed or cancelled. Rules about the caller alone are checked before the
   * patient is looked up, so they answer the same for any personnummer.
   */
  async open(actor: Actor, input: OpenDischargeProcessInput): Promise<DischargeProcessType> {
    const operation = 'openDischargeProcess';
    const now = this.clock.now();
    let early: AppError | null = null;
    // Only a hospital ward's staff get here (the policy declares the kind; the guard refuses others first).
    if (input.admittedAt.getTime() > now.getTime()) early = badInput('input.admittedAt', 'cannot be in the future');
    else if (input.admittedAt.getTime() < now.getTime() - MAX_ADMISSION_AGE_DAYS * DAY_MS)
      early = badInput('input.admittedAt', `must be within the last ${MAX_ADMISSION_AGE_DAYS} days`);
    if (early) {
      const patientId = await this.gate.patientOfPersonnummer(input.personnummer);
      await this.audit.record(actor, [{ operation, patientId, outcome: AuditOutcome.FAILED, details: { reason: early.code.toLowerCase(), stage: 'rule' } }]);
      throw early;
    }
    try {
      return await this.gate.personnummer(actor, input.personnummer, { operation }, async (scope) => {
        const { tx } = scope;
        // One opening per patient at a time; the unique index is the last word.
        await tx.lockSeries('discharge');
        const open = await tx.repo(DischargeProcess).findOneBy({ status: In([...IN_HOSPITAL]) });
        if (open) {
          throw conflict(
            'The patient already has an open hospital stay in this service; it must be discharged or cancelled first',
            open.hospitalId === actor.organisationId ? { processId: open.id } : {},
          );
        }
        const { municipalityId, primaryCareId } = await this.receivers(tx, input);
        const terms = agreementView(municipalityId, await tx.reference(MunicipalityPaymentAgreement).findOneBy({ municipalityId }));
        const repo = tx.repo(DischargeProcess);
        const process = await repo.save(
          repo.create({
            hospitalId: actor.organisationId,
            municipalityId,
            primaryCareId,
            admittedAt: input.admittedAt,
            agreedDays: terms.agreedDays,
            dailyAmountSek: terms.dailyAmountSek,
            openedByStaffId: actor.staffId,
          }),
        );
        await storeDeadlines(tx, process);
        scope.logDetails({ processId: process.id });
        return processView(process, await scope.decideAgain());
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw conflict('The patient already has an open hospital stay in this service');
      throw e;
    }
  }

  /**
   * The receivers, given or taken from the active home-healthcare enrollment. The open-care receiver
   * (column primary_care_id) is the region's outpatient care (lag 2017:612): a primary care centre,
   * SSIH or a mobile team the region runs; it may be given as `openCareReceiverId` or, under its
   * earlier name, `primaryCareCentreId`.
   */
  private async receivers(tx: PatientTx, input: OpenDischargeProcessInput): Promise<{ municipalityId: string; primaryCareId: string }> {
    const fields: FieldError[] = [];
    const both = input.openCareReceiverId && input.primaryCareCentreId && input.openCareReceiverId !== input.primaryCareCentreId;
    if (both) {
      fields.push({
        field: 'input.openCareReceiverId',
        message: 'give the open-care receiver once: primaryCareCentreId (its earlier name) names another unit',
      });
    }
    const given = input.openCareReceiverId ?? input.primaryCareCentreId ?? null;
    const receiverField = input.openCareReceiverId || !input.primaryCareCentreId ? 'input.openCareReceiverId' : 'input.primaryCareCentreId';
    const enrollment = input.municipalityId && given ? null : await tx.repo(Enrollment).findOneBy({ status: EnrollmentStatus.ACTIVE });
    const municipalityId = input.municipalityId ?? enrollment?.municipalityId ?? null;
    const primaryCareId = given ?? enrollment?.primaryCareId ?? null;
    const ids = [municipalityId, primaryCareId].filter((x): x is string => !!x);
    const orgs = new Map((ids.length ? await tx.reference(Organisation).findBy({ id: In(ids) }) : []).map((o) => [o.id, o]));
    const missing = 'is required: the patient has no active home-healthcare enrollment to take it from';
    if (!municipalityId) fields.push({ field: 'input.municipalityId', message: missing });
    else if (orgs.get(municipalityId)?.kind !== OrganisationKind.MUNICIPALITY)
      fields.push({ field: 'input.municipalityId', message: 'must be a municipality (home healthcare unit)' });
    const receiver = primaryCareId ? orgs.get(primaryCareId) : undefined;
    if (!primaryCareId) fields.push({ field: receiverField, message: missing });
    else if (!receiver || !isOpenCareReceiver(receiver.kind, receiver.principal))
      fields.push({
        field: receiverField,
        message:
          receiver?.kind === OrganisationKind.MOBILE_TEAM
            ? 'must be the region’s open care: a mobile team run by a municipality is part of the municipality’s care, not an open-care receiver'
            : 'must be an open-care receiver (öppenvården): a primary care centre (vårdcentral), SSIH or a mobile team run by the region',
      });
    if (fields.length) throw badInput(fields);
    return { municipalityId: municipalityId!, primaryCareId: primaryCareId! };
  }

  get(actor: Actor, processId: string): Promise<DischargeProcessType> {
    return this.gate.record(actor, DISCHARGE_PROCESS_RECORD, processId, { operation: 'dischargeProcess' }, async (s) => processView(s.record, s.grant));
  }

  /** A patient's processes, newest admission first. */
  listForPatient(actor: Actor, args: DischargeProcessesArgs): Promise<ConnectionShape<DischargeProcessType>> {
    const first = args.first ?? 20;
    return this.gate.patient(actor, args.patientId, { operation: 'dischargeProcesses' }, async ({ tx, grant }) => {
      const qb = tx.repo(DischargeProcess).createQueryBuilder('p');
      const named = {};
      const after = PROCESS_PAGES.where(args.after, named);
      if (after) qb.andWhere(after, named);
      const rows = await qb
        .orderBy(PROCESS_PAGES.order)
        .take(first + 1)
        .getMany();
      return PROCESS_PAGES.page(rows, first, (p) => processView(p, grant));
    });
  }

  /** After discharge, any party closes the process; the hospital's relationship through it ends. */
  close(actor: Actor, processId: string): Promise<DischargeProcessType> {
    return this.gate.record(actor, DISCHARGE_PROCESS_RECORD, processId, { operation: 'closeDischargeProcess' }, async ({ tx, record: process, grant }) => {
      requireParty(process, actor.organisationId, undefined, 'closes it');
      process.status = requireTransition(process, 'CLOSE', 'closeDischargeProcess');
      process.closedAt = this.clock.now();
      await tx.repo(DischargeProcess).save(process);
      return processView(process, grant);
    });
  }

  /** Before discharge the hospital cancels, e.g. when the patient died or stays in hospital. */
  cancel(actor: Actor, input: CancelDischargeProcessInput): Promise<DischargeProcessType> {
    if (input.reason === CancellationReason.OTHER && !input.note) throw badInput('input.note', 'is required when the reason is OTHER');
    return this.gate.record(
      actor,
      DISCHARGE_PROCESS_RECORD,
      input.processId,
      { operation: 'cancelDischargeProcess', details: { reason: input.reason } },
      async ({ tx, record: process, grant }) => {
        requireParty(process, actor.organisationId, DischargeParty.HOSPITAL, 'cancels it');
        process.status = requireTransition(process, 'CANCEL', 'cancelDischargeProcess');
        process.cancelledAt = this.clock.now();
        process.cancellationReason = input.reason;
        process.cancellationNote = input.note ?? null;
        await tx.repo(DischargeProcess).save(process);
        return processView(process, grant);
      },
    );
  }
}
