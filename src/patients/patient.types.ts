import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { canSeeIdentity, canSeeRecordedBy, hasBlockedInformation, PatientGrant } from '../access/patient-grant';
import { LocalDateScalar } from '../common/scalars';
import { PersonnummerScalar } from '../common/personnummer';
import { NextOfKinRecord, Patient } from './patient.entity';
import { ConsentGivenBy, ConsentKind, ConsentScope } from './consent.entity';
import { EnrollmentStatus } from './enrollment.entity';
import { RegistrationPurpose } from './patient-registration.entity';

registerEnumType(EnrollmentStatus, {
  name: 'EnrollmentStatus',
  description: 'State of a home-healthcare enrollment (inskrivning).',
  valuesMap: {
    ACTIVE: { description: 'Enrolled now: the municipality and the primary care centre have a direct care relationship through it. At most one per patient.' },
    ENDED: { description: 'Ended (utskriven ur hemsjukvården) with an end date and reason; kept as history. Its care relationship has ended.' },
  },
});
registerEnumType(ConsentKind, {
  name: 'ConsentKind',
  description: 'What the patient consents to.',
  valuesMap: {
    INFORMATION_SHARING: { description: 'Information may be shared between the organisations in scope (sammanhållen vård- och omsorgsdokumentation).' },
    SIP: { description: 'Consent to a coordinated individual plan (samtycke till SIP).' },
  },
});
registerEnumType(ConsentGivenBy, {
  name: 'ConsentGivenBy',
  description: 'Who gave the consent: the patient, or a named representative (e.g. god man, förvaltare).',
  valuesMap: {
    PATIENT: { description: 'The patient consented personally; no representative is named.' },
    REPRESENTATIVE: {
      description:
        'A representative consented on the patient’s behalf (e.g. god man, förvaltare, or a next of kin marked as representative); `representativeName` names them.',
    },
  },
});
registerEnumType(ConsentScope, {
  name: 'ConsentScope',
  description: 'Which organisations a consent covers.',
  valuesMap: {
    CARE_TEAM: { description: 'Every organisation with a care relationship to the patient, now and later.' },
    NAMED_ORGANISATIONS: { description: 'Only the organisations named in the consent.' },
  },
});

export enum WithheldReason {
  PROTECTED_IDENTITY = 'PROTECTED_IDENTITY',
  NO_CONSENT = 'NO_CONSENT',
  BLOCKED = 'BLOCKED',
}
registerEnumType(WithheldReason, {
  name: 'WithheldReason',
  description: 'Why part of a patient’s information is not shown to you.',
  valuesMap: {
    PROTECTED_IDENTITY: {
      description: 'Skyddad identitet: name, address, phone and next of kin are shown only to organisations caring for the patient directly.',
    },
    NO_CONSENT: { description: 'Recorded by another organisation; no consent to information sharing covers yours.' },
    BLOCKED: {
      description: 'The patient has blocked (spärrat) information recorded elsewhere; it can be opened with consent or in an emergency, in two steps.',
    },
  },
});

@ObjectType({ description: 'Why your organisation may see this patient.' })
export class AccessBasis {
  @Field(() => [String], { description: 'Kinds of care relationship (vårdrelation) your organisation has: ENROLLMENT, CARE_TEAM, …' })
  relationships: string[];
  @Field({ description: 'You see the patient through emergency access (nödåtkomst), which is flagged in the log.' })
  emergencyAccess: boolean;
  @Field({ description: 'A consent to information sharing covers your organisation.' })
  consentCoversMyOrganisation: boolean;
}

/**
 * A patient as one actor may see it: the entity plus the access decision that filters it. The
 * GraphQL fields are plain getters, so the default resolver reads them without a resolver call
 * per field (a caseload of 50 patients would otherwise cost hundreds of wrapped calls).
 */
export class PatientView {
  constructor(
    readonly entity: Patient,
    readonly grant: PatientGrant,
  ) {}

  get id(): string {
    return this.entity.id;
  }
  get personnummer(): string {
    return this.entity.personnummer;
  }
  get coordinationNumber(): boolean {
    return this.entity.coordinationNumber;
  }
  get birthDate(): string {
    return this.entity.birthDate;
  }
  get protectedIdentity(): boolean {
    return this.entity.protectedIdentity;
  }
  get givenName(): string | null {
    return canSeeIdentity(this.grant) ? this.entity.givenName : null;
  }
  get familyName(): string | null {
    return canSeeIdentity(this.grant) ? this.entity.familyName : null;
  }
  get address(): string | null {
    return canSeeIdentity(this.grant) ? this.entity.address : null;
  }
  get phone(): string | null {
    return canSeeIdentity(this.grant) ? this.entity.phone : null;
  }
  get nextOfKin(): NextOfKinRecord[] | null {
    return canSeeIdentity(this.grant) ? this.entity.nextOfKin : null;
  }
  get whatMattersToMe(): string | null {
    return canSeeRecordedBy(this.grant, this.entity.whatMattersToMeRecordedBy) ? this.entity.whatMattersToMe : null;
  }
  get withheld(): WithheldReason[] {
    const out: WithheldReason[] = [];
    if (!canSeeIdentity(this.grant)) out.push(WithheldReason.PROTECTED_IDENTITY);
    const by = this.entity.whatMattersToMeRecordedBy;
    if (by && !canSeeRecordedBy(this.grant, by)) out.push(this.grant.blockedOrganisationIds.includes(by) ? WithheldReason.BLOCKED : WithheldReason.NO_CONSENT);
    return out;
  }
  get hasBlockedInformation(): boolean {
    return hasBlockedInformation(this.grant);
  }
  get version(): number {
    return this.entity.version;
  }
  get informationSharingConsent(): boolean {
    return this.grant.consent;
  }
  get myAccess(): AccessBasis {
    return { relationships: this.grant.relationships, emergencyAccess: this.grant.emergency, consentCoversMyOrganisation: this.grant.consent };
  }
}

@ObjectType({ description: 'Next of kin (närstående).' })
export class NextOfKin {
  @Field({ description: 'Full name of the next of kin (närstående).' })
  name: string;
  @Field({ description: 'Relation to the patient, e.g. "dotter", "make".' })
  relation: string;
  @Field(() => String, { nullable: true, description: 'Phone number as recorded (digits, spaces, +, parentheses, hyphens); null when none was given.' })
  phone: string | null;
  @Field({ description: 'Legal representative who may consent on the patient’s behalf.' })
  isRepresentative: boolean;
}

@ObjectType('Patient', { description: 'A patient (e.g. "Esther") as your organisation may see them. Fields you may not see are null and `withheld` says why.' })
export class PatientType {
  @Field(() => ID, { description: 'The patient’s id in this service (a UUID; not the personnummer). Other operations take it as `patientId`.' })
  id: string;
  @Field(() => PersonnummerScalar, { description: 'Personnummer or samordningsnummer, twelve digits.' })
  personnummer: string;
  @Field({ description: 'True when `personnummer` is a samordningsnummer (coordination number: day of birth plus 60) rather than a personnummer.' })
  coordinationNumber: boolean;
  @Field(() => LocalDateScalar, {
    description:
      'Date of birth (YYYY-MM-DD), taken from the personnummer (for a samordningsnummer, the day minus 60). Shown to everyone who may see the patient, protected identity or not.',
  })
  birthDate: string;
  @Field({ description: 'Skyddad identitet (sekretessmarkering or skyddad folkbokföring).' })
  protectedIdentity: boolean;
  @Field(() => String, { nullable: true, description: 'Given name; null under protected identity without a direct care relationship.' })
  givenName: string | null;
  @Field(() => String, { nullable: true, description: 'Family name; null under protected identity without a direct care relationship.' })
  familyName: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Postal address as recorded (free text, at most 300 characters). Null when none is recorded, or under protected identity (skyddad identitet) without a direct care relationship (`withheld` then says PROTECTED_IDENTITY).',
  })
  address: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Phone number as recorded. Null when none is recorded, or under protected identity (skyddad identitet) without a direct care relationship (`withheld` then says PROTECTED_IDENTITY).',
  })
  phone: string | null;
  @Field(() => [NextOfKin], { nullable: true, description: 'Närstående; null when withheld.' })
  nextOfKin: NextOfKin[] | null;
  @Field(() => String, { nullable: true, description: 'Vad är viktigt för mig: the patient’s own words. Null when withheld (see `withheld`).' })
  whatMattersToMe: string | null;
  @Field(() => [WithheldReason], { description: 'Why some fields are null for you; empty when you see everything.' })
  withheld: WithheldReason[];
  @Field({ description: 'The patient has blocked information that you cannot see. Where it was recorded is not disclosed.' })
  hasBlockedInformation: boolean;
  @Field(() => Int, { description: 'Pass as expectedVersion when updating the patient.' })
  version: number;
  @Field({ description: 'True when an information-sharing consent covers your organisation today.' })
  informationSharingConsent: boolean;
  @Field(() => AccessBasis, { description: 'Why you may see this patient.' })
  myAccess: AccessBasis;
}

@ObjectType({ description: 'One organisation’s care relationship (vårdrelation) with the patient.' })
export class CareRelationshipType {
  @Field(() => ID, { description: 'Id of the organisation that has the relationship (`Organisation.id`).' })
  organisationId: string;
  @Field({ description: 'ENROLLMENT, CARE_TEAM, and later SIP_PARTICIPANT or DISCHARGE_PROCESS.' })
  kind: string;
  @Field({ description: 'The organisation cares for the patient directly.' })
  direct: boolean;
}

registerEnumType(RegistrationPurpose, {
  name: 'RegistrationPurpose',
  description: 'What a registration is for: the process that gives the registering unit its care relationship.',
  valuesMap: {
    ENROLLMENT: { description: 'Inskrivning: a municipality’s home healthcare enrolls the person (enrollPatient) within 24 hours.' },
    HOSPITAL_STAY: { description: 'A hospital ward opens the discharge process of the stay (openDischargeProcess).' },
  },
});

@ObjectType('PatientRegistration', {
  description:
    'The answer to registerPatient: the patient’s id and nothing else, the same whether the person was new to the service or known, so registering tells no one whether someone is here. Use the id to start the process the registration is for.',
})
export class PatientRegistrationType {
  @Field(() => ID, {
    description:
      'The patient’s id in this service (`Patient.id`), the same whether the person was new or already known. A municipality passes it to enrollPatient; a ward opens the discharge process by personnummer.',
  })
  patientId: string;
  @Field(() => RegistrationPurpose, { description: 'The process the registration is for.' })
  purpose: RegistrationPurpose;
  @Field({ description: 'Until when the registration lets your unit start the process it is for.' })
  validUntil: Date;
}
