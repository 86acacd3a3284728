import { recordKind } from '../access/record-kind';
import { CarePlan } from './care-plan.entity';
import { CarePlanFollowUp } from './care-plan-follow-up.entity';
import { CarePlanMeeting } from './care-plan-meeting.entity';
import { planAccess } from './care-plan-rules';

/** A SIP: its participants read and write it; others with a care relationship read it with consent and no block. */
export const CARE_PLAN_RECORD = recordKind<CarePlan>({
  entity: CarePlan,
  table: 'care_plan',
  label: 'Care plan',
  visible: (g, p) => planAccess(g, p).read,
  hiddenReason: (g, p) => (g.blockedOrganisationIds.includes(p.createdByOrganisationId) ? 'blocked' : 'no-consent'),
});

/** A SIP meeting: as visible as its SIP (the gate reads the plan and applies its rule; the scope's `parent`). */
export const CARE_PLAN_MEETING_RECORD = recordKind<CarePlanMeeting>({
  entity: CarePlanMeeting,
  table: 'care_plan_meeting',
  label: 'Meeting',
  parent: { kind: CARE_PLAN_RECORD as never, key: 'carePlanId' satisfies keyof CarePlanMeeting },
});

/** A SIP follow-up (uppföljning): as visible as its SIP (e.g. when a task is made from it). */
export const CARE_PLAN_FOLLOW_UP_RECORD = recordKind<CarePlanFollowUp>({
  entity: CarePlanFollowUp,
  table: 'care_plan_follow_up',
  label: 'Follow-up',
  parent: { kind: CARE_PLAN_RECORD as never, key: 'carePlanId' satisfies keyof CarePlanFollowUp },
});
