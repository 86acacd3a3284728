import { Injectable } from '@nestjs/common';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, FieldError, preconditionFailed, conflict } from '../common/errors';
import { CarePlan } from './care-plan.entity';
import { CarePlanItemKind, CarePlanStatus } from './care-plan.enums';
import { CarePlanExperienceAnswer, CarePlanFollowUp, CarePlanFollowUpOutcome } from './care-plan-follow-up.entity';
import { PatientGate } from '../access/patient-gate';
import { requireParticipant } from './care-plan-rules';
import { CARE_PLAN_RECORD } from './care-plans.records';
import { CarePlanVersion } from './care-plan-version.entity';
import { RecordCarePlanFollowUpInput } from './dto/care-plan-meeting.input';

/**
 * Follow-up (uppföljning) of the version in force: outcomes per goal and action, the patient's own
 * experience as short scored answers (one row each, for the joint follow-up to aggregate), and
 * the next follow-up date, which becomes the date in force. Not an edit of the draft: it takes no
 * expectedVersion and does not disturb anyone editing a revision.
 */
@Injectable()
export class CarePlanFollowUpService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor, input: RecordCarePlanFollowUpInput): Promise<CarePlanFollowUp> {
    const today = this.clock.today();
    const fields: FieldError[] = [];
    if (input.followUpDate > today) fields.push({ field: 'input.followUpDate', message: 'cannot be in the future' });
    if (input.nextFollowUpDate <= today) fields.push({ field: 'input.nextFollowUpDate', message: 'must be after today' });
    const questions = new Set<string>();
    input.experience.forEach((a, i) => {
      if (questions.has(a.question)) fields.push({ field: `input.experience.${i}.question`, message: 'is answered twice' });
      questions.add(a.question);
    });
    if (fields.length) throw badInput(fields);
    return this.gate.record(actor, CARE_PLAN_RECORD, input.carePlanId, { operation: 'recordCarePlanFollowUp' }, async (scope) => {
      requireParticipant(scope);
      const { tx, record: plan } = scope;
      if (plan.status === CarePlanStatus.CLOSED) throw conflict('The SIP is closed');
      if (plan.status !== CarePlanStatus.ACTIVE) throw preconditionFailed('Only an active (published) SIP is followed up');
      const version = await tx.repo(CarePlanVersion).findOneByOrFail({ carePlanId: plan.id, number: plan.publishedVersionNumber! });
      const kinds = new Map<string, CarePlanItemKind>([
        ...version.snapshot.goals.map((g) => [g.id, CarePlanItemKind.GOAL] as const),
        ...version.snapshot.actions.map((a) => [a.id, CarePlanItemKind.ACTION] as const),
      ]);
      const seen = new Set<string>();
      input.outcomes.forEach((o, i) => {
        if (!kinds.has(o.itemId)) fields.push({ field: `input.outcomes.${i}.itemId`, message: 'is not a goal or action of the version in force' });
        else if (seen.has(o.itemId)) fields.push({ field: `input.outcomes.${i}.itemId`, message: 'appears twice' });
        seen.add(o.itemId);
      });
      if (fields.length) throw badInput(fields);
      const followUp = await tx.repo(CarePlanFollowUp).save(
        tx.repo(CarePlanFollowUp).create({
          carePlanId: plan.id,
          versionNumber: version.number,
          followUpDate: input.followUpDate,
          dueDate: plan.followUpDue,
          nextFollowUpDate: input.nextFollowUpDate,
          summary: input.summary ?? null,
          recordedByStaffId: actor.staffId,
          recordedByOrganisationId: actor.organisationId,
          recordedAt: this.clock.now(),
        }),
      );
      if (input.outcomes.length) {
        await tx.children(CarePlanFollowUpOutcome, 'followUpId', followUp.id).insert(
          input.outcomes.map((o) => ({
            followUpId: followUp.id,
            itemKind: kinds.get(o.itemId)!,
            itemId: o.itemId,
            outcome: o.outcome,
            comment: o.comment ?? null,
          })),
        );
      }
      if (input.experience.length) {
        await tx.children(CarePlanExperienceAnswer, 'followUpId', followUp.id).insert(
          input.experience.map((a) => ({
            followUpId: followUp.id,
            carePlanId: plan.id,
            question: a.question,
            score: a.score,
            answeredOn: input.followUpDate,
          })),
        );
      }
      await tx.repo(CarePlan).update(plan.id, { followUpDue: input.nextFollowUpDate });
      return followUp;
    });
  }
}
