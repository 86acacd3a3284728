import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { badInput, FieldError, preconditionFailed } from '../common/errors';
import { CarePlan } from './care-plan.entity';
import { CarePlanItemKind, CarePlanStatus } from './care-plan.enums';
import { CarePlanExperienceAnswer, CarePlanFollowUp, CarePlanFollowUpOutcome } from './care-plan-follow-up.entity';
import { CarePlanGate } from './care-plan-gate';
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
    private readonly gate: CarePlanGate,
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
    const op = { operation: 'recordCarePlanFollowUp', details: { carePlanId: input.carePlanId } };
    return this.gate.plan(actor, { table: 'care_plan', id: input.carePlanId }, op, 'write', async ({ manager, plan }) => {
      if (plan.status !== CarePlanStatus.ACTIVE) throw preconditionFailed('Only an active (published) SIP is followed up');
      const version = await manager.getRepository(CarePlanVersion).findOneByOrFail({ carePlanId: plan.id, number: plan.publishedVersionNumber! });
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
      const followUp = await manager.getRepository(CarePlanFollowUp).save(
        manager.getRepository(CarePlanFollowUp).create({
          carePlanId: plan.id,
          patientId: plan.patientId,
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
        await manager.getRepository(CarePlanFollowUpOutcome).insert(
          input.outcomes.map((o) => ({ followUpId: followUp.id, itemKind: kinds.get(o.itemId)!, itemId: o.itemId, outcome: o.outcome, comment: o.comment ?? null })),
        );
      }
      if (input.experience.length) {
        await manager.getRepository(CarePlanExperienceAnswer).insert(
          input.experience.map((a) => ({ followUpId: followUp.id, carePlanId: plan.id, question: a.question, score: a.score, answeredOn: input.followUpDate })),
        );
      }
      await manager.getRepository(CarePlan).update(plan.id, { followUpDue: input.nextFollowUpDate });
      return followUp;
    });
  }
}
