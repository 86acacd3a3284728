import { Field, ID, ObjectType } from '@nestjs/graphql';
import { BlockOpeningBasis } from '../access/access.entities';

@ObjectType('InformationBlock', { description: 'A block (spärr) of one organisation’s information about a patient, as seen by that organisation.' })
export class InformationBlockType {
  @Field(() => ID)
  id: string;
  @Field()
  createdAt: Date;
  @Field(() => Date, { nullable: true })
  liftedAt: Date | null;
}

@ObjectType('BlockOpening', { description: 'Your opening of blocked information: requested (step 1), then confirmed (step 2) and open until expiresAt.' })
export class BlockOpeningType {
  @Field(() => ID)
  id: string;
  @Field(() => BlockOpeningBasis)
  basis: BlockOpeningBasis;
  @Field()
  reason: string;
  @Field()
  requestedAt: Date;
  @Field(() => Date, { nullable: true })
  confirmedAt: Date | null;
  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;
}
