import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsDate, IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { PersonnummerScalar } from '../../common/personnummer';
import { IsId, IsPersonnummer, Text, DateWithin, WITHIN } from '../../common/validators';
import { CancellationReason } from '../discharge.enums';

@InputType({ description: 'Open the discharge process of a patient admitted to your hospital ward.' })
export class OpenDischargeProcessInput {
  @Field(() => PersonnummerScalar, { description: 'The admitted patient, by exact personnummer. The patient must be registered (registerPatient).' })
  @IsPersonnummer()
  personnummer: string;

  @Field({ description: 'When the patient was admitted; not in the future, at most 30 days ago.' })
  @IsDate()
  @DateWithin(WITHIN.past)
  admittedAt: Date;

  @Field(() => ID, { nullable: true, description: 'The receiving municipality; defaults to the municipality of the active home-healthcare enrollment.' })
  @IsOptional()
  @IsId()
  municipalityId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The open-care receiver (öppenvården: primary care centre, SSIH or regional mobile team), which names the fast vårdkontakt and sends the SIP invitation: a primary care centre (vårdcentral), a specialised palliative home care unit (SSIH) or a mobile team run by the region. A mobile team run by a municipality is part of the municipality’s care and cannot be named here. Defaults to the primary care centre of the active home-healthcare enrollment.',
  })
  @IsOptional()
  @IsId()
  openCareReceiverId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The open-care receiver under its earlier name: the same as `openCareReceiverId` (and accepts the same units). Give one of the two; both only if they name the same unit.',
    deprecationReason: 'Use `openCareReceiverId`: the receiver may also be SSIH or a regional mobile team.',
  })
  @IsOptional()
  @IsId()
  primaryCareCentreId?: string | null;
}

@InputType({ description: 'End a discharge process without a discharge.' })
export class CancelDischargeProcessInput {
  @Field(() => ID, { description: 'The discharge process to cancel (`DischargeProcess.id`); not yet discharged.' })
  @IsId()
  processId: string;

  @Field(() => CancellationReason, { description: 'Why the process ends without a discharge; OTHER needs a note.' })
  @IsEnum(CancellationReason)
  reason: CancellationReason;

  @Field(() => String, { nullable: true, description: 'Required when the reason is OTHER. Clinical content: shown to others only with consent.' })
  @IsOptional()
  @Text(500)
  note?: string | null;
}

@ArgsType()
export class DischargeProcessesArgs extends PageArgs {
  @Field(() => ID, { description: 'The patient (`Patient.id`) whose hospital stays to list.' })
  @IsId()
  patientId: string;
}

@ArgsType()
export class DischargeInboxArgs extends PageArgs {}

@InputType({ description: 'Your municipality’s payment agreement for patients ready for discharge.' })
export class SetPaymentAgreementInput {
  @Field(() => Int, { description: 'Days after the ready-for-discharge notice before payment starts (0–30; law default 3).' })
  @IsInt()
  @Min(0)
  @Max(30)
  agreedDays: number;

  @Field(() => Int, { nullable: true, description: 'Whole kronor per payable day.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  dailyAmountSek?: number | null;
}
