import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { HsaIdScalar, LocalDateScalar } from '../../common/scalars';
import { DateWithin, IsId, IsLocalDate, Text, WITHIN } from '../../common/validators';

@ArgsType()
export class GetCarePlansArgs extends PageArgs {
  @Field(() => ID, { description: 'The patient whose published SIP versions to return (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Only versions published on or after this Swedish calendar day (YYYY-MM-DD; GetCarePlans’ datePeriod.start, matched against documentTime).',
  })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.history)
  from?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      'Only versions published on or before this Swedish calendar day (YYYY-MM-DD, inclusive; GetCarePlans’ datePeriod.end, matched against documentTime). Not before `from`.',
  })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.history)
  to?: string | null;

  @Field(() => [HsaIdScalar], {
    nullable: true,
    description:
      'Only versions whose care unit (vårdenhet) is one of these HSA-ids (GetCarePlans’ careUnitHSAId, matched against healthcareProfessionalCareUnitHSAId: the unit that published the version); at most 50. Omitted or empty: every unit.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  careUnitHSAId?: string[] | null;

  @Field(() => HsaIdScalar, {
    nullable: true,
    description:
      'Only versions from this source (GetCarePlans’ sourceSystemHSAId, matched against the header’s sourceSystemHSAId: the unit that published the version).',
  })
  @IsOptional()
  sourceSystemHSAId?: string | null;
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
