import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In, MoreThan } from 'typeorm';
import { PatientGate, PatientScope, RecordScope } from '../access/patient-gate';
import { canSeeIdentity, canSeeRecordedBy } from '../access/patient-grant';
import { CarePlan } from '../care-plans/care-plan.entity';
import { CarePlanMeetingStatus } from '../care-plans/care-plan.enums';
import { CarePlanMeeting } from '../care-plans/care-plan-meeting.entity';
import { planAccess } from '../care-plans/care-plan-rules';
import { redactIdentity } from '../care-plans/care-plan-snapshot';
import { CarePlanVersion } from '../care-plans/care-plan-version.entity';
import { Actor } from '../common/actor';
import { endOfStockholmDay, startOfStockholmDay } from '../common/calendar';
import { Clock } from '../common/clock';
import { badInput, forbidden } from '../common/errors';
import { ConnectionShape, keyset } from '../common/pagination';
import { DeteriorationPlan, DeteriorationPlanStatus } from '../deterioration-plans/deterioration-plan.entity';
import { canSeePlan } from '../deterioration-plans/plan-content';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';
import { Enrollment, EnrollmentStatus } from '../patients/enrollment.entity';
import { Patient } from '../patients/patient.entity';
import { GetCarePlansArgs, SetCarePlanApprovedForPatientInput } from './dto/plan-export.input';
import { toFhirBundle } from './fhir-bundle';
import { toCarePlanDocument } from './get-care-plans';
import { ExportContent, ExportPatient, namedIds, StaffName, UnitName } from './plan-export-content';
import { CARE_PLAN_VERSION_RECORD } from './plan-export.records';
import { CarePlanPatientApprovalType, CarePlanPrintoutType, GetCarePlansCarePlanType } from './plan-export.types';
import { PlanPatientApproval } from './plan-patient-approval.entity';
import { printoutFileName, PrintoutData, renderPrintoutPdf } from './plan-printout-pdf';

/** A patient's published versions, newest first. */
const VERSION_PAGES = keyset<CarePlanVersion>(
  [
    { sql: 'v.publishedAt', type: 'timestamptz', of: (v) => v.publishedAt },
    { sql: 'v.id', type: 'uuid', of: (v) => v.id },
  ],
  'desc',
);

/**
 * The plan leaves the service: a published SIP version as FHIR, as GetCarePlans documents and as
 * the patient's printout, each read through the gate exactly as reading the plan (its record kind
 * takes the SIP's visibility), audited with the patient. And the decision whether the patient may
 * see a version (approvedForPatient).
 */
@Injectable()
export class PlanExportService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  /** The FHIR R4 Bundle of one published version, as JSON text. */
  async fhir(actor: Actor, versionId: string): Promise<string> {
    const content = await this.gate.record(actor, CARE_PLAN_VERSION_RECORD, versionId, { operation: 'carePlanFhir' }, (scope) =>
      this.content(scope, scope.record),
    );
    return JSON.stringify(toFhirBundle(content, this.clock.now()));
  }

  /** The printable plan (PDF) of one published version. */
  async printout(actor: Actor, versionId: string): Promise<CarePlanPrintoutType> {
    const producedAt = this.clock.now();
    const data = await this.gate.record(actor, CARE_PLAN_VERSION_RECORD, versionId, { operation: 'carePlanPrintout' }, async (scope) => {
      const { tx, grant } = scope;
      const content = await this.content(scope, scope.record);
      const enrollment = await tx.repo(Enrollment).findOneBy({ status: EnrollmentStatus.ACTIVE });
      const plan = await tx.repo(DeteriorationPlan).findOneBy({ status: DeteriorationPlanStatus.ACTIVE });
      const meeting = await tx.repo(CarePlanMeeting).findOne({
        where: { carePlanId: scope.record.carePlanId, status: CarePlanMeetingStatus.SCHEDULED, startsAt: MoreThan(producedAt) },
        order: { startsAt: 'ASC', id: 'ASC' },
      });
      const carePlan = await tx.repo(CarePlan).findOneByOrFail({ id: scope.record.carePlanId });
      const names = await this.names(scope, {
        units: enrollment ? [enrollment.municipalityId, enrollment.primaryCareId] : [],
        staff: enrollment ? [enrollment.namedNurseId, enrollment.namedPhysicianId] : [],
      });
      const person = (staffId: string, unitId: string) => {
        const staff = names.staff.get(staffId);
        return staff ? { staff, unit: names.units.get(unitId) ?? null } : null;
      };
      const out: PrintoutData = {
        content,
        producedAt,
        contacts: {
          namedNurse: enrollment ? person(enrollment.namedNurseId, enrollment.municipalityId) : null,
          namedPhysician: enrollment ? person(enrollment.namedPhysicianId, enrollment.primaryCareId) : null,
          ladder: plan && canSeePlan(grant, plan) ? plan.contacts : null,
        },
        next: {
          meeting: meeting ? { startsAt: meeting.startsAt, place: meeting.place, placeNote: meeting.placeDetail } : null,
          followUpDate: content.version.supersededAt ? null : (carePlan.followUpDue ?? content.version.snapshot.nextFollowUpDate),
        },
      };
      return out;
    });
    const pdf = await renderPrintoutPdf(data);
    return {
      fileName: printoutFileName(data.content, producedAt),
      mediaType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
      byteSize: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      producedAt,
    };
  }

  /** A patient's published versions of the plans the actor may read, in GetCarePlans' shape, newest first, within the period. */
  async getCarePlans(actor: Actor, args: GetCarePlansArgs): Promise<ConnectionShape<GetCarePlansCarePlanType>> {
    if (args.from && args.to && args.to < args.from) throw badInput('to', 'must not be before from');
    const first = args.first ?? 20;
    const careUnits = [...new Set(args.careUnitHSAId ?? [])];
    const source = args.sourceSystemHSAId ?? null;
    const details = { from: args.from ?? null, to: args.to ?? null, careUnitHSAId: careUnits.length ? careUnits : null, sourceSystemHSAId: source };
    return this.gate.patient(actor, args.patientId, { operation: 'getCarePlans', details }, async (scope) => {
      const { tx, grant } = scope;
      const plans = (await tx.repo(CarePlan).find()).filter((p) => planAccess(grant, p).read);
      if (!plans.length) return VERSION_PAGES.pageOf([], false, []);
      const qb = tx
        .repo(CarePlanVersion)
        .createQueryBuilder('v')
        .andWhere('v.carePlanId IN (:...plans)', { plans: plans.map((p) => p.id) });
      if (args.from) qb.andWhere('v.publishedAt >= :from', { from: startOfStockholmDay(args.from) });
      if (args.to) qb.andWhere('v.publishedAt <= :to', { to: endOfStockholmDay(args.to) });
      // The care unit and the source are both the publishing unit (healthcareProfessionalCareUnitHSAId, sourceSystemHSAId).
      if (careUnits.length || source) {
        const units = await tx.reference(Organisation).find({ select: { id: true, hsaId: true }, where: { hsaId: In(source ? [source] : careUnits) } });
        const ids = units.filter((u) => !careUnits.length || careUnits.includes(u.hsaId)).map((u) => u.id);
        if (!ids.length) return VERSION_PAGES.pageOf([], false, []);
        qb.andWhere('v.publishedByOrganisationId IN (:...units)', { units: ids });
      }
      const named = {};
      const after = VERSION_PAGES.where(args.after, named);
      if (after) qb.andWhere(after, named);
      const rows = await qb
        .orderBy(VERSION_PAGES.order)
        .take(first + 1)
        .getMany();
      const page = rows.slice(0, first);
      if (!page.length) return VERSION_PAGES.pageOf(page, false, []);
      // When a later version replaced each (the next number of the same plan).
      const later = await tx.repo(CarePlanVersion).find({
        select: { carePlanId: true, number: true, publishedAt: true },
        where: { carePlanId: In([...new Set(page.map((v) => v.carePlanId))]) },
      });
      const supersededAt = (v: CarePlanVersion) => later.find((l) => l.carePlanId === v.carePlanId && l.number === v.number + 1)?.publishedAt ?? null;
      const ids = page.map((v) => namedIds(v));
      const names = await this.names(scope, { units: ids.flatMap((i) => i.units), staff: ids.flatMap((i) => i.staff) });
      const patient = this.patientOf(await tx.self(Patient).findOneByOrFail({}), scope);
      const approvals = await this.latestApprovals(
        scope,
        page.map((v) => v.id),
      );
      const shown = page.map((v) => {
        const plan = plans.find((p) => p.id === v.carePlanId)!;
        const content: ExportContent = {
          version: this.versionOf(v, scope, supersededAt(v)),
          plan,
          patient,
          units: names.units,
          staff: names.staff,
        };
        const approval = approvals.get(v.id) ?? null;
        const doc = toCarePlanDocument(content, approval?.approved ?? false);
        return { row: v, node: { ...doc, approval } };
      });
      return VERSION_PAGES.pageOf(page, rows.length > first, shown);
    });
  }

  /**
   * Records whether the patient may see a published version. The decision belongs to the
   * organisation that published it or has overall responsibility in it; the latest decision holds.
   */
  async setApprovedForPatient(actor: Actor, input: SetCarePlanApprovedForPatientInput): Promise<CarePlanPatientApprovalType> {
    const details = { approved: input.approved };
    return this.gate.record(actor, CARE_PLAN_VERSION_RECORD, input.versionId, { operation: 'setCarePlanApprovedForPatient', details }, async (scope) => {
      const { tx, record: v } = scope;
      const deciders = [v.publishedByOrganisationId, v.snapshot.overallResponsibleOrganisationId];
      if (!deciders.includes(actor.organisationId)) {
        scope.refuse('not-publisher');
        throw forbidden('Only the organisation that published this SIP version, or has overall responsibility in it, decides whether the patient may see it');
      }
      const row = await tx.repo(PlanPatientApproval).save(
        tx.repo(PlanPatientApproval).create({
          carePlanVersionId: v.id,
          patientId: v.patientId,
          approved: input.approved,
          reason: input.reason ?? null,
          decidedAt: this.clock.now(),
          decidedByStaffId: actor.staffId,
          decidedByOrganisationId: actor.organisationId,
        }),
      );
      return (await this.approvalTypes(scope, [row])).get(v.id)!;
    });
  }

  // ---- reading the parts ----

  private async content(scope: RecordScope<CarePlanVersion> | PatientScope, v: CarePlanVersion): Promise<ExportContent> {
    const { tx } = scope;
    const plan = await tx.repo(CarePlan).findOneByOrFail({ id: v.carePlanId });
    const next = await tx.repo(CarePlanVersion).findOne({ select: { publishedAt: true }, where: { carePlanId: v.carePlanId, number: v.number + 1 } });
    const patient = this.patientOf(await tx.self(Patient).findOneByOrFail({}), scope);
    const version = this.versionOf(v, scope, next?.publishedAt ?? null);
    const names = await this.names(scope, namedIds(version));
    return { version, plan, patient, ...names };
  }

  private versionOf(v: CarePlanVersion, scope: PatientScope, supersededAt: Date | null) {
    return {
      id: v.id,
      carePlanId: v.carePlanId,
      number: v.number,
      publishedAt: v.publishedAt,
      publishedByStaffId: v.publishedByStaffId,
      publishedByOrganisationId: v.publishedByOrganisationId,
      snapshot: redactIdentity(v.snapshot, canSeeIdentity(scope.grant)),
      supersededAt,
    };
  }

  /** The patient as the caller may see them: identity as the patient view shows it, "what matters to me" as documentation. */
  private patientOf(p: Patient, scope: PatientScope): ExportPatient {
    const identityVisible = canSeeIdentity(scope.grant);
    return {
      id: p.id,
      personnummer: p.personnummer,
      coordinationNumber: p.coordinationNumber,
      birthDate: p.birthDate,
      protectedIdentity: p.protectedIdentity,
      identityVisible,
      givenName: identityVisible ? p.givenName : null,
      familyName: identityVisible ? p.familyName : null,
      address: identityVisible ? p.address : null,
      phone: identityVisible ? p.phone : null,
      whatMattersToMe: canSeeRecordedBy(scope.grant, p.whatMattersToMeRecordedBy) ? p.whatMattersToMe : null,
    };
  }

  private async names(
    scope: PatientScope,
    ids: { units: string[]; staff: string[] },
  ): Promise<{ units: Map<string, UnitName>; staff: Map<string, StaffName> }> {
    const unitIds = [...new Set(ids.units)];
    const staffIds = [...new Set(ids.staff)];
    const units = unitIds.length ? await scope.tx.reference(Organisation).findBy({ id: In(unitIds) }) : [];
    const staff = staffIds.length ? await scope.tx.reference(Staff).findBy({ id: In(staffIds) }) : [];
    return {
      units: new Map(units.map((u) => [u.id, { id: u.id, hsaId: u.hsaId, name: u.name }])),
      staff: new Map(staff.map((s) => [s.id, { id: s.id, hsaId: s.hsaId, name: s.name, professionTitle: s.professionTitle, phone: s.phone }])),
    };
  }

  /** The latest decision per version (by decision time, then id). */
  private async latestApprovals(scope: PatientScope, versionIds: string[]): Promise<Map<string, CarePlanPatientApprovalType>> {
    const rows = await scope.tx.repo(PlanPatientApproval).find({ where: { carePlanVersionId: In(versionIds) }, order: { decidedAt: 'DESC', id: 'DESC' } });
    const latest = new Map<string, PlanPatientApproval>();
    for (const r of rows) if (!latest.has(r.carePlanVersionId)) latest.set(r.carePlanVersionId, r);
    return this.approvalTypes(scope, [...latest.values()]);
  }

  private async approvalTypes(scope: PatientScope, rows: PlanPatientApproval[]): Promise<Map<string, CarePlanPatientApprovalType>> {
    const names = await this.names(scope, { units: rows.map((r) => r.decidedByOrganisationId), staff: rows.map((r) => r.decidedByStaffId) });
    return new Map(
      rows.map((r) => [
        r.carePlanVersionId,
        {
          versionId: r.carePlanVersionId,
          approved: r.approved,
          reason: r.reason,
          decidedAt: r.decidedAt,
          decidedByHSAId: names.staff.get(r.decidedByStaffId)?.hsaId ?? '',
          decidedByName: names.staff.get(r.decidedByStaffId)?.name ?? '',
          decidedByOrganisationHSAId: names.units.get(r.decidedByOrganisationId)?.hsaId ?? '',
        },
      ]),
    );
  }
}
