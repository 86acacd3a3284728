import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { UrgentCarePlanService } from './urgent-care-plan.service';
import { UrgentCarePlanInput, UrgentCarePlanType } from './urgent-care-plan.types';

/** The urgent read: a fixed, flat answer computed inside the gate's read-only scope; no field reaches further. */
@Resolver(() => UrgentCarePlanType)
export class UrgentCarePlanResolver {
  constructor(private readonly service: UrgentCarePlanService) {}

  @Query(() => UrgentCarePlanType, {
    description:
      'AMBULANCE and OUT_OF_HOURS units (nurse, physician): the urgent read of a patient by personnummer, with the reason stated. Answers only the active signed deterioration plan’s summary, its treatment limitations, the contact ladder for this hour and the fast vårdkontakt. Reads only; needs no care relationship and gives none; every attempt is logged flagged emergency, and every read is listed for your unit’s review (emergencyAccessesForReview, kind URGENT_READ). NOT_FOUND "Patient not found" alike for a person with no active signed plan, an unknown personnummer and a protected identity.',
  })
  urgentCarePlan(@CurrentActor() actor: Actor, @Args('input', { description: 'The personnummer and why you need the plan now.' }) input: UrgentCarePlanInput) {
    return this.service.read(actor, input);
  }
}
