import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { BlockOpening, BlockOpeningBasis, EmergencyAccess, InformationBlock } from '../access/access.entities';
import { BLOCK_OPENING_RECORD, BLOCK_RECORD } from '../access/access.records';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, conflict, preconditionFailed, uniqueOrConflict } from '../common/errors';
import { Organisation } from '../organisations/organisation.entity';
import { Consent, ConsentGivenBy, ConsentScope } from './consent.entity';
import { OpenEmergencyAccessInput, RecordConsentInput, RequestBlockOpeningInput, RevokeConsentInput } from './dto/consent.input';
import { Patient } from './patient.entity';
import { PatientView } from './patient.types';
import { CONSENT_RECORD } from './patients.records';

export const EMERGENCY_ACCESS_HOURS = 4;
export const BLOCK_OPENING_HOURS = 4;
/** A requested opening must be confirmed within this many minutes, or requested again. */
export const BLOCK_CONFIRM_MINUTES = 15;

/** Consent (samtycke), block (spärr) and emergency access (nödåtkomst). */
@Injectable()
export class ConsentService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor, input: RecordConsentInput): Promise<Consent> {
    const fields = [];
    if (input.givenBy === ConsentGivenBy.REPRESENTATIVE && !input.representativeName)
      fields.push({ field: 'input.representativeName', message: 'is required when a representative gave the consent' });
    if (input.givenBy === ConsentGivenBy.PATIENT && input.representativeName)
      fields.push({ field: 'input.representativeName', message: 'must be empty when the patient gave the consent' });
    if (input.scope === ConsentScope.NAMED_ORGANISATIONS && input.organisationIds.length === 0)
      fields.push({ field: 'input.organisationIds', message: 'must name at least one organisation' });
    if (input.scope === ConsentScope.CARE_TEAM && input.organisationIds.length > 0)
      fields.push({ field: 'input.organisationIds', message: 'must be empty when the scope is the whole care team' });
    if (input.validUntil && input.validUntil < input.validFrom) fields.push({ field: 'input.validUntil', message: 'cannot be before validFrom' });
    if (fields.length) throw badInput(fields);
    return this.gate.patient(actor, input.patientId, { operation: 'recordConsent', details: { kind: input.kind } }, async ({ tx }) => {
      const ids = [...new Set(input.organisationIds)];
      if (ids.length && (await tx.reference(Organisation).countBy({ id: In(ids) })) !== ids.length) {
        throw badInput('input.organisationIds', 'names an organisation that does not exist');
      }
      return tx.repo(Consent).save(
        tx.repo(Consent).create({
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
    return this.gate.record(actor, CONSENT_RECORD, input.consentId, { operation: 'revokeConsent' }, async ({ tx, record: c }) => {
      if (c.revokedAt) throw conflict('The consent is already revoked');
      c.revokedAt = this.clock.now();
      c.revokedByStaffId = actor.staffId;
      c.revocationReason = input.reason;
      return tx.repo(Consent).save(c);
    });
  }

  /** The patient blocks what the actor's own organisation recorded from all other organisations. */
  async block(actor: Actor, patientId: string): Promise<InformationBlock> {
    return this.gate.patient(actor, patientId, { operation: 'blockInformation' }, async ({ tx }) => {
      const existing = await tx.repo(InformationBlock).findOneBy({ organisationId: actor.organisationId, liftedAt: IsNull() });
      if (existing) throw conflict('Your organisation’s information about this patient is already blocked');
      return uniqueOrConflict(
        () => tx.repo(InformationBlock).save(tx.repo(InformationBlock).create({ organisationId: actor.organisationId, recordedByStaffId: actor.staffId })),
        'Your organisation’s information about this patient is already blocked',
      );
    });
  }

  /** Only the blocked organisation lifts its block; to anyone else the block's id is unknown. */
  async liftBlock(actor: Actor, blockId: string): Promise<InformationBlock> {
    return this.gate.record(actor, BLOCK_RECORD, blockId, { operation: 'liftBlock' }, async ({ tx, record: b }) => {
      if (b.liftedAt) throw conflict('The block is already lifted');
      b.liftedAt = this.clock.now();
      b.liftedByStaffId = actor.staffId;
      return tx.repo(InformationBlock).save(b);
    });
  }

  /** Step one: state the basis and reason. Nothing opens until the same person confirms. */
  async requestOpening(actor: Actor, input: RequestBlockOpeningInput): Promise<BlockOpening> {
    return this.gate.patient(
      actor,
      input.patientId,
      { operation: 'requestBlockOpening', details: { basis: input.basis }, purpose: input.basis === BlockOpeningBasis.EMERGENCY ? 'emergency' : 'care' },
      async ({ tx, grant }) => {
        if (!grant.blockedOrganisationIds.length) throw preconditionFailed('There is no blocked information for you to open');
        return tx.repo(BlockOpening).save(
          tx.repo(BlockOpening).create({
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
    return this.gate.record(actor, BLOCK_OPENING_RECORD, openingId, { operation: 'confirmBlockOpening' }, async (scope) => {
      const o = scope.record;
      if (o.staffId !== actor.staffId) throw scope.absent('another-staff-members-opening');
      if (o.confirmedAt) throw conflict('The block opening is already confirmed');
      const now = this.clock.now();
      if (now.getTime() - o.requestedAt.getTime() > BLOCK_CONFIRM_MINUTES * 60_000)
        throw preconditionFailed(`The request is older than ${BLOCK_CONFIRM_MINUTES} minutes; request again`);
      o.confirmedAt = now;
      o.expiresAt = new Date(now.getTime() + BLOCK_OPENING_HOURS * 3_600_000);
      return scope.tx.repo(BlockOpening).save(o);
    });
  }

  /**
   * Nödåtkomst, addressed by personnummer because without access the patient cannot be found.
   * Opened only for a patient who exists; it reads, never writes, never shows a protected identity,
   * and the access itself and every answer it widens are flagged for review.
   */
  async openEmergency(actor: Actor, input: OpenEmergencyAccessInput): Promise<PatientView> {
    const op = { operation: 'openEmergencyAccess', purpose: 'emergency access', emergency: true, details: { hours: EMERGENCY_ACCESS_HOURS } };
    return this.gate.personnummer(actor, input.personnummer, op, async ({ tx, grant }) => {
      const now = this.clock.now();
      await tx.repo(EmergencyAccess).insert({
        staffId: actor.staffId,
        assignmentId: actor.assignmentId,
        organisationId: actor.organisationId,
        reason: input.reason,
        openedAt: now,
        expiresAt: new Date(now.getTime() + EMERGENCY_ACCESS_HOURS * 3_600_000),
      });
      return new PatientView(await tx.self(Patient).findOneByOrFail({}), { ...grant, emergency: true });
    });
  }
}
