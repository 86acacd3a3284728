import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, conflict } from '../common/errors';
import { Patient } from '../patients/patient.entity';
import { EndPatientRepresentativeInput, RecordPatientRepresentativeInput } from './dto/patient-view.input';
import { PatientRepresentative } from './patient-representative.entity';
import { PATIENT_REPRESENTATIVE_RECORD } from './patient-view.records';
import { PatientRepresentativeType } from './patient-view.types';

/**
 * Representatives (ombud, god man, förvaltare) recorded by staff: while the period holds and it is
 * not ended, the representative signs in with their own personnummer and reaches the patient's own
 * view (src/auth/actor.service.ts decides at every request, so ending it takes effect at once).
 */
@Injectable()
export class RepresentativesService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  list(actor: Actor, patientId: string, first: number): Promise<PatientRepresentativeType[]> {
    return this.gate.patient(actor, patientId, { operation: 'patientRepresentatives', readOnly: true }, async ({ tx }) => {
      const rows = await tx.repo(PatientRepresentative).find({ order: { recordedAt: 'DESC', id: 'DESC' }, take: first });
      return rows.map((r) => this.view(r));
    });
  }

  record(actor: Actor, input: RecordPatientRepresentativeInput): Promise<PatientRepresentativeType> {
    if (input.validTo && input.validTo < input.validFrom) throw badInput('input.validTo', 'must not be before validFrom');
    return this.gate.patient(actor, input.patientId, { operation: 'recordPatientRepresentative' }, async ({ tx, logDetails }) => {
      const patient = await tx.self(Patient).findOneByOrFail({});
      if (patient.personnummer === input.personnummer) throw badInput('input.personnummer', 'is the patient’s own: the patient signs in for themself');
      const current = await tx.repo(PatientRepresentative).findOneBy({ representativePersonnummer: input.personnummer, endedAt: IsNull() });
      if (current)
        throw conflict('This person is already recorded as the patient’s representative; end that representation first', { representativeId: current.id });
      const saved = await tx.repo(PatientRepresentative).save(
        tx.repo(PatientRepresentative).create({
          patientId: tx.patientId,
          representativePersonnummer: input.personnummer,
          name: input.name,
          kind: input.kind,
          validFrom: input.validFrom,
          validTo: input.validTo ?? null,
          recordedAt: this.clock.now(),
          recordedByStaffId: actor.staffId,
          recordedByOrganisationId: actor.organisationId,
          endedAt: null,
          endedByStaffId: null,
          endReason: null,
        }),
      );
      logDetails({ patientRepresentativeId: saved.id });
      return this.view(saved);
    });
  }

  end(actor: Actor, input: EndPatientRepresentativeInput): Promise<PatientRepresentativeType> {
    return this.gate.record(actor, PATIENT_REPRESENTATIVE_RECORD, input.representativeId, { operation: 'endPatientRepresentative' }, async ({ tx, record }) => {
      if (record.endedAt) throw conflict('The representation has already ended');
      const today = this.clock.today();
      record.endedAt = this.clock.now();
      record.endedByStaffId = actor.staffId;
      record.endReason = input.reason;
      if (!record.validTo || record.validTo > today) record.validTo = today < record.validFrom ? record.validFrom : today;
      return this.view(await tx.repo(PatientRepresentative).save(record));
    });
  }

  private view(r: PatientRepresentative): PatientRepresentativeType {
    const today = this.clock.today();
    return {
      id: r.id,
      patientId: r.patientId,
      name: r.name,
      kind: r.kind,
      validFrom: r.validFrom,
      validTo: r.validTo,
      current: !r.endedAt && r.validFrom <= today && (!r.validTo || r.validTo >= today),
      recordedAt: r.recordedAt,
      endReason: r.endReason,
    };
  }
}
