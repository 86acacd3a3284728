import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional } from 'class-validator';
import { BlockOpeningBasis } from '../../access/access.entities';
import { LocalDateScalar } from '../../common/scalars';
import { PersonnummerScalar } from '../../common/personnummer';
import { IsId, IsLocalDate, IsPersonnummer, Text, DateWithin, WITHIN } from '../../common/validators';
import { ConsentGivenBy, ConsentKind, ConsentScope } from '../consent.entity';

@InputType({ description: 'A consent (samtycke) the patient or their representative has given.' })
export class RecordConsentInput {
  @Field(() => ID, { description: 'The patient who gave the consent (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => ConsentKind, { description: 'What is consented to: information sharing between organisations, or a SIP.' })
  @IsEnum(ConsentKind)
  kind: ConsentKind;

  @Field(() => ConsentGivenBy, { description: 'The patient, or a representative (then `representativeName` is required).' })
  @IsEnum(ConsentGivenBy)
  givenBy: ConsentGivenBy;

  @Field(() => String, { nullable: true, description: 'Required when givenBy is REPRESENTATIVE.' })
  @IsOptional()
  @Text(200)
  representativeName?: string | null;

  @Field(() => ConsentScope, {
    description:
      'Every organisation with a care relationship (CARE_TEAM; `organisationIds` empty), or only the organisations in `organisationIds` (NAMED_ORGANISATIONS).',
  })
  @IsEnum(ConsentScope)
  scope: ConsentScope;

  @Field(() => [ID], { defaultValue: [], description: 'For NAMED_ORGANISATIONS: the organisations covered.' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsId(true)
  organisationIds: string[];

  @Field(() => LocalDateScalar, { description: 'First day the consent applies (YYYY-MM-DD), within five years of today.' })
  @IsLocalDate()
  @DateWithin(WITHIN.period)
  validFrom: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Last day it applies (YYYY-MM-DD, inclusive, not before validFrom); null or left out for until revoked.',
  })
  @IsOptional()
  @IsLocalDate()
  @DateWithin(WITHIN.period)
  validUntil?: string | null;
}

@InputType({ description: 'Revoke a consent.' })
export class RevokeConsentInput {
  @Field(() => ID, { description: 'The consent to revoke (`Consent.id`).' })
  @IsId()
  consentId: string;

  @Field({ description: 'Why it is revoked, e.g. "patienten återkallade muntligen vid hembesök" (at most 500 characters).' })
  @Text(500)
  reason: string;
}

@InputType({ description: 'Step one of opening blocked information: state the basis and the reason.' })
export class RequestBlockOpeningInput {
  @Field(() => ID, { description: 'The patient whose blocked (spärrad) information you need (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => BlockOpeningBasis, { description: 'The ground: the patient’s consent now, or an emergency.' })
  @IsEnum(BlockOpeningBasis)
  basis: BlockOpeningBasis;

  @Field({ description: 'Why you need the blocked information (at most 500 characters); logged with the opening.' })
  @Text(500)
  reason: string;
}

@InputType({ description: 'Open emergency access (nödåtkomst) to a patient who cannot consent.' })
export class OpenEmergencyAccessInput {
  @Field(() => PersonnummerScalar, { description: 'The patient’s personnummer (or samordningsnummer).' })
  @IsPersonnummer()
  personnummer: string;

  @Field({ description: 'Why, e.g. "unconscious at home, no care relationship registered".' })
  @Text(500)
  reason: string;
}

@InputType({ description: 'A reviewer’s note on an emergency access.' })
export class ReviewEmergencyAccessInput {
  @Field(() => ID, { description: 'The emergency access, from emergencyAccessesForReview.' })
  @IsId()
  emergencyAccessId: string;

  @Field({ description: 'What the review found, e.g. "Befogad: patienten medvetslös, ingen vårdrelation registrerad".' })
  @Text(1000)
  note: string;
}
