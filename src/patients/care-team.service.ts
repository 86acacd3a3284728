import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan } from 'typeorm';
import { PatientGate } from '../access/patient-gate';
import { PatientTx } from '../access/patient-tx';
import { Role } from '../common/roles';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, conflict, forbidden, uniqueOrConflict } from '../common/errors';
import { Organisation } from '../organisations/organisation.entity';
import { isUnplannedCareKind, OrganisationKind } from '../common/organisation-kind';
import { CareTeamMember } from './care-team-member.entity';
import { EventBus } from '../events/event-bus';
import { InboxEventKind } from '../events/inbox-event';
import { AddCareTeamMemberInput, EndEnrollmentInput, EnrollPatientInput, RemoveCareTeamMemberInput } from './dto/enrollment.input';
import { Enrollment, EnrollmentStatus } from './enrollment.entity';
import { PatientRegistration, RegistrationPurpose } from './patient-registration.entity';
import { CARE_TEAM_MEMBER_RECORD, ENROLLMENT_RECORD } from './patients.records';

/** Why an ambulance service or an out-of-hours unit is never a member of a care team (nor a SIP participant). */
export const UNPLANNED_MEMBER =
  'is an ambulance service or an out-of-hours primary care unit: it arrives unplanned and has no standing care relationship (it reads the urgent care plan)';

/**
 * Home-healthcare enrollment and the care team: the sources of most care relationships. Each has
 * an author and an end: a municipality enrolls (and the enrollment ends), an organisation that
 * cares for the patient directly adds another to the care team (and one removes it). Nobody gives
 * itself a relationship: not on emergency access, not by taking part in a SIP, not by registering.
 */
@Injectable()
export class CareTeamService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  /**
   * Inskrivning. The municipality needs a care relationship of its own with the patient (not
   * emergency access), or its registration of the person for enrollment in the last 24 hours
   * (it stays valid for the 24 hours: an enrollment ended by mistake can be made again; the first
   * enrollment marks it used); anyone else is answered as for a patient that
   * does not exist. The enrollment then gives the municipality and the primary care centre their
   * relationship, which ends with it.
   */
  async enroll(actor: Actor, input: EnrollPatientInput): Promise<Enrollment> {
    // Only a municipality's staff get here: the policy declares the kind, the guard refuses others first.
    return this.gate.patient(actor, input.patientId, { operation: 'enrollPatient' }, async (scope) => {
      const { tx, grant } = scope;
      const now = this.clock.now();
      const registration =
        grant.relationships.length > 0
          ? null
          : await tx.repo(PatientRegistration).findOne({
              where: { organisationId: actor.organisationId, purpose: RegistrationPurpose.ENROLLMENT, expiresAt: MoreThan(now) },
              order: { registeredAt: 'DESC' },
              lock: { mode: 'pessimistic_write' },
            });
      if (grant.relationships.length === 0 && !registration) throw scope.absent('no-care-relationship-or-registration');
      const fields = [];
      const pc = await tx.reference(Organisation).findOneBy({ id: input.primaryCareCentreId });
      if (!pc || pc.kind !== OrganisationKind.PRIMARY_CARE)
        fields.push({ field: 'input.primaryCareCentreId', message: 'must be a primary care centre (vårdcentral)' });
      if (!(await holdsRole(tx, this.clock.now(), input.namedNurseId, actor.organisationId, [Role.NURSE]))) {
        fields.push({ field: 'input.namedNurseId', message: 'must be a nurse of your municipality (fast vårdkontakt)' });
      }
      if (pc && !(await holdsRole(tx, this.clock.now(), input.namedPhysicianId, pc.id, [Role.PHYSICIAN]))) {
        fields.push({ field: 'input.namedPhysicianId', message: 'must be a physician of the named primary care centre (fast läkarkontakt)' });
      }
      if (input.jointHomeVisitDate && input.jointHomeVisitDate < input.startDate) {
        fields.push({ field: 'input.jointHomeVisitDate', message: 'cannot be before the start date' });
      }
      if (fields.length) throw badInput(fields);
      const active = await tx.repo(Enrollment).findOneBy({ status: EnrollmentStatus.ACTIVE });
      if (active) throw conflict('The patient already has an active home-healthcare enrollment; end it first', { enrollmentId: active.id });
      const enrollment = await uniqueOrConflict(
        () =>
          tx.repo(Enrollment).save(
            tx.repo(Enrollment).create({
              municipalityId: actor.organisationId,
              primaryCareId: input.primaryCareCentreId,
              namedNurseId: input.namedNurseId,
              namedPhysicianId: input.namedPhysicianId,
              startDate: input.startDate,
              jointHomeVisitDate: input.jointHomeVisitDate ?? null,
              enrolledByStaffId: actor.staffId,
            }),
          ),
        'The patient already has an active home-healthcare enrollment; end it first',
      );
      if (registration && !registration.usedAt) await tx.repo(PatientRegistration).update(registration.id, { usedAt: now });
      return enrollment;
    });
  }

  async endEnrollment(actor: Actor, input: EndEnrollmentInput): Promise<Enrollment> {
    return this.gate.record(actor, ENROLLMENT_RECORD, input.enrollmentId, { operation: 'endEnrollment' }, async ({ tx, record: row }) => {
      if (row.municipalityId !== actor.organisationId && row.primaryCareId !== actor.organisationId) {
        throw forbidden('Only the enrolling municipality or primary care centre ends the enrollment');
      }
      if (row.status !== EnrollmentStatus.ACTIVE) throw conflict('The enrollment has already ended');
      if (input.endDate < row.startDate) throw badInput('input.endDate', 'cannot be before the start date');
      row.status = EnrollmentStatus.ENDED;
      row.endDate = input.endDate;
      row.endReason = input.reason;
      row.endedByStaffId = actor.staffId;
      return tx.repo(Enrollment).save(row);
    });
  }

  /**
   * An organisation that cares for the patient directly adds another one, with a reason; recorded
   * with who and why for the MAS's review. Never the actor's own organisation: a relationship is
   * given by someone else, so that it has an author who answers for it.
   */
  async addMember(actor: Actor, input: AddCareTeamMemberInput): Promise<CareTeamMember> {
    const member = await this.gate.patient(
      actor,
      input.patientId,
      { operation: 'addCareTeamMember', details: { organisationId: input.organisationId } },
      async ({ tx }) => {
        if (input.organisationId === actor.organisationId) {
          throw badInput(
            'input.organisationId',
            'cannot be your own organisation: an organisation joins the care team when another that cares for the patient adds it',
          );
        }
        const member = await tx.reference(Organisation).findOneBy({ id: input.organisationId });
        if (!member) throw badInput('input.organisationId', 'is not a known organisation');
        if (isUnplannedCareKind(member.kind)) throw badInput('input.organisationId', UNPLANNED_MEMBER);
        const existing = await tx.repo(CareTeamMember).findOneBy({ organisationId: input.organisationId, removedAt: IsNull() });
        if (existing) throw conflict('The organisation is already in the care team', { memberId: existing.id });
        return uniqueOrConflict(
          () =>
            tx.repo(CareTeamMember).save(
              tx.repo(CareTeamMember).create({
                organisationId: input.organisationId,
                reason: input.reason,
                addedByStaffId: actor.staffId,
                addedByOrganisationId: actor.organisationId,
              }),
            ),
          'The organisation is already in the care team',
        );
      },
    );
    await this.events.publish({
      kind: InboxEventKind.CARE_TEAM_CHANGED,
      patientId: member.patientId,
      entityId: member.id,
      organisationIds: [member.organisationId],
    });
    return member;
  }

  async removeMember(actor: Actor, input: RemoveCareTeamMemberInput): Promise<CareTeamMember> {
    return this.gate.record(actor, CARE_TEAM_MEMBER_RECORD, input.memberId, { operation: 'removeCareTeamMember' }, async ({ tx, record: row }) => {
      if (row.removedAt) throw conflict('The organisation is no longer in the care team');
      row.removedAt = this.clock.now();
      row.removedByStaffId = actor.staffId;
      row.removedByOrganisationId = actor.organisationId;
      row.removalReason = input.reason;
      return tx.repo(CareTeamMember).save(row);
    });
  }
}

/**
 * Whether the staff member holds one of `roles` in the organisation at `at` (an assignment in force):
 * the rule for an enrollment's named nurse and GP, at enrollment and when either is changed.
 * `roles` null: any role (e.g. who took part in a joint home visit).
 */
export async function holdsRole(tx: PatientTx, at: Date, staffId: string, organisationId: string, roles: Role[] | null): Promise<boolean> {
  const rows = await tx.referenceQuery(
    `SELECT 1 FROM assignment a WHERE a.staff_id = $1 AND a.organisation_id = $2 AND ($3::text[] IS NULL OR a.role::text = ANY($3))
       AND a.valid_from <= $4 AND (a.ended_at IS NULL OR a.ended_at > $4) LIMIT 1`,
    [staffId, organisationId, roles, at],
  );
  return rows.length > 0;
}
