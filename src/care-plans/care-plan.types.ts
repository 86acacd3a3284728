import { Type } from '@nestjs/common';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/scalars';
import { CarePlan } from './care-plan.entity';
import { CarePlanActionKind, CarePlanActionStatus, CarePlanCloseReason, CarePlanParticipantKind, CarePlanStatus, PlanType } from './care-plan.enums';
import { ItemChange, ItemDiff } from './care-plan-diff';
import { CarePlanSnapshot } from './care-plan-snapshot';
import { PlanAccess } from './care-plan-rules';
import { CarePlanVersion } from './care-plan-version.entity';

@ObjectType('CarePlanGoal', { description: 'A goal of the SIP in the patient’s own words (mål, med egna ord). The id stays the same across versions.' })
export class CarePlanGoalType {
  @Field(() => ID, {
    description:
      'The goal’s id; the same in every version and in the draft, so a goal can be followed across versions (and kept by passing it back in updateCarePlanDraft).',
  })
  id: string;
  @Field({ description: 'The goal in the patient’s own words (mål med egna ord), e.g. "Jag vill orka gå till brevlådan själv".' })
  text: string;
}

@ObjectType('CarePlanNeed', { description: 'A need (behov) the SIP addresses.' })
export class CarePlanNeedType {
  @Field(() => ID, { description: 'The need’s id; the same in every version and in the draft (pass it back in updateCarePlanDraft to keep the need).' })
  id: string;
  @Field({ description: 'The need (behov) in words, e.g. "Stöd med läkemedel morgon och kväll".' })
  text: string;
}

@ObjectType('CarePlanAction', {
  description: 'An action (insats): what is done, of which kind, which organisation and who is responsible, from when, and its state.',
})
export class CarePlanActionType {
  @Field(() => ID, {
    description:
      'The action’s id; the same in every version and in the draft (pass it back in updateCarePlanDraft to keep the action, and in a follow-up outcome).',
  })
  id: string;
  @Field({ description: 'What is done (the insats), in words.' })
  description: string;
  @Field(() => CarePlanActionKind, {
    description: 'Which kind of action: health care, social services, rehabilitation, next of kin, what the patient does themself (egenvård) or other.',
  })
  kind: CarePlanActionKind;
  @Field(() => ID, { nullable: true, description: 'Id of the responsible organisation, for sending the action back in an update.' })
  responsibleOrganisationId: string | null;
  @Field(() => ID, { nullable: true, description: 'Id of the responsible staff member, for sending the action back in an update.' })
  responsibleStaffId: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Who does it, for actions by next of kin or others; null under protected identity without a direct care relationship.',
  })
  performedBy: string | null;
  @Field(() => LocalDateScalar, { description: 'From when the action applies (YYYY-MM-DD).' })
  startDate: string;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Until when it applies (YYYY-MM-DD, inclusive); null when open-ended (until further notice).' })
  endDate: string | null;
  @Field(() => CarePlanActionStatus, { description: 'Whether it is planned, ongoing, done or cancelled.' })
  status: CarePlanActionStatus;
}

@ObjectType('CarePlanParticipant', {
  description: 'A participant of the SIP: an organisation, a named staff member, the patient or a next of kin, and whether they attended the SIP meeting.',
})
export class CarePlanParticipantType {
  @Field(() => ID, {
    description: 'The participant’s id; the same in every version and in the draft (pass it back in updateCarePlanDraft to keep the participant).',
  })
  id: string;
  @Field(() => CarePlanParticipantKind, {
    description: 'Organisation, named staff member, the patient, or a next of kin; says which of the other fields are set.',
  })
  kind: CarePlanParticipantKind;
  @Field(() => ID, { nullable: true, description: 'Id of the organisation, for sending the participant back in an update.' })
  organisationId: string | null;
  @Field(() => ID, { nullable: true, description: 'Id of the staff member, for sending the participant back in an update.' })
  staffId: string | null;
  @Field(() => String, { nullable: true, description: 'NEXT_OF_KIN: the name; null under protected identity without a direct care relationship.' })
  name: string | null;
  @Field(() => String, { nullable: true, description: 'NEXT_OF_KIN: relation to the patient.' })
  relation: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Attended the SIP meeting that agreed the plan; null when not recorded.' })
  attended: boolean | null;
}

@ObjectType('CarePlanCallContact', { description: 'Whom the patient calls (vem ringer jag): a name or role, and a phone number.' })
export class CarePlanCallContactType {
  @Field({ description: 'A name or a role, e.g. "Hemsjukvården, sjuksköterska".' })
  name: string;
  @Field({ description: 'The phone number to call.' })
  phone: string;
}

/** What a CarePlanContent is made from: the open draft (rows, via loaders) or a published snapshot. */
export class CarePlanContentView {
  constructor(
    readonly identityVisible: boolean,
    readonly snapshot: CarePlanSnapshot | null,
    readonly draftOf: CarePlan | null,
  ) {}
}

@ObjectType('CarePlanContent', {
  description:
    'What a SIP says: reason, goals, needs, actions, participants, overall responsibility, coordinator and next follow-up. Either the open draft or a published version.',
})
export class CarePlanContentType {
  @Field({ description: 'Why the SIP is needed.' })
  reason: string;
  @Field(() => LocalDateScalar, { nullable: true, description: 'When the plan is to be followed up.' })
  nextFollowUpDate: string | null;
}

@ObjectType('CarePlanVersion', { description: 'A published version of a SIP: an immutable snapshot with who published it and when.' })
export class CarePlanVersionType {
  @Field(() => ID, { description: 'This published version’s own id.' })
  id: string;
  @Field(() => ID, { description: 'The SIP this is a version of (`CarePlan.id`).' })
  carePlanId: string;
  @Field(() => Int, { description: '1, 2, 3… in publishing order.' })
  number: number;
  @Field({ description: 'When it was published: from then until the next version’s publishedAt (or the plan’s closing) it was the plan in force.' })
  publishedAt: Date;
  publishedByStaffId: string;
  publishedByOrganisationId: string;
  snapshot: CarePlanSnapshot;
  identityVisible: boolean;
}

export function toVersionType(v: CarePlanVersion, identityVisible: boolean): CarePlanVersionType {
  return Object.assign(new CarePlanVersionType(), {
    id: v.id,
    carePlanId: v.carePlanId,
    number: v.number,
    publishedAt: v.publishedAt,
    publishedByStaffId: v.publishedByStaffId,
    publishedByOrganisationId: v.publishedByOrganisationId,
    snapshot: v.snapshot,
    identityVisible,
  });
}

@ObjectType('CarePlan', {
  description:
    'A coordinated individual plan (SIP, samordnad individuell plan) for one patient, made with the patient by the region and the municipality together.',
})
export class CarePlanType {
  @Field(() => ID, { description: 'The SIP’s id; stays the same through drafts, versions and revisions.' })
  id: string;
  @Field(() => ID, { description: 'The patient the plan is for (`Patient.id`).' })
  patientId: string;
  @Field(() => CarePlanStatus, {
    description:
      'DRAFT (never published), ACTIVE (a version is in force, perhaps with a revision drafted), CLOSED, or SUPERSEDED (a patient agreement replaced by a SIP).',
  })
  status: CarePlanStatus;
  @Field(() => PlanType, { description: 'SIP or patient agreement (patientkontrakt); chosen when the plan was started.' })
  planType: PlanType;
  @Field(() => ID, {
    nullable: true,
    description:
      'A SIP drafted to replace a patient agreement: the agreement (`CarePlan.id`), superseded when this SIP is first published; its versions stay readable.',
  })
  supersedesCarePlanId: string | null;
  @Field(() => ID, { nullable: true, description: 'A SUPERSEDED patient agreement: the SIP that replaced it (`CarePlan.id`).' })
  supersededByCarePlanId: string | null;
  @Field(() => Int, { description: 'Changes with every edit; pass as expectedVersion when changing the plan.' })
  version: number;
  @Field({ description: 'An editable draft exists (always for DRAFT; during a revision for ACTIVE).' })
  hasOpenDraft: boolean;
  @Field(() => Int, { nullable: true, description: 'Number of the published version in force; null until first published.' })
  publishedVersionNumber: number | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'The follow-up date in force (from the published version, moved on by follow-ups).' })
  nextFollowUpDate: string | null;
  @Field({ description: 'Your organisation takes part in the plan (and so may change it).' })
  myOrganisationParticipates: boolean;
  @Field({ description: 'When the SIP was started (createCarePlan, or a SIP invitation at discharge).' })
  createdAt: Date;
  @Field({ description: 'When the plan last changed: a draft edit, publishing, a revision, a follow-up that set the next date, or closing.' })
  updatedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the plan was closed, or superseded by a SIP; null while open.' })
  closedAt: Date | null;
  @Field(() => CarePlanCloseReason, { nullable: true, description: 'Why it was closed; null unless CLOSED.' })
  closeReason: CarePlanCloseReason | null;
  @Field(() => String, {
    nullable: true,
    description: 'More about the reason for closing, as written by whoever closed it (required for OTHER); null when none was given.',
  })
  closeNote: string | null;
  entity: CarePlan;
  access: PlanAccess;
}

export function toPlanType(p: CarePlan, access: PlanAccess): CarePlanType {
  return Object.assign(new CarePlanType(), {
    id: p.id,
    patientId: p.patientId,
    status: p.status,
    planType: p.planType,
    supersedesCarePlanId: p.supersedesCarePlanId,
    supersededByCarePlanId: p.supersededByCarePlanId,
    version: p.version,
    hasOpenDraft: p.draftOpen,
    publishedVersionNumber: p.publishedVersionNumber,
    nextFollowUpDate: p.followUpDue,
    myOrganisationParticipates: access.participant,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    closedAt: p.closedAt,
    closeReason: p.closeReason,
    closeNote: p.closeNote,
    entity: p,
    access,
  });
}

function DiffTypes<T>(item: Type<T>, name: string, what: string): Type<ItemDiff<T>> {
  @ObjectType(`CarePlan${name}Change`, { description: `A ${what} present in both versions whose content changed.` })
  class Change implements ItemChange<T> {
    @Field(() => item, { description: `The ${what} as the older version had it.` })
    before: T;
    @Field(() => item, { description: `The ${what} as the newer version (or the open draft) has it.` })
    after: T;
    @Field(() => [String], { description: 'The fields that differ.' })
    changedFields: string[];
  }
  @ObjectType(`CarePlan${name}Diff`, { description: `${what[0].toUpperCase()}${what.slice(1)}s added, changed and removed between two versions.` })
  class Diff implements ItemDiff<T> {
    @Field(() => [item], { description: `${what[0].toUpperCase()}${what.slice(1)}s in the newer version only (matched by id).` })
    added: T[];
    @Field(() => [Change], { description: `${what[0].toUpperCase()}${what.slice(1)}s in both versions whose content differs, before and after.` })
    changed: Change[];
    @Field(() => [item], { description: `${what[0].toUpperCase()}${what.slice(1)}s in the older version only (matched by id).` })
    removed: T[];
  }
  return Diff;
}

const GoalDiff = DiffTypes(CarePlanGoalType, 'Goal', 'goal');
const NeedDiff = DiffTypes(CarePlanNeedType, 'Need', 'need');
const ActionDiff = DiffTypes(CarePlanActionType, 'Action', 'action');
const ParticipantDiff = DiffTypes(CarePlanParticipantType, 'Participant', 'participant');

@ObjectType('CarePlanDiff', { description: 'What changed between two versions of a SIP (or a version and the open draft). Items are matched by id.' })
export class CarePlanDiffType {
  @Field(() => Int, { nullable: true, description: 'The older version; null for an empty plan.' })
  fromVersion: number | null;
  @Field(() => Int, { nullable: true, description: 'The newer version; null for the open draft.' })
  toVersion: number | null;
  @Field(() => [String], {
    description:
      'Plan-level fields that changed: reason, overallResponsibleOrganisationId, coordinatorStaffId, nextFollowUpDate, agreementText, careContactStaffId, agreedTime, daytimeContactName, daytimeContactPhone, outOfHoursContactName, outOfHoursContactPhone.',
  })
  changedFields: string[];
  @Field(() => GoalDiff, { description: 'Goals (mål) added, changed and removed.' })
  goals: ItemDiff<CarePlanGoalType>;
  @Field(() => NeedDiff, { description: 'Needs (behov) added, changed and removed.' })
  needs: ItemDiff<CarePlanNeedType>;
  @Field(() => ActionDiff, { description: 'Actions (insatser) added, changed and removed.' })
  actions: ItemDiff<CarePlanActionType>;
  @Field(() => ParticipantDiff, { description: 'Participants added, changed (e.g. attendance) and removed.' })
  participants: ItemDiff<CarePlanParticipantType>;
}
