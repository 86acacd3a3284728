import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { BlockOpening, BlockOpeningBasis, EmergencyAccess, InformationBlock } from '../access/access.entities';
import { PatientAccessService } from '../access/patient-access.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { badInput, conflict, forbidden, notFound, preconditionFailed, uniqueOrConflict } from '../common/errors';
import { Organisation } from '../organisations/organisation.entity';
import { Consent, ConsentGivenBy, ConsentScope } from './consent.entity';
import { OpenEmergencyAccessInput, RecordConsentInput, RequestBlockOpeningInput, RevokeConsentInput } from './dto/consent.input';
import { Patient } from './patient.entity';
import { PatientView } from './patient.types';

export const EMERGENCY_ACCESS_HOURS = 4;
export const BLOCK_OPENING_HOURS = 4;
/** A requested opening must be confirmed within this many minutes, or requested again. */
export const BLOCK_CONFIRM_MINUTES = 15;

/** Consent (samtycke), block (spärr) and emergency access (nödåtkomst). */
@Injectable()
export class ConsentService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor, input: RecordConsentInput): Promise<Consent> {
    const fields = [];
    if (input.givenBy === ConsentGivenBy.REPRESENTATIVE && !input.representativeName) fields.push({ field: 'input.representativeName', message: 'is required when a representative gave the consent' });
    if (input.givenBy === ConsentGivenBy.PATIENT && input.representativeName) fields.push({ field: 'input.representativeName', message: 'must be empty when the patient gave the consent' });
    if (input.scope === ConsentScope.NAMED_ORGANISATIONS && input.organisationIds.length === 0) fields.push({ field: 'input.organisationIds', message: 'must name at least one organisation' });
    if (input.scope === ConsentScope.CARE_TEAM && input.organisationIds.length > 0) fields.push({ field: 'input.organisationIds', message: 'must be empty when the scope is the whole care team' });
    if (input.validUntil && input.validUntil < input.validFrom) fields.push({ field: 'input.validUntil', message: 'cannot be before validFrom' });
    if (fields.length) throw badInput(fields);
    return this.access.withPatient(actor, input.patientId, { operation: 'recordConsent', details: { kind: input.kind } }, async ({ manager }) => {
      const ids = [...new Set(input.organisationIds)];
      if (ids.length && (await manager.getRepository(Organisation).countBy(ids.map((id) => ({ id })))) !== ids.length) {
        throw badInput('input.organisationIds', 'names an organisation that does not exist');
      }
      return manager.getRepository(Consent).save(
        manager.getRepository(Consent).create({
          patientId: input.patientId,
          kind: input.kind,
          givenBy: input.givenBy,
          representativeName: input.representativeName ?? null,
          scope: input.scope,
          organisationIds: ids,
          validFrom: input.validFrom,
          validUntil: input.validUntil ?? null,
          recordedByStaffId: actor.staffId,
          recordedByOrganisationId: actor.organisationId,
        }),
      );
    });
  }

  async revoke(actor: Actor, input: RevokeConsentInput): Promise<Consent> {
    const patientId = await this.access.lookupPatientOf('consent', input.consentId);
    if (!patientId) throw notFound('Consent');
    return this.access.withPatient(actor, patientId, { operation: 'revokeConsent' }, async ({ manager }) => {
      const c = await manager.getRepository(Consent).findOne({ where: { id: input.consentId }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw notFound('Consent');
      if (c.revokedAt) throw preconditionFailed('The consent is already revoked');
      c.revokedAt = this.clock.now();
      c.revokedByStaffId = actor.staffId;
      c.revocationReason = input.reason;
      return manager.getRepository(Consent).save(c);
    });
  }

  /** The patient blocks what the actor's own organisation recorded from all other organisations. */
  async block(actor: Actor, patientId: string): Promise<InformationBlock> {
    return this.access.withPatient(actor, patientId, { operation: 'blockInformation' }, async ({ manager }) => {
      const existing = await manager.getRepository(InformationBlock).findOneBy({ patientId, organisationId: actor.organisationId, liftedAt: IsNull() });
      if (existing) throw conflict('Your organisation’s information about this patient is already blocked');
      return uniqueOrConflict(
        () =>
          manager.getRepository(InformationBlock).save(
            manager.getRepository(InformationBlock).create({ patientId, organisationId: actor.organisationId, recordedByStaffId: actor.staffId }),
          ),
        'Your organisation’s information about this patient is already blocked',
      );
    });
  }

  async liftBlock(actor: Actor, blockId: string): Promise<InformationBlock> {
    const patientId = await this.access.lookupPatientOf('information_block', blockId);
    if (!patientId) throw notFound('Block');
    return this.access.withPatient(actor, patientId, { operation: 'liftBlock' }, async ({ manager }) => {
      const b = await manager.getRepository(InformationBlock).findOne({ where: { id: blockId }, lock: { mode: 'pessimistic_write' } });
      if (!b) throw notFound('Block');
      if (b.organisationId !== actor.organisationId) throw forbidden('Only the organisation whose information is blocked lifts the block');
      if (b.liftedAt) throw preconditionFailed('The block is already lifted');
      b.liftedAt = this.clock.now();
      b.liftedByStaffId = actor.staffId;
      return manager.getRepository(InformationBlock).save(b);
    });
  }

  /** Step one: state the basis and reason. Nothing opens until the same person confirms. */
  async requestOpening(actor: Actor, input: RequestBlockOpeningInput): Promise<BlockOpening> {
    return this.access.withPatient(
      actor,
      input.patientId,
      { operation: 'requestBlockOpening', details: { basis: input.basis }, purpose: input.basis === BlockOpeningBasis.EMERGENCY ? 'emergency' : 'care' },
      async ({ manager, grant }) => {
        if (!grant.blockedOrganisationIds.length) throw preconditionFailed('There is no blocked information for you to open');
        return manager.getRepository(BlockOpening).save(
          manager.getRepository(BlockOpening).create({
            patientId: input.patientId,
            staffId: actor.staffId,
            organisationId: actor.organisationId,
            basis: input.basis,
            reason: input.reason,
            requestedAt: this.clock.now(),
          }),
        );
      },
    );
  }

  /** Step two: the same staff member confirms; the blocked information is open to them for a few hours. */
  async confirmOpening(actor: Actor, openingId: string): Promise<BlockOpening> {
    const patientId = await this.access.lookupPatientOf('block_opening', openingId);
    if (!patientId) throw notFound('Block opening');
    return this.access.withPatient(actor, patientId, { operation: 'confirmBlockOpening' }, async ({ manager }) => {
      const o = await manager.getRepository(BlockOpening).findOne({ where: { id: openingId }, lock: { mode: 'pessimistic_write' } });
      if (!o || o.staffId !== actor.staffId || o.organisationId !== actor.organisationId) throw notFound('Block opening');
      if (o.confirmedAt) throw preconditionFailed('Already confirmed');
      const now = this.clock.now();
      if (now.getTime() - o.requestedAt.getTime() > BLOCK_CONFIRM_MINUTES * 60_000) throw preconditionFailed(`The request is older than ${BLOCK_CONFIRM_MINUTES} minutes; request again`);
      o.confirmedAt = now;
      o.expiresAt = new Date(now.getTime() + BLOCK_OPENING_HOURS * 3_600_000);
      return manager.getRepository(BlockOpening).save(o);
    });
  }

  /**
   * Nödåtkomst, addressed by personnummer because without access the patient cannot be found.
   * Opened only for a patient who exists; the access itself and everything done with it is flagged.
   */
  async openEmergency(actor: Actor, input: OpenEmergencyAccessInput): Promise<PatientView> {
    const patient = await this.ds.getRepository(Patient).findOneBy({ personnummer: input.personnummer });
    if (!patient) {
      await this.audit.record(actor, [{ operation: 'openEmergencyAccess', emergency: true, purpose: 'emergency access', details: { found: false } }]);
      throw notFound('Patient');
    }
    const now = this.clock.now();
    await this.ds.transaction(async (m) => {
      await m.getRepository(EmergencyAccess).insert({
        patientId: patient.id,
        staffId: actor.staffId,
        assignmentId: actor.assignmentId,
        organisationId: actor.organisationId,
        reason: input.reason,
        openedAt: now,
        expiresAt: new Date(now.getTime() + EMERGENCY_ACCESS_HOURS * 3_600_000),
      });
      await this.audit.record(actor, [{ operation: 'openEmergencyAccess', patientId: patient.id, emergency: true, purpose: 'emergency access', details: { hours: EMERGENCY_ACCESS_HOURS } }], m);
    });
    return this.access.withPatient(actor, patient.id, { operation: 'patient' }, async ({ grant }) => new PatientView(patient, grant));
  }
}
