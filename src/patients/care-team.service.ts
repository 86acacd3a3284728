import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { PatientAccessService } from '../access/patient-access.service';
import { Role } from '../access/roles';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { badInput, conflict, forbidden, notFound, preconditionFailed, uniqueOrConflict } from '../common/errors';
import { Organisation, OrganisationKind } from '../organisations/organisation.entity';
import { CareTeamMember } from './care-team-member.entity';
import { EventBus } from '../events/event-bus';
import { InboxEventKind } from '../events/inbox-event';
import { AddCareTeamMemberInput, EndEnrollmentInput, EnrollPatientInput, RemoveCareTeamMemberInput } from './dto/enrollment.input';
import { Enrollment, EnrollmentStatus } from './enrollment.entity';

/** Home-healthcare enrollment and the care team: the sources of most care relationships. */
@Injectable()
export class CareTeamService {
  constructor(
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async enroll(actor: Actor, input: EnrollPatientInput): Promise<Enrollment> {
    return this.access.withPatient(actor, input.patientId, { operation: 'enrollPatient' }, async ({ manager }) => {
      if (actor.organisationKind !== OrganisationKind.MUNICIPALITY) {
        throw forbidden('Only a municipality’s home healthcare unit enrolls patients in home healthcare');
      }
      const fields = [];
      const pc = await manager.getRepository(Organisation).findOneBy({ id: input.primaryCareCentreId });
      if (!pc || pc.kind !== OrganisationKind.PRIMARY_CARE) fields.push({ field: 'input.primaryCareCentreId', message: 'must be a primary care centre (vårdcentral)' });
      if (!(await this.holdsRole(manager, input.namedNurseId, actor.organisationId, [Role.NURSE]))) {
        fields.push({ field: 'input.namedNurseId', message: 'must be a nurse of your municipality (fast vårdkontakt)' });
      }
      if (pc && !(await this.holdsRole(manager, input.namedPhysicianId, pc.id, [Role.PHYSICIAN]))) {
        fields.push({ field: 'input.namedPhysicianId', message: 'must be a physician of the named primary care centre (fast läkarkontakt)' });
      }
      if (input.jointHomeVisitDate && input.jointHomeVisitDate < input.startDate) {
        fields.push({ field: 'input.jointHomeVisitDate', message: 'cannot be before the start date' });
      }
      if (fields.length) throw badInput(fields);
      const active = await manager.getRepository(Enrollment).findOneBy({ patientId: input.patientId, status: EnrollmentStatus.ACTIVE });
      if (active) throw conflict('The patient already has an active home-healthcare enrollment; end it first', { enrollmentId: active.id });
      return uniqueOrConflict(
        () =>
          manager.getRepository(Enrollment).save(
            manager.getRepository(Enrollment).create({
              patientId: input.patientId,
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
    });
  }

  async endEnrollment(actor: Actor, input: EndEnrollmentInput): Promise<Enrollment> {
    const e = await this.findEnrollment(input.enrollmentId);
    return this.access.withPatient(actor, e.patientId, { operation: 'endEnrollment' }, async ({ manager }) => {
      const row = await manager.getRepository(Enrollment).findOne({ where: { id: e.id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('Enrollment');
      if (row.municipalityId !== actor.organisationId && row.primaryCareId !== actor.organisationId) {
        throw forbidden('Only the enrolling municipality or primary care centre ends the enrollment');
      }
      if (row.status !== EnrollmentStatus.ACTIVE) throw preconditionFailed('The enrollment has already ended');
      if (input.endDate < row.startDate) throw badInput('input.endDate', 'cannot be before the start date');
      row.status = EnrollmentStatus.ENDED;
      row.endDate = input.endDate;
      row.endReason = input.reason;
      row.endedByStaffId = actor.staffId;
      return manager.getRepository(Enrollment).save(row);
    });
  }

  async addMember(actor: Actor, input: AddCareTeamMemberInput): Promise<CareTeamMember> {
    const member = await this.access.withPatient(actor, input.patientId, { operation: 'addCareTeamMember', details: { organisationId: input.organisationId } }, async ({ manager }) => {
      if (!(await manager.getRepository(Organisation).existsBy({ id: input.organisationId }))) throw badInput('input.organisationId', 'is not a known organisation');
      const existing = await manager.getRepository(CareTeamMember).findOneBy({ patientId: input.patientId, organisationId: input.organisationId, removedAt: IsNull() });
      if (existing) throw conflict('The organisation is already in the care team', { memberId: existing.id });
      return uniqueOrConflict(
        () =>
          manager.getRepository(CareTeamMember).save(
            manager.getRepository(CareTeamMember).create({
              patientId: input.patientId,
              organisationId: input.organisationId,
              reason: input.reason,
              addedByStaffId: actor.staffId,
              addedByOrganisationId: actor.organisationId,
            }),
          ),
        'The organisation is already in the care team',
      );
    });
    await this.events.publish({ kind: InboxEventKind.CARE_TEAM_CHANGED, patientId: member.patientId, entityId: member.id, organisationIds: [member.organisationId] });
    return member;
  }

  async removeMember(actor: Actor, input: RemoveCareTeamMemberInput): Promise<CareTeamMember> {
    const member = await this.access.lookupPatientOf('care_team_member', input.memberId);
    if (!member) throw notFound('Care team member');
    return this.access.withPatient(actor, member, { operation: 'removeCareTeamMember' }, async ({ manager }) => {
      const row = await manager.getRepository(CareTeamMember).findOne({ where: { id: input.memberId }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.removedAt) throw preconditionFailed('The organisation is no longer in the care team');
      row.removedAt = this.clock.now();
      row.removedByStaffId = actor.staffId;
      row.removalReason = input.reason;
      return manager.getRepository(CareTeamMember).save(row);
    });
  }

  private async findEnrollment(id: string): Promise<Enrollment> {
    const patientId = await this.access.lookupPatientOf('home_healthcare_enrollment', id);
    if (!patientId) throw notFound('Enrollment');
    return { id, patientId } as Enrollment;
  }

  private async holdsRole(m: EntityManager, staffId: string, organisationId: string, roles: Role[]): Promise<boolean> {
    const rows = await m.query(
      `SELECT 1 FROM assignment a WHERE a.staff_id = $1 AND a.organisation_id = $2 AND a.role::text = ANY($3)
         AND a.valid_from <= $4 AND (a.ended_at IS NULL OR a.ended_at > $4) LIMIT 1`,
      [staffId, organisationId, roles, this.clock.now()],
    );
    return rows.length > 0;
  }
}
