import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { IdArg } from '../common/id.pipe';
import { GetCarePlansArgs, SetCarePlanApprovedForPatientInput } from './dto/plan-export.input';
import { PlanExportService } from './plan-export.service';
import { CarePlanPatientApprovalType, CarePlanPrintoutType, GetCarePlansConnection } from './plan-export.types';

const VERSION_ID =
  'A published SIP version (its id: `versionId` in getCarePlans). A draft has no version id: anything else answers "Care plan version not found".';

@Resolver()
export class PlanExportResolver {
  constructor(private readonly exports: PlanExportService) {}

  @Query(() => String, {
    description:
      'A published SIP version as a FHIR R4 Bundle (type collection), as JSON text: the CarePlan (status, intent plan, period, activities with the responsible organisation and staff as performers, goals and care team referenced), its Goals, the CareTeam (participating organisations, named staff, the patient, next of kin), the Patient by personnummer (system http://electronichealth.se/identifier/personnummer), Organizations and Practitioners by HSA-id (urn:oid:1.2.752.129.2.1.4.1). Read as the plan is read (consent, block); under protected identity the Patient has no name, address or phone, and next of kin are left out, unless your organisation cares for the patient directly. One access-log row with the patient.',
  })
  carePlanFhir(@CurrentActor() actor: Actor, @IdArg('versionId', VERSION_ID) versionId: string) {
    return this.exports.fhir(actor, versionId);
  }

  @Query(() => GetCarePlansConnection, {
    description:
      'A patient’s published SIP versions shaped as Inera’s GetCarePlans (clinicalprocess:logistics:logistics): carePlanHeader with approvedForPatient and carePlanBody with the plan as base64 HTML (content, at most 100 000 bytes) and the participating units (participatingCareUnitHSAId); newest first, within the period (`from`/`to`, the day published: the contract’s datePeriod), optionally only from given care units (careUnitHSAId) or source (sourceSystemHSAId). Only plans you may read are included. One access-log row with the patient.',
  })
  getCarePlans(@CurrentActor() actor: Actor, @Args() args: GetCarePlansArgs) {
    return this.exports.getCarePlans(actor, args);
  }

  @Query(() => CarePlanPrintoutType, {
    description:
      'The printable plan (PDF, Swedish) of a published SIP version, for the patient to keep at home: what was agreed and the goals, what matters to the patient, who does what, whom to call (fast vårdkontakt and fast läkarkontakt, the contact ladder of the active deterioration plan for daytime and out of hours, or the SIP’s named contacts) and the next agreed time (the next SIP meeting, the follow-up date). Read as the plan is read. One access-log row with the patient.',
  })
  carePlanPrintout(@CurrentActor() actor: Actor, @IdArg('versionId', VERSION_ID) versionId: string) {
    return this.exports.printout(actor, versionId);
  }

  @Mutation(() => CarePlanPatientApprovalType, {
    description:
      'Decide whether a published SIP version may be shown to the patient (GetCarePlans’ approvedForPatient, false until decided). For the organisation that published the version or has overall responsibility in it; who, when and why are kept, and the latest decision holds.',
  })
  setCarePlanApprovedForPatient(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The version and the decision.' }) input: SetCarePlanApprovedForPatientInput,
  ) {
    return this.exports.setApprovedForPatient(actor, input);
  }
}
