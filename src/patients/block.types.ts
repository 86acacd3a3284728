import { Field, ID, ObjectType } from '@nestjs/graphql';
import { BlockOpeningBasis } from '../access/access.entities';

@ObjectType('InformationBlock', { description: 'A block (spärr) of one organisation’s information about a patient, as seen by that organisation.' })
export class InformationBlockType {
  @Field(() => ID, { description: 'The block’s id, e.g. for `liftBlock`. Known only to the blocked organisation.' })
  id: string;
  @Field({ description: 'When the block (spärr) was placed.' })
  createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the block was lifted (hävd); null while it holds.' })
  liftedAt: Date | null;
}

@ObjectType('BlockOpening', { description: 'Your opening of blocked information: requested (step 1), then confirmed (step 2) and open until expiresAt.' })
export class BlockOpeningType {
  @Field(() => ID, { description: 'The opening’s id, for `confirmBlockOpening` (step 2).' })
  id: string;
  @Field(() => BlockOpeningBasis, { description: 'The ground for opening: the patient’s consent now, or an emergency.' })
  basis: BlockOpeningBasis;
  @Field({ description: 'The reason stated when requesting the opening (free text, logged).' })
  reason: string;
  @Field({ description: 'When step 1 (`requestBlockOpening`) was made. It must be confirmed within 15 minutes.' })
  requestedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When step 2 (`confirmBlockOpening`) confirmed it; null until then. Nothing is open before.' })
  confirmedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the opening closes again: 4 hours after confirmation. Null until confirmed.' })
  expiresAt: Date | null;
}
