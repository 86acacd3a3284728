import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { IsId, Text } from '../../common/validators';
import { HandoverOccasion } from '../discharge.enums';

@InputType({ description: 'A handover (överrapportering) in SBAR form to one organisation.' })
export class SendHandoverInput {
  @Field(() => ID)
  @IsId()
  patientId: string;

  @Field(() => ID, { description: 'The receiving primary care centre (when you are a municipality) or municipality (when you are a primary care centre).' })
  @IsId()
  receiverOrganisationId: string;

  @Field(() => HandoverOccasion)
  @IsEnum(HandoverOccasion)
  occasion: HandoverOccasion;

  @Field({ description: 'S — situation.' })
  @Text(4000)
  situation: string;

  @Field({ description: 'B — background.' })
  @Text(4000)
  background: string;

  @Field({ description: 'A — assessment.' })
  @Text(4000)
  assessment: string;

  @Field({ description: 'R — recommendation.' })
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
  @Field(() => ID)
  @IsId()
  patientId: string;
}
