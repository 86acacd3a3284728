import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { canSeeAuthor, canSeeIdentity, canSeeRecordedBy } from '../access/patient-grant';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';
import { Enrollment, EnrollmentStatus } from '../patients/enrollment.entity';
import { contactHoursAt } from './contact-hours';
import { DeteriorationPlan, DeteriorationPlanStatus } from './deterioration-plan.entity';
import { canSeePlan, hiddenReason, isDueForReview, ladderFor } from './plan-content';
import { UrgentCarePlanInput, UrgentCarePlanType } from './urgent-care-plan.types';

/**
 * The urgent read (issue 20, "whoever comes at 3 a.m."): an ambulance nurse or an out-of-hours
 * physician, with no care relationship, reads by personnummer and a stated reason what London's
 * Urgent Care Plan gives them: the active signed deterioration plan's summary, its treatment
 * limitations, the contact ladder for this hour and the fast vårdkontakt. Nothing else of the
 * patient: no name, no address, no SIP, no tasks, no notes.
 *
 * The gate (reach `urgent`) runs this in a read-only transaction and records the read for the
 * review after it; here are the capability's own rules, each refusing as absence, so that a person
 * with no active plan, a protected identity and an unknown personnummer answer alike:
 * - a protected identity (skyddad identitet) is not shown to anyone without a direct care
 *   relationship, which an ambulance or out-of-hours unit never has; the plan's contacts and the
 *   fast vårdkontakt would tell where the person is cared for;
 * - no active (signed) plan, or one recorded or signed by an organisation the patient has blocked
 *   (spärr) from others: as emergency access, the urgent read never opens a block.
 * The fast vårdkontakt is left out (null) when the enrolling municipality's information is blocked.
 */
@Injectable()
export class UrgentCarePlanService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  read(actor: Actor, input: UrgentCarePlanInput): Promise<UrgentCarePlanType> {
    return this.gate.personnummer(actor, input.personnummer, { operation: 'urgentCarePlan', statedReason: input.reason }, async (scope) => {
      const { tx, grant } = scope;
      if (!canSeeIdentity(grant)) throw scope.absent('protected-identity');
      const plan = await tx.repo(DeteriorationPlan).findOneBy({ status: DeteriorationPlanStatus.ACTIVE });
      if (!plan) throw scope.absent('no-active-plan');
      if (!canSeePlan(grant, plan) || !canSeeAuthor(grant, plan.signedByOrganisationId)) throw scope.absent(hiddenReason(grant, plan));
      const enrollment = await tx.repo(Enrollment).findOneBy({ status: EnrollmentStatus.ACTIVE });
      const contactShown = !!enrollment && canSeeRecordedBy(grant, enrollment.municipalityId);
      const staffIds = [plan.signedByStaffId!, ...(contactShown ? [enrollment.namedNurseId] : [])];
      const staff = new Map((await tx.reference(Staff).findBy({ id: In(staffIds) })).map((s) => [s.id, s]));
      const unit = await tx.reference(Organisation).findOneByOrFail({ id: plan.signedByOrganisationId! });
      const signer = staff.get(plan.signedByStaffId!)!;
      const nurse = contactShown ? staff.get(enrollment.namedNurseId) : undefined;
      const readAt = this.clock.now();
      const contactHours = contactHoursAt(readAt);
      return {
        readAt,
        plan: {
          conditions: plan.conditions,
          planVersion: plan.planVersion,
          signedAt: plan.signedAt!,
          signedBy: `${signer.name}, ${signer.professionTitle}`,
          signedByUnit: unit.name,
          reviewDate: plan.reviewDate!,
          dueForReview: isDueForReview(plan, this.clock.today()),
        },
        treatmentLimitations: plan.treatmentLimitations,
        contactHours,
        contactLadder: ladderFor(plan.contacts, contactHours),
        careContact: nurse ? { name: nurse.name, phone: nurse.phone } : null,
      };
    });
  }
}
