import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { LocalDateScalar } from '../../common/scalars';
import { DateWithin, IsId, IsLocalDate, Text, WITHIN } from '../../common/validators';

@ArgsType()
export class GetCarePlansArgs extends PageArgs {
  @Field(() => ID, { description: 'The patient whose published SIP versions to return (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Only versions published on or after this Swedish calendar day (YYYY-MM-DD; GetCarePlans’ time period, start).',
  })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.history)
  from?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Only versions published on or before this Swedish calendar day (YYYY-MM-DD, inclusive; GetCarePlans’ time period, end). Not before `from`.',
  })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.history)
  to?: string | null;
}

@InputType({ description: 'Whether a published SIP version may be shown to the patient (GetCarePlans’ approvedForPatient, e.g. in 1177).' })
export class SetCarePlanApprovedForPatientInput {
  @Field(() => ID, { description: 'The published version (its id, as in getCarePlans’ `versionId`).' })
  @IsId()
  versionId: string;

  @Field({ description: 'True: the patient may see this version; false: not (again).' })
  @IsBoolean()
  approved: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why, in a few words (at most 500 characters), e.g. "Genomgången med Esther och dottern vid SIP-mötet".',
  })
  @IsOptional()
  @Text(500)
  reason?: string | null;
}
