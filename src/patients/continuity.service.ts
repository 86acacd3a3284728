import { Injectable } from '@nestjs/common';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, conflict, FieldError, forbidden } from '../common/errors';
import { Role } from '../common/roles';
import { holdsRole } from './care-team.service';
import { FrailtyAssessment, JointHomeVisit, NamedContactChange, NamedContactChangeReason, NamedContactRole, PatientHousing } from './continuity.entity';
import { ChangeNamedContactInput, RecordFrailtyAssessmentInput, RecordHousingInput, RecordJointHomeVisitInput } from './dto/continuity.input';
import { Enrollment, EnrollmentStatus } from './enrollment.entity';
import { ENROLLMENT_RECORD } from './patients.records';

/** What each named contact is, and whose staff: the rule enrollment applies (CareTeamService.enroll). */
const CONTACT = {
  [NamedContactRole.CARE_CONTACT]: {
    owner: (e: Enrollment) => e.municipalityId,
    current: (e: Enrollment) => e.namedNurseId,
    roles: [Role.NURSE],
    what: 'a nurse of the enrolling municipality (fast vårdkontakt)',
    title: 'fast vårdkontakt',
    refusal: 'Only the enrolling municipality names the fast vårdkontakt',
  },
  [NamedContactRole.PHYSICIAN]: {
    owner: (e: Enrollment) => e.primaryCareId,
    current: (e: Enrollment) => e.namedPhysicianId,
    roles: [Role.PHYSICIAN],
    what: 'a physician of the enrollment’s primary care centre (fast läkarkontakt)',
    title: 'fast läkarkontakt',
    refusal: 'Only the enrollment’s primary care centre names the fast läkarkontakt',
  },
} as const;

/**
 * Continuity of an enrollment (kontinuitet): changing the fast vårdkontakt or fast läkarkontakt with
 * its history, the patient's boendeform and frailty (Clinical Frailty Scale), and the joint home
 * visit held at enrollment. Every write goes through the gate with reach 'write' (never on emergency
 * access) and names the patient in the audit row.
 */
@Injectable()
export class ContinuityService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  /**
   * Each contact is named by the organisation whose staff it is: the fast vårdkontakt by the enrolling
   * municipality, the fast läkarkontakt by the primary care centre (the other party of the enrollment
   * is FORBIDDEN; an organisation without a care relationship gets "Enrollment not found"). The
   * enrollment must be active; the new contact is validated as at enrollment and must differ from
   * the current one. The enrollment's column holds the new contact; the change is kept as history.
   */
  async changeNamedContact(actor: Actor, input: ChangeNamedContactInput): Promise<Enrollment> {
    const c = CONTACT[input.role];
    return this.gate.record(
      actor,
      ENROLLMENT_RECORD,
      input.enrollmentId,
      { operation: 'changeNamedContact', details: { role: input.role } },
      async ({ tx, record: e }) => {
        if (actor.organisationId !== c.owner(e)) throw forbidden(c.refusal);
        if (e.status !== EnrollmentStatus.ACTIVE) throw conflict('The enrollment has ended; named contacts are changed only on an active enrollment');
        const today = this.clock.today();
        const effectiveFrom = input.effectiveFrom ?? today;
        const fields: FieldError[] = [];
        if (input.staffId === c.current(e)) fields.push({ field: 'input.staffId', message: `is already the ${c.title}` });
        else if (!(await holdsRole(tx, this.clock.now(), input.staffId, c.owner(e), [...c.roles])))
          fields.push({ field: 'input.staffId', message: `must be ${c.what}` });
        if (input.reason === NamedContactChangeReason.OTHER && !input.note)
          fields.push({ field: 'input.note', message: 'is required when the reason is OTHER' });
        if (effectiveFrom > today) fields.push({ field: 'input.effectiveFrom', message: 'cannot be in the future' });
        else if (effectiveFrom < e.startDate) fields.push({ field: 'input.effectiveFrom', message: 'cannot be before the enrollment’s start date' });
        else {
          const last = await tx.repo(NamedContactChange).findOne({ where: { enrollmentId: e.id, role: input.role }, order: { effectiveFrom: 'DESC' } });
          if (last && effectiveFrom < last.effectiveFrom)
            fields.push({ field: 'input.effectiveFrom', message: `cannot be before the last change of the ${c.title} (${last.effectiveFrom})` });
        }
        if (fields.length) throw badInput(fields);
        await tx.repo(NamedContactChange).insert({
          enrollmentId: e.id,
          role: input.role,
          previousStaffId: c.current(e),
          newStaffId: input.staffId,
          reason: input.reason,
          note: input.note || null,
          effectiveFrom,
          changedByStaffId: actor.staffId,
          changedByOrganisationId: actor.organisationId,
        });
        if (input.role === NamedContactRole.CARE_CONTACT) e.namedNurseId = input.staffId;
        else e.namedPhysicianId = input.staffId;
        return tx.repo(Enrollment).save(e);
      },
    );
  }

  async recordHousing(actor: Actor, input: RecordHousingInput): Promise<PatientHousing> {
    return this.gate.patient(actor, input.patientId, { operation: 'recordHousing', details: { housing: input.housing } }, async ({ tx }) => {
      if (input.fromDate > this.clock.today()) throw badInput('input.fromDate', 'cannot be in the future');
      const repo = tx.repo(PatientHousing);
      return repo.save(
        repo.create({
          housing: input.housing,
          fromDate: input.fromDate,
          note: input.note || null,
          recordedByStaffId: actor.staffId,
          recordedByOrganisationId: actor.organisationId,
        }),
      );
    });
  }

  async recordFrailty(actor: Actor, input: RecordFrailtyAssessmentInput): Promise<FrailtyAssessment> {
    return this.gate.patient(actor, input.patientId, { operation: 'recordFrailtyAssessment' }, async ({ tx }) => {
      if (input.assessedOn > this.clock.today()) throw badInput('input.assessedOn', 'cannot be in the future');
      const repo = tx.repo(FrailtyAssessment);
      return repo.save(
        repo.create({
          score: input.score,
          assessedOn: input.assessedOn,
          note: input.note || null,
          assessedByStaffId: actor.staffId,
          recordedByOrganisationId: actor.organisationId,
        }),
      );
    });
  }

  /**
   * Recorded by either party of the enrollment; the participants must hold an assignment at the
   * municipality or the primary care centre, at least one at each (that is what makes it joint).
   */
  async recordJointHomeVisit(actor: Actor, input: RecordJointHomeVisitInput): Promise<JointHomeVisit> {
    return this.gate.record(actor, ENROLLMENT_RECORD, input.enrollmentId, { operation: 'recordJointHomeVisit' }, async ({ tx, record: e }) => {
      if (actor.organisationId !== e.municipalityId && actor.organisationId !== e.primaryCareId) {
        throw forbidden('Only the enrolling municipality or primary care centre records the joint home visit');
      }
      const fields: FieldError[] = [];
      if (input.visitedOn > this.clock.today()) fields.push({ field: 'input.visitedOn', message: 'cannot be in the future' });
      else if (input.visitedOn < e.startDate) fields.push({ field: 'input.visitedOn', message: 'cannot be before the enrollment’s start date' });
      else if (e.endDate && input.visitedOn > e.endDate) fields.push({ field: 'input.visitedOn', message: 'cannot be after the enrollment’s last day' });
      const staff = [...new Set(input.participantStaffIds)];
      const now = this.clock.now();
      let municipal = 0;
      let primary = 0;
      let strangers = 0;
      for (const id of staff) {
        const atMunicipality = await holdsRole(tx, now, id, e.municipalityId, null);
        const atCentre = await holdsRole(tx, now, id, e.primaryCareId, null);
        if (atMunicipality) municipal += 1;
        if (atCentre) primary += 1;
        if (!atMunicipality && !atCentre) strangers += 1;
      }
      if (strangers)
        fields.push({ field: 'input.participantStaffIds', message: 'must hold only staff of the enrolling municipality or the primary care centre' });
      else if (!municipal || !primary)
        fields.push({ field: 'input.participantStaffIds', message: 'must name at least one person of the municipality and one of the primary care centre' });
      if (fields.length) throw badInput(fields);
      const repo = tx.repo(JointHomeVisit);
      return repo.save(
        repo.create({
          enrollmentId: e.id,
          visitedOn: input.visitedOn,
          participantStaffIds: staff,
          recordedByStaffId: actor.staffId,
          recordedByOrganisationId: actor.organisationId,
        }),
      );
    });
  }
}
