import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { HsaIdScalar } from '../common/scalars';
import { Connection } from '../common/pagination';

@ObjectType('GetCarePlansPatientId', {
  description: 'The patient as GetCarePlans names them (patientId): the personnummer or samordningsnummer and the OID of its kind.',
})
export class GetCarePlansPatientIdType {
  @Field({ description: 'Twelve digits without hyphen (YYYYMMDDNNNN), e.g. "193804122240".' })
  id: string;
  @Field({ description: 'The OID of the kind of number: "1.2.752.129.2.1.3.1" for a personnummer, "1.2.752.129.2.1.3.3" for a samordningsnummer.' })
  type: string;
}

@ObjectType('GetCarePlansOrgUnit', { description: 'The care unit (vårdenhet) the accountable professional acted in (healthcareProfessionalOrgUnit).' })
export class GetCarePlansOrgUnitType {
  @Field(() => HsaIdScalar, { description: 'The unit’s HSA-id (orgUnitHSAId).' })
  orgUnitHSAId: string;
  @Field({ description: 'The unit’s name (orgUnitName).' })
  orgUnitName: string;
}

@ObjectType('GetCarePlansAccountableProfessional', {
  description:
    'Who is accountable for the document (accountableHealthcareProfessional): the staff member who published the SIP version, in the unit they published it in.',
})
export class GetCarePlansAccountableProfessionalType {
  @Field({ description: 'When the document was made (authorTime): the instant the version was published.' })
  authorTime: Date;
  @Field(() => HsaIdScalar, { nullable: true, description: 'The publisher’s personal HSA-id (healthcareProfessionalHSAId).' })
  healthcareProfessionalHSAId: string | null;
  @Field(() => String, { nullable: true, description: 'The publisher’s name (healthcareProfessionalName).' })
  healthcareProfessionalName: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The publisher’s profession as text, e.g. "Sjuksköterska" (in place of healthcareProfessionalRoleCode, which this service does not code).',
  })
  healthcareProfessionalRoleText: string | null;
  @Field(() => GetCarePlansOrgUnitType, { nullable: true, description: 'The unit the version was published in (healthcareProfessionalOrgUnit).' })
  healthcareProfessionalOrgUnit: GetCarePlansOrgUnitType | null;
  @Field(() => HsaIdScalar, {
    nullable: true,
    description: 'HSA-id of the care unit (vårdenhet) responsible for the document (healthcareProfessionalCareUnitHSAId): the publishing unit.',
  })
  healthcareProfessionalCareUnitHSAId: string | null;
  @Field(() => HsaIdScalar, {
    nullable: true,
    description:
      'HSA-id of the care provider (vårdgivare) (healthcareProfessionalCareGiverHSAId); null: the service does not register care providers’ HSA-ids.',
  })
  healthcareProfessionalCareGiverHSAId: string | null;
}

@ObjectType('GetCarePlansLegalAuthenticator', {
  description: 'Who signed the document (legalAuthenticator). A SIP version is agreed and published, not signed: never given today.',
})
export class GetCarePlansLegalAuthenticatorType {
  @Field({ description: 'When it was signed (signatureTime).' })
  signatureTime: Date;
  @Field(() => HsaIdScalar, { description: 'The signer’s personal HSA-id (legalAuthenticatorHSAId).' })
  legalAuthenticatorHSAId: string;
  @Field({ description: 'The signer’s name (legalAuthenticatorName).' })
  legalAuthenticatorName: string;
}

@ObjectType('CarePlanPatientApproval', {
  description:
    'A decision whether a published SIP version may be shown to the patient (approvedForPatient, e.g. in 1177): who decided, in which unit, when and why. The latest decision for a version holds.',
})
export class CarePlanPatientApprovalType {
  @Field(() => ID, { description: 'The published version decided about (`CarePlanVersion` id, as in carePlanFhir and carePlanPrintout).' })
  versionId: string;
  @Field({ description: 'True: the version may be shown to the patient; false: not (the default without any decision).' })
  approved: boolean;
  @Field(() => String, { nullable: true, description: 'Why, in a few words, if given.' })
  reason: string | null;
  @Field({ description: 'When the decision was recorded.' })
  decidedAt: Date;
  @Field(() => HsaIdScalar, { description: 'Personal HSA-id of the staff member who decided.' })
  decidedByHSAId: string;
  @Field({ description: 'Name of the staff member who decided.' })
  decidedByName: string;
  @Field(() => HsaIdScalar, { description: 'HSA-id of the unit the decision was taken in.' })
  decidedByOrganisationHSAId: string;
}

@ObjectType('GetCarePlansHeader', { description: 'The document header of one care plan in GetCarePlans (header).' })
export class GetCarePlansHeaderType {
  @Field({ description: 'The document’s id (documentId): the published version’s id, the same as `versionId`.' })
  documentId: string;
  @Field(() => HsaIdScalar, {
    description:
      'HSA-id of the source (sourceSystemHSAId): the unit that published the version (the service has no HSA-id of its own; an integration platform in front of it may put its own).',
  })
  sourceSystemHSAId: string;
  @Field({ description: 'The document’s title (documentTitle), e.g. "Samordnad individuell plan (SIP), version 2".' })
  documentTitle: string;
  @Field({ description: 'When the document was made (documentTime): the instant the version was published.' })
  documentTime: Date;
  @Field(() => GetCarePlansPatientIdType, { description: 'The patient (patientId).' })
  patientId: GetCarePlansPatientIdType;
  @Field(() => GetCarePlansAccountableProfessionalType, { description: 'Who is accountable for the document (accountableHealthcareProfessional).' })
  accountableHealthcareProfessional: GetCarePlansAccountableProfessionalType;
  @Field(() => GetCarePlansLegalAuthenticatorType, { nullable: true, description: 'Who signed it (legalAuthenticator): null, a SIP version is not signed.' })
  legalAuthenticator: GetCarePlansLegalAuthenticatorType | null;
  @Field({
    description:
      'The version may be shown to the patient (approvedForPatient), as recorded by setCarePlanApprovedForPatient; false until someone decides otherwise.',
  })
  approvedForPatient: boolean;
  @Field(() => String, { nullable: true, description: 'The care contact the document belongs to (careContactId): null, a SIP belongs to no single contact.' })
  careContactId: string | null;
  @Field({ description: 'The document was withdrawn (nullified): false, a published version is never withdrawn (a later version replaces it).' })
  nullified: boolean;
  @Field(() => String, { nullable: true, description: 'Why it was withdrawn (nullifiedReason): null.' })
  nullifiedReason: string | null;
}

@ObjectType('GetCarePlansBody', { description: 'The care plan itself in GetCarePlans (body).' })
export class GetCarePlansBodyType {
  @Field({ description: 'The kind of care plan (typeOfCarePlan): "SIP", samordnad individuell plan.' })
  typeOfCarePlan: string;
  @Field({ description: 'The kind in words: "Samordnad individuell plan".' })
  typeOfCarePlanDisplayName: string;
  @Field({
    description:
      'The plan as HTML in Swedish (content; UTF-8, at most 100 KB): why the plan exists, goals, needs, actions with who does what, participants, responsibility and the next follow-up. Next of kin are withheld under protected identity as in the plan itself.',
  })
  content: string;
  @Field(() => Int, { description: 'The size of `content` in bytes (UTF-8); never above 102400.' })
  contentByteSize: number;
  @Field(() => [HsaIdScalar], {
    description:
      'HSA-ids of the care units taking part in the plan (participating units, the unit with overall responsibility and those responsible for actions).',
  })
  participatingCareUnitHSAIds: string[];
}

@ObjectType('GetCarePlansCarePlan', {
  description:
    'One published SIP version shaped as a care plan of Inera’s GetCarePlans contract (clinicalprocess:logistics:logistics): header and body, with this service’s ids besides. docs/PLAN-EXPORT.md maps each field.',
})
export class GetCarePlansCarePlanType {
  @Field(() => GetCarePlansHeaderType, { description: 'The document header (header).' })
  header: GetCarePlansHeaderType;
  @Field(() => GetCarePlansBodyType, { description: 'The care plan (body).' })
  body: GetCarePlansBodyType;
  @Field(() => ID, { description: 'The SIP in this service (`CarePlan.id`).' })
  carePlanId: string;
  @Field(() => ID, { description: 'The published version in this service (its id, for carePlanFhir, carePlanPrintout and setCarePlanApprovedForPatient).' })
  versionId: string;
  @Field(() => Int, { description: 'The version’s number within its SIP (1, 2, 3…).' })
  versionNumber: number;
  @Field({ description: 'True for the version in force of an open SIP; false for a version a later one replaced, or the last version of a closed SIP.' })
  inForce: boolean;
  @Field(() => CarePlanPatientApprovalType, { nullable: true, description: 'The decision behind approvedForPatient, or null when none was recorded.' })
  approval: CarePlanPatientApprovalType | null;
}

export const GetCarePlansConnection = Connection(
  GetCarePlansCarePlanType,
  'GetCarePlans',
  'A page of a patient’s published SIP versions in GetCarePlans’ shape, newest first.',
);

@ObjectType('CarePlanPrintout', {
  description:
    'The printable plan for the patient to keep at home (PDF, A4, in Swedish): the agreement and goals, what matters to the patient, who does what, whom to call (fast vårdkontakt, the contact ladder of the active deterioration plan, the SIP’s contacts) and the next agreed time.',
})
export class CarePlanPrintoutType {
  @Field({ description: 'A file name to save it under, e.g. "sip-version-2-20261201.pdf".' })
  fileName: string;
  @Field({ description: 'The media type: application/pdf.' })
  mediaType: string;
  @Field({ description: 'The PDF itself, base64-encoded (RFC 4648, with padding).' })
  contentBase64: string;
  @Field(() => Int, { description: 'The size of the file in bytes (decoded).' })
  byteSize: number;
  @Field({ description: 'SHA-256 of the file (decoded), in lower-case hex.' })
  sha256: string;
  @Field({ description: 'When the printout was made: the contacts and next agreed time are as they stood then.' })
  producedAt: Date;
}
