import { ArgsType, Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { PersonnummerScalar } from '../../common/personnummer';
import { IsId, IsPersonnummer, Text, Trim, OmitNotNull } from '../../common/validators';
import { RegistrationPurpose } from '../patient-registration.entity';

@InputType({ description: 'A next of kin (närstående).' })
export class NextOfKinInput {
  @Field({ description: 'Full name of the next of kin (närstående), at most 200 characters.' })
  @Text(200)
  name: string;

  @Field({ description: 'Relation to the patient, e.g. "dotter".' })
  @Text(100)
  relation: string;

  @Field(() => String, {
    nullable: true,
    description: 'Phone number: digits, spaces, +, parentheses and hyphens (5–30 characters); null or left out when unknown.',
  })
  @IsOptional()
  @Trim()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'must be a phone number' })
  phone?: string | null;

  @Field({ defaultValue: false, description: 'Legal representative who may consent on the patient’s behalf.' })
  @IsBoolean()
  isRepresentative: boolean;
}

@InputType({
  description:
    'A person to register for an enrollment or a hospital stay. Stored only when the personnummer is new to the service; the answer is the same either way. Registering gives no care relationship: the enrollment or discharge process it is for does.',
})
export class RegisterPatientInput {
  @Field(() => PersonnummerScalar, { description: 'Personnummer or samordningsnummer.' })
  @IsPersonnummer()
  personnummer: string;

  @Field(() => RegistrationPurpose, { description: 'What the registration is for: ENROLLMENT (a municipality) or HOSPITAL_STAY (a hospital ward).' })
  @IsEnum(RegistrationPurpose)
  purpose: RegistrationPurpose;

  @Field({ description: 'Förnamn, at most 100 characters. Stored only when the personnummer is new to the service.' })
  @Text(100)
  givenName: string;

  @Field({ description: 'Efternamn, at most 100 characters. Stored only when the personnummer is new to the service.' })
  @Text(100)
  familyName: string;

  @Field(() => String, { nullable: true, description: 'Postal address (free text, at most 300 characters); null or left out when unknown.' })
  @IsOptional()
  @Text(300)
  address?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Phone number: digits, spaces, +, parentheses and hyphens (5–30 characters); null or left out when unknown.',
  })
  @IsOptional()
  @Trim()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'must be a phone number' })
  phone?: string | null;

  @Field({
    defaultValue: false,
    description:
      'Skyddad identitet (sekretessmarkering or skyddad folkbokföring): name, address, phone and next of kin are then shown only to organisations with a direct care relationship. Stored only when the personnummer is new to the service.',
  })
  @IsBoolean()
  protectedIdentity: boolean;

  @Field(() => [NextOfKinInput], { defaultValue: [], description: 'Närstående, at most 10; empty when none is known.' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => NextOfKinInput)
  nextOfKin: NextOfKinInput[];

  @Field(() => String, { nullable: true, description: 'Vad är viktigt för mig, in the patient’s own words.' })
  @IsOptional()
  @Text(4000)
  whatMattersToMe?: string | null;
}

@InputType({ description: 'Changes to a patient. Omitted fields are left as they are.' })
export class UpdatePatientInput {
  @Field(() => ID, { description: 'The patient to change (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => Int, { description: 'The version you read; a newer one means someone else changed the patient (CONFLICT).' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field({ nullable: true, description: 'Förnamn; leave out to keep it (null is refused).' })
  @OmitNotNull()
  @Text(100)
  givenName?: string;

  @Field({ nullable: true, description: 'Efternamn; leave out to keep it (null is refused).' })
  @OmitNotNull()
  @Text(100)
  familyName?: string;

  @Field(() => String, { nullable: true, description: 'New postal address (at most 300 characters); leave out to keep it, null or "" to clear it.' })
  @IsOptional()
  @MaxLength(300)
  @Trim()
  address?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'New phone number (digits, spaces, +, parentheses, hyphens; 5–30 characters); leave out to keep it, null or "" to clear it.',
  })
  @IsOptional()
  @Trim()
  @Matches(/^(\+?[0-9 ()-]{5,30})?$/, { message: 'must be a phone number' })
  phone?: string | null;

  @Field(() => [NextOfKinInput], {
    nullable: true,
    description: 'The whole new list of närstående (at most 10), replacing the old one; leave out (or null) to keep it, [] to clear it.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => NextOfKinInput)
  nextOfKin?: NextOfKinInput[];

  @Field(() => String, {
    nullable: true,
    description:
      'Vad är viktigt för mig, in the patient’s own words (at most 4000 characters); leave out to keep it, null or "" to clear it. Recorded as your organisation’s documentation. PRECONDITION_FAILED if the current text is withheld from you.',
  })
  @IsOptional()
  @Trim()
  @MaxLength(4000)
  whatMattersToMe?: string | null;

  @Field({ nullable: true, description: 'Skyddad identitet; leave out to keep it (null is refused).' })
  @OmitNotNull()
  @IsBoolean()
  protectedIdentity?: boolean;
}

export enum CaseloadEnrollmentFilter {
  ANY = 'ANY',
  ENROLLED = 'ENROLLED',
  NOT_ENROLLED = 'NOT_ENROLLED',
}
registerEnumType(CaseloadEnrollmentFilter, {
  name: 'CaseloadEnrollmentFilter',
  description: 'Filter the caseload by home-healthcare enrollment.',
  valuesMap: {
    ANY: { description: 'Every patient of the caseload, enrolled or not.' },
    ENROLLED: { description: 'Only patients with an active home-healthcare enrollment (by any municipality).' },
    NOT_ENROLLED: {
      description: 'Only patients without an active home-healthcare enrollment, e.g. reached through a discharge process, a SIP or the care team.',
    },
  },
});

@ArgsType()
export class MyPatientsArgs extends PageArgs {
  @Field(() => CaseloadEnrollmentFilter, {
    defaultValue: CaseloadEnrollmentFilter.ANY,
    description: 'Only enrolled patients, only patients not enrolled, or all (ANY, the default).',
  })
  @IsEnum(CaseloadEnrollmentFilter)
  enrollment: CaseloadEnrollmentFilter = CaseloadEnrollmentFilter.ANY;

  @Field({ defaultValue: false, description: 'Only patients whose fast vårdkontakt is you.' })
  @IsBoolean()
  namedNurseIsMe: boolean = false;
}
