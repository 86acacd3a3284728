import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsId, Text, Trim } from '../../common/validators';
import { NewTaskInput } from '../../tasks/dto/task.input';

@InputType({
  description:
    'Put a patient on a round’s agenda: accepting a suggestion, or by hand. The organiser and at least one participating organisation must have a care relationship with the patient.',
})
export class AddAgendaItemInput {
  @Field(() => ID, { description: 'The round (`Round.id`), not yet completed or cancelled.' })
  @IsId()
  roundId: string;

  @Field(() => ID, { description: 'The patient to put on the agenda (`Patient.id`).' })
  @IsId()
  patientId: string;
}

@InputType({ description: 'Replace the notes of an agenda item. CONFLICT when someone saved a newer version since you read it.' })
export class UpdateAgendaNotesInput {
  @Field(() => ID, { description: 'The agenda item (`AgendaItem.id`).' })
  @IsId()
  itemId: string;

  @Field({ description: 'The whole notes text; empty clears them.' })
  @Trim()
  @IsString()
  @MaxLength(10000, { message: 'must be at most 10000 characters' })
  notes: string;

  @Field(() => Int, { description: 'The notesVersion you read.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@InputType({ description: 'Record a decision about the patient of an agenda item, optionally creating a task.' })
export class RecordDecisionInput {
  @Field(() => ID, { description: 'The agenda item (`AgendaItem.id`) of the patient the decision is about; the round must be in progress.' })
  @IsId()
  itemId: string;

  @Field({ description: 'What was decided, e.g. "SIP ska uppdateras med nattillsyn".' })
  @Text(2000)
  text: string;

  @Field(() => NewTaskInput, { nullable: true, description: 'A task the decision creates, about the same patient.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NewTaskInput)
  task?: NewTaskInput | null;
}
