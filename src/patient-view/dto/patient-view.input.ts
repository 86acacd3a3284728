import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ExperienceAnswerInput } from '../../experience/dto/experience.input';
import { PersonnummerScalar } from '../../common/personnummer';
import { LocalDateScalar } from '../../common/scalars';
import { DateWithin, IsId, IsLocalDate, IsPersonnummer, Text, WITHIN } from '../../common/validators';
import { RepresentativeKind } from '../patient-representative.entity';

/** The most goals one proposal carries. */
export const MAX_PROPOSED_GOALS = 10;

@InputType({ description: 'A change you propose to your SIP: new goals, new words for what matters to you, or both, with a message.' })
export class ProposeCarePlanChangeInput {
  @Field(() => [String], {
    nullable: true,
    description: `New goals in your own words (at most ${MAX_PROPOSED_GOALS}, each at most 500 characters), added to the plan’s when accepted.`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROPOSED_GOALS)
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value))
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'must not be empty' })
  @MaxLength(500, { each: true, message: 'must be at most 500 characters' })
  goals?: string[];

  @Field(() => String, { nullable: true, description: 'What matters to you (vad är viktigt för mig), in your own words (at most 2000 characters).' })
  @IsOptional()
  @Text(2000)
  whatMattersToMe?: string;

  @Field({ description: 'Your message to the people working with your plan (at most 2000 characters).' })
  @Text(2000)
  message: string;
}

@InputType({ description: 'Take a patient’s proposal into the SIP’s draft.' })
export class AcceptCarePlanProposalInput {
  @Field(() => ID, { description: 'The proposal (`CarePlanProposal.id`).' })
  @IsId()
  proposalId: string;
}

@InputType({ description: 'Decline a patient’s proposal, with a reason they see.' })
export class DeclineCarePlanProposalInput {
  @Field(() => ID, { description: 'The proposal (`CarePlanProposal.id`).' })
  @IsId()
  proposalId: string;

  @Field({ description: 'Why, in words for the patient (at most 1000 characters).' })
  @Text(1000)
  reason: string;
}

@InputType({ description: 'Record a representative who may act for the patient in their own view.' })
export class RecordPatientRepresentativeInput {
  @Field(() => ID, { description: 'The patient represented.' })
  @IsId()
  patientId: string;

  @Field(() => PersonnummerScalar, { description: 'The representative’s personnummer, as they sign in with it.' })
  @IsPersonnummer()
  personnummer: string;

  @Field({ description: 'The representative’s name (at most 200 characters).' })
  @Text(200)
  name: string;

  @Field(() => RepresentativeKind, { description: 'Ombud (fullmakt), god man or förvaltare.' })
  @IsEnum(RepresentativeKind)
  kind: RepresentativeKind;

  @Field(() => LocalDateScalar, { description: 'First day of the authority (YYYY-MM-DD), e.g. the date of the fullmakt or the court’s decision.' })
  @IsLocalDate()
  @DateWithin(WITHIN.period)
  validFrom: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day (YYYY-MM-DD, inclusive, not before validFrom); null or left out for until ended.' })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.period)
  validTo?: string | null;
}

@InputType({ description: 'End a representative’s authority: from today they can no longer act for the patient.' })
export class EndPatientRepresentativeInput {
  @Field(() => ID, { description: 'The representation (`PatientRepresentative.id`).' })
  @IsId()
  representativeId: string;

  @Field({ description: 'Why (at most 500 characters), e.g. "Fullmakten återkallad".' })
  @Text(500)
  reason: string;
}

@InputType({ description: 'Your answers to the short experience questions (patientenkät) about your care.' })
export class AnswerMyExperienceQuestionsInput {
  @Field(() => [ExperienceAnswerInput], { description: 'Your answers, 1 to 4: each question at most once, each from 1 (not at all) to 5 (completely).' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must hold at least one answer' })
  @ArrayMaxSize(4, { message: 'must hold at most one answer per question (4)' })
  @ValidateNested({ each: true })
  @Type(() => ExperienceAnswerInput)
  answers: ExperienceAnswerInput[];
}
