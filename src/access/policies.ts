import { carePlansPolicy } from '../care-plans/care-plans.policy';
import { deteriorationPlansPolicy } from '../deterioration-plans/deterioration-plans.policy';
import { dischargesPolicy } from '../discharges/discharges.policy';
import { organisationsPolicy } from '../organisations/organisations.policy';
import { patientsPolicy } from '../patients/patients.policy';
import { roundsPolicy } from '../rounds/rounds.policy';
import { tasksPolicy } from '../tasks/tasks.policy';
import { eventsPolicy } from '../events/events.policy';
import { followUpPolicy } from '../follow-up/follow-up.policy';
import { CapabilityPolicy, OperationRule } from './policy';

/** Every capability's declared rules. The guard enforces these; docs/ACCESS.md is generated from them. */
export const POLICIES: CapabilityPolicy[] = [organisationsPolicy, patientsPolicy, eventsPolicy, carePlansPolicy, deteriorationPlansPolicy, dischargesPolicy, roundsPolicy, tasksPolicy, followUpPolicy];

export const OPERATION_RULES: ReadonlyMap<string, OperationRule> = new Map(
  POLICIES.flatMap((p) => Object.entries(p.operations)),
);
