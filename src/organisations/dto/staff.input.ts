import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsId, OmitNotNull } from '../../common/validators';
import { Role } from '../../common/roles';
import { HSA_ID_RE, HsaIdScalar } from '../../common/scalars';

const HSA = () => Matches(HSA_ID_RE, { message: 'must be an HSA-id such as SE2321000057-1004' });
import { OrganisationKind } from '../../common/organisation-kind';
import { PageArgs } from '../../common/pagination';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A work phone: digits, spaces, +, parentheses and hyphens (5–30 characters), as the plan's contacts. */
export const PHONE_RE = /^\+?[0-9 ()-]{5,30}$/;

@InputType({ description: 'A new staff member and their first assignment in your organisation.' })
export class CreateStaffInput {
  @Field(() => HsaIdScalar, {
    description: 'Personal HSA-id from the HSA catalogue, e.g. "SE2120000530-S101"; tokens will name the staff member by it. Unique in the service.',
  })
  @HSA()
  hsaId: string;

  @Field({ description: 'Full name.' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(200)
  name: string;

  @Field({ description: 'Profession title, e.g. "Sjuksköterska".' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(100)
  professionTitle: string;

  @Field(() => Role, { description: 'Role in your organisation.' })
  @IsEnum(Role)
  role: Role;

  @Field(() => String, {
    nullable: true,
    description: 'Work phone (tjänstetelefon): digits, spaces, +, parentheses and hyphens (5–30 characters); null or left out for none.',
  })
  @IsOptional()
  @Transform(trim)
  @Matches(PHONE_RE, { message: 'must be a phone number' })
  phone?: string | null;
}

@InputType({ description: 'Corrections to a staff member’s details.' })
export class UpdateStaffInput {
  @Field(() => ID, { description: 'The staff member to correct (`Staff.id`); they must hold an active assignment in your organisation.' })
  @IsId()
  staffId: string;

  @Field({ nullable: true, description: 'New name; leave out to keep it (null is refused).' })
  @OmitNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(200)
  name?: string;

  @Field({ nullable: true, description: 'New title (yrkestitel); leave out to keep it (null is refused).' })
  @OmitNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(100)
  professionTitle?: string;

  @Field(() => String, {
    nullable: true,
    description: 'New work phone (digits, spaces, +, parentheses, hyphens; 5–30 characters); leave out to keep it, null to clear it.',
  })
  @IsOptional()
  @Transform(trim)
  @Matches(PHONE_RE, { message: 'must be a phone number' })
  phone?: string | null;
}

@InputType({ description: 'Give an existing staff member a role in your organisation.' })
export class AddAssignmentInput {
  @Field(() => HsaIdScalar, { description: 'Personal HSA-id of the staff member.' })
  @HSA()
  staffHsaId: string;

  @Field(() => Role, {
    description: 'The role to give them in your organisation (the organisation you act in). They cannot hold the same role there twice at once.',
  })
  @IsEnum(Role)
  role: Role;
}

@ArgsType()
export class OrganisationsArgs extends PageArgs {
  @Field(() => OrganisationKind, { nullable: true, description: 'Only units of this kind.' })
  @IsOptional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;
}

@ArgsType()
export class StaffMembersArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'The care unit; defaults to your own.' })
  @IsOptional()
  @IsId()
  organisationId?: string;

  @Field(() => Role, { nullable: true, description: 'Only staff holding this role there.' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
}
