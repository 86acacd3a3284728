import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
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

@ObjectType('GetCarePlansCode', {
  description:
    'A coded value as the contract carries it (CVType): a code from a code system (`code`, `codeSystem`, `displayName`) or, when nothing is coded, the text alone (`originalText`).',
})
export class GetCarePlansCodeType {
  @Field(() => String, { nullable: true, description: 'The code; null when only the text is given.' })
  code: string | null;
  @Field(() => String, { nullable: true, description: 'The OID of the code system; null when only the text is given.' })
  codeSystem: string | null;
  @Field(() => String, { nullable: true, description: 'The code’s name in the code system; null when only the text is given.' })
  displayName: string | null;
  @Field(() => String, { nullable: true, description: 'The value as written in this service, when it is not coded.' })
  originalText: string | null;
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
  @Field(() => GetCarePlansCodeType, {
    nullable: true,
    description:
      'The publisher’s position (healthcareProfessionalRoleCode, a coded value; KV Befattning is the contract’s preferred code system): the service does not code positions, so only `originalText` is given, the profession title such as "Sjuksköterska".',
  })
  healthcareProfessionalRoleCode: GetCarePlansCodeType | null;
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
  @Field(() => HsaIdScalar, { nullable: true, description: 'The signer’s personal HSA-id (legalAuthenticatorHSAId; optional in the contract).' })
  legalAuthenticatorHSAId: string | null;
  @Field(() => String, { nullable: true, description: 'The signer’s name (legalAuthenticatorName; optional in the contract).' })
  legalAuthenticatorName: string | null;
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

@ObjectType('GetCarePlansHeader', {
  description:
    'The document header of one care plan in GetCarePlans (carePlanHeader). The contract’s nullified and nullifiedReason must not be given in GetCarePlans and are left out.',
})
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
  @Field({
    description:
      'When the plan was drawn up (documentTime; optional in the contract, always given here): the instant the version was published. The contract writes it as YYYYMMDDhhmmss in Swedish local time.',
  })
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
}

export enum GetCarePlansTypeOfCarePlan {
  SIP = 'SIP',
  SPLPTLRV = 'SPLPTLRV',
  SPU = 'SPU',
  VP = 'VP',
  HP = 'HP',
  RP = 'RP',
  GP = 'GP',
  SVP = 'SVP',
}
registerEnumType(GetCarePlansTypeOfCarePlan, {
  name: 'GetCarePlansTypeOfCarePlan',
  description:
    'The kinds of care plan the contract knows (typeOfCarePlanEnum; code system https://fhir.inera.se/CodeSystem/typeofcareplan-cs). This service exports SIP, and VP for an agreement with one unit (patientkontrakt).',
  valuesMap: {
    SIP: { description: 'Samordnad individuell plan (SIP).' },
    SPLPTLRV: { description: 'Samordnad plan under LPT and LRV (compulsory psychiatric and forensic care).' },
    SPU: { description: 'Samordnad plan vid utskrivning (discharge from inpatient care).' },
    VP: { description: 'Vårdplan (care plan).' },
    HP: { description: 'Habiliteringsplan.' },
    RP: { description: 'Rehabiliteringsplan.' },
    GP: { description: 'Genomförandeplan (how social services carry out a decision).' },
    SVP: { description: 'Standardiserad vårdplan.' },
  },
});

@ObjectType('GetCarePlansMultimedia', {
  description:
    'One piece of the plan’s content as the contract carries it (content, MultimediaType): a media type and the bytes, base64-encoded. The contract allows either `value` or `reference`, never both; this service always gives `value`.',
})
export class GetCarePlansMultimediaType {
  @Field({ description: 'The media type (mediaType): "text/html" (UTF-8).' })
  mediaType: string;
  @Field(() => String, {
    nullable: true,
    description: 'The content itself (value), base64-encoded (RFC 4648, with padding): the plan as HTML in Swedish, at most 100 000 bytes decoded.',
  })
  value: string | null;
  @Field(() => String, { nullable: true, description: 'A URL to the content instead of `value` (reference): always null here.' })
  reference: string | null;
  @Field(() => Int, { description: 'The size of the decoded `value` in bytes (this service’s own field); never above 100000.' })
  byteSize: number;
}

@ObjectType('GetCarePlansInstanceId', {
  description: 'An identifier as the contract carries it (IIType): `root` names the kind (an OID), `extension` is the value.',
})
export class GetCarePlansInstanceIdType {
  @Field({ description: 'The OID of the kind of identifier: "1.2.752.129.2.1.4.1" for an HSA-id.' })
  root: string;
  @Field({ description: 'The identifier itself, e.g. the care unit’s HSA-id "SE2321000057-1004".' })
  extension: string;
}

@ObjectType('GetCarePlansBody', { description: 'The care plan itself in GetCarePlans (carePlanBody).' })
export class GetCarePlansBodyType {
  @Field(() => GetCarePlansTypeOfCarePlan, {
    description:
      'The kind of care plan (typeOfCarePlanEnum): SIP for a samordnad individuell plan; VP (vårdplan) for an agreement with one unit (dokumenterad överenskommelse, patientkontrakt).',
  })
  typeOfCarePlanEnum: GetCarePlansTypeOfCarePlan;
  @Field(() => [GetCarePlansMultimediaType], {
    description:
      'The plan’s content (content): one HTML document in Swedish with why the plan exists, goals, needs, actions with who does what, participants, responsibility and the next follow-up. Next of kin are withheld under protected identity as in the plan itself.',
  })
  content: GetCarePlansMultimediaType[];
  @Field(() => [GetCarePlansInstanceIdType], {
    description:
      'The care units taking part in the plan (participatingCareUnitHSAId), as HSA-ids: participating units, the unit with overall responsibility and those responsible for actions.',
  })
  participatingCareUnitHSAId: GetCarePlansInstanceIdType[];
}

@ObjectType('GetCarePlansCarePlan', {
  description:
    'One published SIP version shaped as a care plan of Inera’s GetCarePlans contract (clinicalprocess:logistics:logistics): carePlanHeader and carePlanBody, with this service’s ids besides. docs/PLAN-EXPORT.md maps each field.',
})
export class GetCarePlansCarePlanType {
  @Field(() => GetCarePlansHeaderType, { description: 'The document header (carePlanHeader).' })
  carePlanHeader: GetCarePlansHeaderType;
  @Field(() => GetCarePlansBodyType, { description: 'The care plan (carePlanBody).' })
  carePlanBody: GetCarePlansBodyType;
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
