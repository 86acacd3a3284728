import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsInt, IsOptional, Min, ValidateNested } from 'class-validator';
import { Role } from '../../common/roles';
import { PageArgs } from '../../common/pagination';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, Text, DateWithin, WITHIN } from '../../common/validators';
import { TaskPlanKind, TaskSourceKind, TaskStatus, TO_DO_STATUSES } from '../task.entity';

@InputType({
  description: 'Who is to do a task: a named staff member (staffId) in an organisation, or a role in an organisation. Give exactly one of staffId and role.',
})
export class TaskAssigneeInput {
  @Field(() => ID, { description: 'The organisation the task is given to. It must have a care relationship with the patient.' })
  @IsId()
  organisationId: string;

  @Field(() => ID, { nullable: true, description: 'A named staff member holding an assignment in that organisation.' })
  @IsOptional()
  @IsId()
  staffId?: string | null;

  @Field(() => Role, { nullable: true, description: 'A role in that organisation: anyone acting in it may do the task.' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role | null;
}

@InputType({ description: 'A task to create, e.g. from a decision at a round. The patient is the one the decision is about.' })
export class NewTaskInput {
  @Field({ description: 'What is to be done, e.g. "Uppdatera SIP: insats 3 (nattillsyn)".' })
  @Text(300)
  title: string;

  @Field(() => String, { nullable: true, description: 'More detail about what is to be done (at most 2000 characters); null or left out for none.' })
  @IsOptional()
  @Text(2000)
  description?: string | null;

  @Field(() => TaskAssigneeInput, {
    description: 'Who is to do it: a named staff member or a role, in an organisation with a care relationship with the patient.',
  })
  @ValidateNested()
  @Type(() => TaskAssigneeInput)
  assignee: TaskAssigneeInput;

  @Field(() => LocalDateScalar, { description: 'Due date; today or later.' })
  @IsLocalDate()
  @DateWithin(WITHIN.scheduled)
  dueDate: string;

  @Field(() => ID, { nullable: true, description: 'The SIP the task concerns: an open SIP of the same patient that you may read.' })
  @IsOptional()
  @IsId()
  carePlanId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The SIP action (insats) the task concerns: an action of that SIP as it stands now; needs carePlanId. While a task refers to it, the action cannot be removed from the SIP (end it with a status instead).',
  })
  @IsOptional()
  @IsId()
  carePlanActionId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The deterioration action plan the task concerns: the active version or the open draft of the same patient’s plan, one you may see.',
  })
  @IsOptional()
  @IsId()
  deteriorationPlanId?: string | null;
}

@InputType({
  description:
    'The new plan version that fulfilled a task: a version of a plan of the same patient (not necessarily the one the task links to) that you may read. BAD_USER_INPUT naming `input.fulfilledBy.planId` or `.version` otherwise.',
})
export class PlanVersionInput {
  @Field(() => TaskPlanKind, { description: 'Which kind of plan: a SIP (CARE_PLAN) or a deterioration action plan (DETERIORATION_PLAN).' })
  @IsEnum(TaskPlanKind)
  kind: TaskPlanKind;

  @Field(() => ID, { description: 'CARE_PLAN: the SIP. DETERIORATION_PLAN: the signed version itself (each version of a deterioration plan has its own id).' })
  @IsId()
  planId: string;

  @Field(() => Int, {
    nullable: true,
    description: 'CARE_PLAN: a published version number (default: the version in force). DETERIORATION_PLAN: its planVersion (default: filled in).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;
}

@InputType({ description: 'Complete a task with what was done.' })
export class CompleteTaskInput {
  @Field(() => ID, { description: 'The open task to complete (`Task.id`); it must be assigned to you (by name, or to your organisation and role).' })
  @IsId()
  taskId: string;

  @Field({ description: 'What was done, e.g. "SIP uppdaterad, ny version publicerad".' })
  @Text(2000)
  outcome: string;

  @Field(() => PlanVersionInput, { nullable: true, description: 'The new SIP or deterioration-plan version that fulfilled the task, if one did.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlanVersionInput)
  fulfilledBy?: PlanVersionInput | null;
}

@InputType({ description: 'Cancel a task with a reason.' })
export class CancelTaskInput {
  @Field(() => ID, { description: 'The open task to cancel (`Task.id`); you must be its assignee or act for the organisation that made it.' })
  @IsId()
  taskId: string;

  @Field({ description: 'Why it is not to be done (at most 500 characters).' })
  @Text(500)
  reason: string;
}

@ArgsType()
export class TasksArgs extends PageArgs {
  @Field(() => [TaskStatus], {
    defaultValue: [...TO_DO_STATUSES],
    description: 'Which tasks, by status (one or several, e.g. `status: COMPLETED`); by default the ones still to do: OPEN and ACCEPTED.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsEnum(TaskStatus, { each: true })
  status: TaskStatus[] = [...TO_DO_STATUSES];
}

@InputType({ description: 'The record a task is made from: a handover, a SIP follow-up or a SIP meeting of the same patient that you may see.' })
export class TaskSourceInput {
  @Field(() => TaskSourceKind, { description: 'Which kind of record.' })
  @IsEnum(TaskSourceKind)
  kind: TaskSourceKind;

  @Field(() => ID, { description: 'The record’s id (`Handover.id`, the follow-up’s or the meeting’s id).' })
  @IsId()
  id: string;
}

@InputType({
  description:
    'A task made on its own, or from a handover, a SIP follow-up or a SIP meeting: about one patient, given to a named staff member or to an organisation and role with a care relationship with the patient.',
})
export class CreateTaskInput extends NewTaskInput {
  @Field(() => ID, { description: 'The patient the task is about.' })
  @IsId()
  patientId: string;

  @Field(() => TaskSourceInput, {
    nullable: true,
    description: 'The record the task is made from; left out for a task on its own. A record of another patient, or one you may not see, is NOT_FOUND.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskSourceInput)
  source?: TaskSourceInput | null;
}

@InputType({ description: 'Accept a task assigned to you.' })
export class AcceptTaskInput {
  @Field(() => ID, { description: 'The open task (`Task.id`), assigned to you by name or to your organisation and role.' })
  @IsId()
  taskId: string;
}

@InputType({ description: 'Decline a task assigned to you, with a reason; the organisation that made it may then reassign or cancel it.' })
export class DeclineTaskInput {
  @Field(() => ID, { description: 'The open or accepted task (`Task.id`), assigned to you by name or to your organisation and role.' })
  @IsId()
  taskId: string;

  @Field({ description: 'Why you do not take it (at most 500 characters), e.g. "Ingen rehabpersonal tillgänglig denna vecka".' })
  @Text(500)
  reason: string;
}

@InputType({ description: 'Give a task to another person, or organisation and role; the assignment history keeps the earlier assignees.' })
export class ReassignTaskInput {
  @Field(() => ID, {
    description: 'The task (`Task.id`): open or accepted and assigned to you, or declined and made by your organisation.',
  })
  @IsId()
  taskId: string;

  @Field(() => TaskAssigneeInput, {
    description: 'The new assignee: a named staff member or a role, in an organisation with a care relationship with the patient.',
  })
  @ValidateNested()
  @Type(() => TaskAssigneeInput)
  assignee: TaskAssigneeInput;

  @Field(() => String, { nullable: true, description: 'Why (at most 500 characters); optional.' })
  @IsOptional()
  @Text(500)
  reason?: string | null;
}
