import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PersonnummerScalar } from '../common/personnummer';
import { LocalDateScalar } from '../common/scalars';
import { IsPersonnummer, Text } from '../common/validators';
import { ContactHours } from './deterioration-plan.entity';
import { ContactType, TreatmentLimitationType } from './deterioration-plan.types';

@InputType({ description: 'Whom the urgent read is about, and why it is needed now.' })
export class UrgentCarePlanInput {
  @Field(() => PersonnummerScalar, { description: 'The patient’s personnummer (or samordningsnummer), e.g. from the ID card or as told at the scene.' })
  @IsPersonnummer()
  personnummer: string;

  @Field({
    description:
      'Why you read the plan now (at most 500 characters), e.g. "Ambulansuppdrag: andnöd, patienten kan inte svara för sig". Required; kept with the record of the read for the review by your unit’s MAS or manager.',
  })
  @Text(500)
  reason: string;
}

@ObjectType('UrgentPlanSummary', { description: 'What the active deterioration action plan is, who signed it and whether it is due for review.' })
export class UrgentPlanSummaryType {
  @Field(() => [String], { description: 'The condition(s) the plan is for, e.g. "Hjärtsvikt (NYHA III)".' })
  conditions: string[];
  @Field(() => Int, { description: 'Number of this version in the patient’s series of plans: 1, 2, 3…' })
  planVersion: number;
  @Field({ description: 'When the physician signed this version (it came into force).' })
  signedAt: Date;
  @Field({ description: 'The physician who signed it, with profession title, e.g. "Erik Sjöberg, Distriktsläkare".' })
  signedBy: string;
  @Field({ description: 'The unit the signing physician acted for, e.g. "Vårdcentralen Sjöbacken".' })
  signedByUnit: string;
  @Field(() => LocalDateScalar, { description: 'When the plan is to be reviewed (YYYY-MM-DD).' })
  reviewDate: string;
  @Field({ description: 'True when the review date has come (Swedish calendar date): the plan is still the one in force, but should be reviewed.' })
  dueForReview: boolean;
}

@ObjectType('UrgentCareContact', { description: 'The patient’s fast vårdkontakt: the named nurse of the home-healthcare enrollment.' })
export class UrgentCareContactType {
  @Field({ description: 'Name, as registered.' })
  name: string;
  @Field(() => String, { nullable: true, description: 'Work phone as registered for the staff member (tjänstetelefon); null when none is registered.' })
  phone: string | null;
}

@ObjectType('UrgentCarePlan', {
  description:
    'The urgent read: what whoever comes at 3 a.m. (ambulance, out-of-hours primary care) needs from the patient’s active, physician-signed deterioration plan, and nothing else: its summary, the treatment limitations (behandlingsbegränsningar), the contact ladder for this hour and the fast vårdkontakt.',
})
export class UrgentCarePlanType {
  @Field({ description: 'When it was read; the contact ladder is the one for this instant.' })
  readAt: Date;
  @Field(() => UrgentPlanSummaryType, { description: 'The active signed plan: conditions, version, who signed it and when, review date.' })
  plan: UrgentPlanSummaryType;
  @Field(() => [TreatmentLimitationType], {
    description:
      'Treatment limitations and level-of-care decisions (behandlingsbegränsningar, vårdnivåbeslut), e.g. ej HLR, vård i hemmet i första hand; empty when the plan records none.',
  })
  treatmentLimitations: TreatmentLimitationType[];
  @Field(() => ContactHours, {
    description: 'The time the contact ladder is for: OFFICE_HOURS (weekdays 08–17, not holidays) or OUT_OF_HOURS (jourtid), Europe/Stockholm.',
  })
  contactHours: ContactHours;
  @Field(() => [ContactType], { description: 'Whom to call now, in the order to call: the plan’s rungs for `contactHours` and those for all hours.' })
  contactLadder: ContactType[];
  @Field(() => UrgentCareContactType, {
    nullable: true,
    description:
      'The fast vårdkontakt (the enrollment’s named nurse), with phone; null when the patient is not enrolled in home healthcare, or that information is blocked (spärrad).',
  })
  careContact: UrgentCareContactType | null;
}
