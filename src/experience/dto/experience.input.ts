import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { CarePlanExperienceQuestion } from '../../care-plans/care-plan.enums';
import { PageArgs } from '../../common/pagination';
import { LocalDateScalar } from '../../common/scalars';
import { DateWithin, IsId, IsLocalDate, WITHIN } from '../../common/validators';
import { ExperienceRespondent } from '../experience.enums';

@InputType({ description: 'One answer to an experience question (patientens upplevelse).' })
export class ExperienceAnswerInput {
  @Field(() => CarePlanExperienceQuestion, { description: 'Which question; each at most once per survey.' })
  @IsEnum(CarePlanExperienceQuestion)
  question: CarePlanExperienceQuestion;

  @Field(() => Int, { description: 'The answer: 1 (not at all) to 5 (completely).' })
  @IsInt({ message: 'must be a whole number from 1 to 5' })
  @Min(1, { message: 'must be from 1 (not at all) to 5 (completely)' })
  @Max(5, { message: 'must be from 1 (not at all) to 5 (completely)' })
  score: number;
}

@InputType({ description: 'The answers of an enrolled patient’s experience survey (patientenkät), entered by staff.' })
export class RecordExperienceAnswersInput {
  @Field(() => ID, { description: 'The patient (`Patient.id`), who must have an active home healthcare enrollment.' })
  @IsId()
  patientId: string;

  @Field(() => ExperienceRespondent, { description: 'Who answered: the patient, the patient with your help, or a next of kin (närstående).' })
  @IsEnum(ExperienceRespondent)
  respondent: ExperienceRespondent;

  @Field(() => [ExperienceAnswerInput], { description: 'The answers, 1 to 4: each question at most once.' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must hold at least one answer' })
  @ArrayMaxSize(4, { message: 'must hold at most one answer per question (4)' })
  @ValidateNested({ each: true })
  @Type(() => ExperienceAnswerInput)
  answers: ExperienceAnswerInput[];

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'The day the answers were given (YYYY-MM-DD): not in the future, not before the enrollment’s start or the last survey. Left out: today.',
  })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.past)
  answeredOn?: string | null;
}

@InputType({ description: 'The patient (or next of kin) declined to answer the experience survey that is due.' })
export class DeclineExperienceSurveyInput {
  @Field(() => ID, { description: 'The patient (`Patient.id`), who must have an active home healthcare enrollment.' })
  @IsId()
  patientId: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'The day they declined (YYYY-MM-DD): not in the future, not before the enrollment’s start or the last survey. Left out: today.',
  })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.past)
  declinedOn?: string | null;
}

@ArgsType()
export class ExperienceDueArgs extends PageArgs {
  @Field(() => Int, { defaultValue: 0, description: 'Also surveys due within this many days from today (0–90).' })
  @IsInt()
  @Min(0)
  @Max(90)
  withinDays: number = 0;
}
