import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/scalars';
import { Housing, NamedContactChangeReason, NamedContactRole } from './continuity.entity';

registerEnumType(NamedContactRole, {
  name: 'NamedContactRole',
  description: 'Which named contact of a home-healthcare enrollment is meant.',
  valuesMap: {
    CARE_CONTACT: {
      description: 'Fast vårdkontakt: the municipality’s named nurse (`Enrollment.namedNurse`), a nurse of the enrolling municipality.',
    },
    PHYSICIAN: {
      description: 'Fast läkarkontakt: the named GP (`Enrollment.namedPhysician`), a physician of the enrollment’s primary care centre.',
    },
  },
});

registerEnumType(NamedContactChangeReason, {
  name: 'NamedContactChangeReason',
  description: 'Why a named contact (fast vårdkontakt or fast läkarkontakt) was changed.',
  valuesMap: {
    STAFF_LEFT: { description: 'The named person left or no longer works with the patient (e.g. a hyrläkare whose contract ended).' },
    PATIENT_REQUEST: { description: 'The patient (or a representative) asked for another contact.' },
    WORKLOAD: { description: 'Redistribution of patients between staff (arbetsbelastning).' },
    OTHER: { description: 'Another reason, told in `note` (required then).' },
  },
});

registerEnumType(Housing, {
  name: 'Housing',
  description: 'Boendeform: where the patient lives.',
  valuesMap: {
    ORDINARY_HOUSING: { description: 'Ordinärt boende: the patient’s own home (with or without home help).' },
    SPECIAL_HOUSING: { description: 'Särskilt boende (SÄBO): a municipal residential care home.' },
    SHORT_TERM_STAY: { description: 'Korttidsboende: a short-term stay, e.g. after a discharge or as respite.' },
  },
});

@ObjectType('NamedContactChange', {
  description: 'One change of an enrollment’s fast vårdkontakt or fast läkarkontakt: who before, who after, why, from when, who changed it.',
})
export class NamedContactChangeType {
  @Field(() => ID, { description: 'The change’s id in this service.' })
  id: string;
  @Field(() => NamedContactRole, { description: 'Which contact changed: CARE_CONTACT (fast vårdkontakt) or PHYSICIAN (fast läkarkontakt).' })
  role: NamedContactRole;
  previousStaffId: string;
  newStaffId: string;
  @Field(() => NamedContactChangeReason, { description: 'Why the contact was changed.' })
  reason: NamedContactChangeReason;
  @Field(() => String, { nullable: true, description: 'Free-text note on the reason (at most 500 characters); null when none was given.' })
  note: string | null;
  @Field(() => LocalDateScalar, { description: 'First day (YYYY-MM-DD, Europe/Stockholm) the new contact is named.' })
  effectiveFrom: string;
  changedByStaffId: string;
  changedByOrganisationId: string;
  @Field({ description: 'When the change was recorded in this service.' })
  changedAt: Date;
}

@ObjectType('HousingRecord', { description: 'The patient’s boendeform from a date, as recorded; the newest record on or before a day holds for that day.' })
export class HousingRecordType {
  @Field(() => ID, { description: 'The record’s id in this service.' })
  id: string;
  @Field(() => Housing, { description: 'Boendeform: ordinärt boende, särskilt boende (SÄBO) or korttidsboende.' })
  housing: Housing;
  @Field(() => LocalDateScalar, { description: 'First day (YYYY-MM-DD) the patient lives so.' })
  fromDate: string;
  @Field(() => String, { nullable: true, description: 'Free-text note (at most 500 characters), e.g. the name of the short-term unit; null when none.' })
  note: string | null;
  recordedByStaffId: string;
  recordedByOrganisationId: string;
  @Field({ description: 'When it was recorded in this service.' })
  recordedAt: Date;
}

@ObjectType('FrailtyAssessment', { description: 'A Clinical Frailty Scale assessment (skörhetsbedömning enligt CFS), score 1–9.' })
export class FrailtyAssessmentType {
  @Field(() => ID, { description: 'The assessment’s id in this service.' })
  id: string;
  @Field(() => Int, { description: 'Clinical Frailty Scale score: 1 (very fit) to 9 (terminally ill).' })
  score: number;
  @Field(() => LocalDateScalar, { description: 'The day of the assessment (YYYY-MM-DD), never in the future.' })
  assessedOn: string;
  @Field(() => String, { nullable: true, description: 'Free-text note (at most 500 characters); null when none.' })
  note: string | null;
  assessedByStaffId: string;
  recordedByOrganisationId: string;
  @Field({ description: 'When it was recorded in this service.' })
  recordedAt: Date;
}

@ObjectType('JointHomeVisit', {
  description:
    'A joint home visit (gemensamt hembesök) held for an enrollment: staff of the municipality and of the primary care centre at the patient’s home together.',
})
export class JointHomeVisitType {
  @Field(() => ID, { description: 'The visit’s id in this service.' })
  id: string;
  @Field(() => LocalDateScalar, { description: 'The day of the visit (YYYY-MM-DD).' })
  visitedOn: string;
  participantStaffIds: string[];
  recordedByStaffId: string;
  recordedByOrganisationId: string;
  @Field({ description: 'When the visit was recorded in this service.' })
  recordedAt: Date;
}
