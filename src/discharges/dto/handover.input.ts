import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { IsId, Text } from '../../common/validators';
import { HandoverOccasion } from '../discharge.enums';

@InputType({ description: 'A handover (överrapportering) in SBAR form to one organisation.' })
export class SendHandoverInput {
  @Field(() => ID, { description: 'The patient the handover is about (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => ID, { description: 'The receiving primary care centre (when you are a municipality) or municipality (when you are a primary care centre).' })
  @IsId()
  receiverOrganisationId: string;

  @Field(() => HandoverOccasion, {
    description: 'Why responsibility moves: enrollment, end of enrollment, after a discharge, a change in condition, or other.',
  })
  @IsEnum(HandoverOccasion)
  occasion: HandoverOccasion;

  @Field({ description: 'S — situation: what is happening now (at most 4000 characters).' })
  @Text(4000)
  situation: string;

  @Field({ description: 'B — background: relevant history, diagnoses, treatment (at most 4000 characters).' })
  @Text(4000)
  background: string;

  @Field({ description: 'A — assessment: your judgement of the problem (at most 4000 characters).' })
  @Text(4000)
  assessment: string;

  @Field({ description: 'R — recommendation: what the receiver should do, and when (at most 4000 characters).' })
  @Text(4000)
  recommendation: string;
}

@ArgsType()
export class HandoverInboxArgs extends PageArgs {
  @Field({ defaultValue: false, description: 'Also list handovers already acknowledged (after the unacknowledged ones).' })
  @IsBoolean()
  includeAcknowledged: boolean = false;
}

@ArgsType()
export class HandoversArgs extends PageArgs {
  @Field(() => ID, { description: 'The patient (`Patient.id`) whose handovers to list.' })
  @IsId()
  patientId: string;
}
