import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { PatientAccessService } from '../access/patient-access.service';
import { AuditOutcome } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { AppError, badInput, conflict, FieldError, forbidden, notFound } from '../common/errors';
import { ConnectionShape, decodeCursor, encodeCursor } from '../common/pagination';
import { Organisation, OrganisationKind } from '../organisations/organisation.entity';
import { Enrollment, EnrollmentStatus } from '../patients/enrollment.entity';
import { Patient } from '../patients/patient.entity';
import { DischargeProcess } from './discharge-process.entity';
import { DischargeAccess, requireParty, requireTransition } from './discharge-access';
import { CancellationReason, DischargeParty, IN_HOSPITAL } from './discharge.enums';
import { processView, DischargeProcessType } from './discharges.types';
import { storeDeadlines } from './deadline-store';
import { CancelDischargeProcessInput, DischargeProcessesArgs, OpenDischargeProcessInput } from './dto/process.input';
import { MunicipalityPaymentAgreement } from './handover.entity';
import { agreementView } from './handover.types';

/** How far back an admission may be registered when a process is opened. */
export const MAX_ADMISSION_AGE_DAYS = 30;
const DAY_MS = 86_400_000;

/** Opening, reading, closing and cancelling discharge processes. Messages: messages.service.ts. */
@Injectable()
export class DischargeProcessService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: PatientAccessService,
    private readonly discharge: DischargeAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * A hospital ward opens the process for a patient admitted to it, found by exact personnummer.
   * The ward may have no care relationship with the patient yet: the process itself establishes
   * it (and the receivers’), which the audit row records as `establishedCareRelationship`.
   * Refusals (no such patient, already in hospital, bad receivers) are logged too.
   */
  async open(actor: Actor, input: OpenDischargeProcessInput): Promise<DischargeProcessType> {
    const operation = 'openDischargeProcess';
    let patientId: string | null = null;
    try {
      if (actor.organisationKind !== OrganisationKind.HOSPITAL) throw forbidden('Only a hospital ward opens a discharge process');
      const now = this.clock.now();
      if (input.admittedAt.getTime() > now.getTime()) throw badInput('input.admittedAt', 'cannot be in the future');
      if (input.admittedAt.getTime() < now.getTime() - MAX_ADMISSION_AGE_DAYS * DAY_MS) throw badInput('input.admittedAt', `must be within the last ${MAX_ADMISSION_AGE_DAYS} days`);
      return await this.ds.transaction(async (m) => {
        const patient = await m.getRepository(Patient).findOneBy({ personnummer: input.personnummer });
        if (!patient) throw notFound('Patient');
        patientId = patient.id;
        // One opening per patient at a time; the unique index is the last word.
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`discharge:${patient.id}`]);
        const before = (await this.access.grants(actor, [patient.id], m)).get(patient.id)!;
        const open = await m.getRepository(DischargeProcess).findOneBy({ patientId: patient.id, status: In([...IN_HOSPITAL]) });
        if (open) {
          throw conflict('The patient already has an open hospital stay in this service; it must be discharged or cancelled first', open.hospitalId === actor.organisationId ? { processId: open.id } : {});
        }
        const { municipalityId, primaryCareId } = await this.receivers(m, patient.id, input);
        const terms = agreementView(municipalityId, await m.getRepository(MunicipalityPaymentAgreement).findOneBy({ municipalityId }));
        const repo = m.getRepository(DischargeProcess);
        const process = await repo.save(
          repo.create({
            patientId: patient.id,
            hospitalId: actor.organisationId,
            municipalityId,
            primaryCareId,
            admittedAt: input.admittedAt,
            agreedDays: terms.agreedDays,
            dailyAmountSek: terms.dailyAmountSek,
            openedByStaffId: actor.staffId,
          }),
        );
        await storeDeadlines(m, process);
        const grants = await this.access.allowedForList(
          actor,
          [patient.id],
          { operation, details: { processId: process.id, establishedCareRelationship: before.relationships.length === 0 } },
          m,
        );
        return processView(process, grants.get(patient.id)!);
      });
    } catch (e) {
      const err = (e as { code?: string }).code === '23505' ? conflict('The patient already has an open hospital stay in this service') : e;
      if (err instanceof AppError) {
        const reason = patientId ? err.code : err.code === 'NOT_FOUND' ? 'no-such-patient' : err.code;
        await this.audit.record(actor, [{ operation, patientId, outcome: AuditOutcome.REFUSED, details: { reason } }]);
      }
      throw err;
    }
  }

  /** The receivers, given or taken from the active home-healthcare enrollment. */
  private async receivers(m: EntityManager, patientId: string, input: OpenDischargeProcessInput): Promise<{ municipalityId: string; primaryCareId: string }> {
    const enrollment =
      input.municipalityId && input.primaryCareCentreId ? null : await m.getRepository(Enrollment).findOneBy({ patientId, status: EnrollmentStatus.ACTIVE });
    const municipalityId = input.municipalityId ?? enrollment?.municipalityId ?? null;
    const primaryCareId = input.primaryCareCentreId ?? enrollment?.primaryCareId ?? null;
    const ids = [municipalityId, primaryCareId].filter((x): x is string => !!x);
    const orgs = new Map((ids.length ? await m.getRepository(Organisation).findBy({ id: In(ids) }) : []).map((o) => [o.id, o]));
    const fields: FieldError[] = [];
    const missing = 'is required: the patient has no active home-healthcare enrollment to take it from';
    if (!municipalityId) fields.push({ field: 'input.municipalityId', message: missing });
    else if (orgs.get(municipalityId)?.kind !== OrganisationKind.MUNICIPALITY) fields.push({ field: 'input.municipalityId', message: 'must be a municipality (home healthcare unit)' });
    if (!primaryCareId) fields.push({ field: 'input.primaryCareCentreId', message: missing });
    else if (orgs.get(primaryCareId)?.kind !== OrganisationKind.PRIMARY_CARE) fields.push({ field: 'input.primaryCareCentreId', message: 'must be a primary care centre (vårdcentral)' });
    if (fields.length) throw badInput(fields);
    return { municipalityId: municipalityId!, primaryCareId: primaryCareId! };
  }

  get(actor: Actor, processId: string): Promise<DischargeProcessType> {
    return this.discharge.withProcess(actor, processId, { operation: 'dischargeProcess' }, false, async (s) => processView(s.process, s.grant));
  }

  /** A patient's processes, newest admission first. */
  listForPatient(actor: Actor, args: DischargeProcessesArgs): Promise<ConnectionShape<DischargeProcessType>> {
    const first = args.first ?? 20;
    return this.discharge.withPatient(actor, args.patientId, { operation: 'dischargeProcesses' }, async ({ manager, grant }) => {
      const qb = manager.getRepository(DischargeProcess).createQueryBuilder('p').where('p.patientId = :pid', { pid: args.patientId });
      if (args.after) {
        const [at, id] = decodeCursor(args.after, 2);
        if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string') throw badInput('after', 'is not a cursor returned by this list');
        qb.andWhere('(p.admittedAt, p.id) < (:at, :id)', { at: new Date(at), id });
      }
      const rows = await qb.orderBy('p.admittedAt', 'DESC').addOrderBy('p.id', 'DESC').take(first + 1).getMany();
      const page = rows.slice(0, first);
      const cursor = (p: DischargeProcess) => encodeCursor([p.admittedAt.toISOString(), p.id]);
      return {
        edges: page.map((p) => ({ node: processView(p, grant), cursor: cursor(p) })),
        pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? cursor(page[page.length - 1]) : null },
      };
    });
  }

  /** After discharge, any party closes the process; the hospital's relationship through it ends. */
  close(actor: Actor, processId: string): Promise<DischargeProcessType> {
    return this.discharge.withProcess(actor, processId, { operation: 'closeDischargeProcess' }, true, async (s) => {
      requireParty(s, undefined, 'closes it');
      s.process.status = requireTransition(s.process, 'CLOSE', 'closeDischargeProcess');
      s.process.closedAt = this.clock.now();
      await s.manager.getRepository(DischargeProcess).save(s.process);
      return processView(s.process, s.grant);
    });
  }

  /** Before discharge the hospital cancels, e.g. when the patient died or stays in hospital. */
  cancel(actor: Actor, input: CancelDischargeProcessInput): Promise<DischargeProcessType> {
    if (input.reason === CancellationReason.OTHER && !input.note) throw badInput('input.note', 'is required when the reason is OTHER');
    return this.discharge.withProcess(actor, input.processId, { operation: 'cancelDischargeProcess', details: { reason: input.reason } }, true, async (s) => {
      requireParty(s, DischargeParty.HOSPITAL, 'cancels it');
      s.process.status = requireTransition(s.process, 'CANCEL', 'cancelDischargeProcess');
      s.process.cancelledAt = this.clock.now();
      s.process.cancellationReason = input.reason;
      s.process.cancellationNote = input.note ?? null;
      await s.manager.getRepository(DischargeProcess).save(s.process);
      return processView(s.process, s.grant);
    });
  }
}
