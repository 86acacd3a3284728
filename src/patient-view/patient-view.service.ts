import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { PatientGate, PatientScope } from '../access/patient-gate';
import { AuditReader, LOG_PAGES } from '../audit/audit-reader';
import { Actor, PATIENT_ACTOR_ROLE, REPRESENTATIVE_ACTOR_ROLE } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, conflict, forbidden, preconditionFailed } from '../common/errors';
import { ConnectionShape } from '../common/pagination';
import { CarePlan } from '../care-plans/care-plan.entity';
import { CarePlanStatus, PlanType } from '../care-plans/care-plan.enums';
import { planAccess } from '../care-plans/care-plan-rules';
import { CarePlanVersion } from '../care-plans/care-plan-version.entity';
import { CarePlansService } from '../care-plans/care-plans.service';
import { contactHoursAt } from '../deterioration-plans/contact-hours';
import { DeteriorationPlan, DeteriorationPlanStatus } from '../deterioration-plans/deterioration-plan.entity';
import { ladderFor } from '../deterioration-plans/plan-content';
import { EventBus } from '../events/event-bus';
import { ExperienceService } from '../experience/experience.service';
import { ExperienceSurveyType } from '../experience/experience.types';
import { InboxEventKind } from '../events/inbox-event';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';
import { Enrollment, EnrollmentStatus } from '../patients/enrollment.entity';
import { Patient } from '../patients/patient.entity';
import { CarePlanProposal, CarePlanProposalStatus } from './care-plan-proposal.entity';
import {
  AcceptCarePlanProposalInput,
  AnswerMyExperienceQuestionsInput,
  DeclineCarePlanProposalInput,
  ProposeCarePlanChangeInput,
} from './dto/patient-view.input';
import { CARE_PLAN_PROPOSAL_RECORD } from './patient-view.records';
import {
  CarePlanProposalType,
  LogActorKind,
  MyCarePlanMeetingType,
  MyCarePlanType,
  MyCareType,
  MyLogEntryType,
  MyNamedContactType,
  MyTaskType,
} from './patient-view.types';

/** The task statuses a patient sees: still to be done (not a task declined and waiting to be reassigned). */
const OPEN_FOR_PATIENT = ['OPEN', 'ACCEPTED'];

/**
 * The patient's own view (issue 16, "the patient's own view"): what a patient, or their recorded
 * representative, reads of their own care, and the one change they make (a proposal to their SIP).
 * Every read goes through `gate.own` (the patient resolved at sign-in; the ALLOWED row is the
 * patient's, and shows in their own log extract). What they never see: a SIP draft, staff-internal
 * notes (task descriptions and outcomes, handovers, episode notes), named staff on tasks.
 * Blocks (spärr) limit what other staff organisations see; they never hide the patient's own data
 * from the patient. A protected identity is the patient's own too: they see their own name.
 */
@Injectable()
export class PatientViewService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    private readonly reader: AuditReader,
    private readonly events: EventBus,
    private readonly carePlans: CarePlansService,
    private readonly experience: ExperienceService,
  ) {}

  /**
   * The patient answers the experience questions in their own view: recorded with respondent PATIENT
   * under the survey's rules (ExperienceService), audited as the patient's. A representative does
   * not answer for the patient here: their answers are a next of kin's, entered with staff.
   */
  answerExperience(actor: Actor, input: AnswerMyExperienceQuestionsInput): Promise<ExperienceSurveyType> {
    if (actor.patient?.representative)
      throw forbidden('Only the patient answers the experience questions in their own view; a representative answers with staff, as next of kin');
    return this.gate.own(actor, { operation: 'answerMyExperienceQuestions' }, async ({ tx }) => this.experience.recordForPatient(tx, input.answers));
  }

  myCare(actor: Actor): Promise<MyCareType> {
    return this.gate.own(actor, { operation: 'myCare', readOnly: true }, async ({ tx }) => {
      const patient = await tx.self(Patient).findOneByOrFail({});
      const plan = await this.publishedPlan(tx);
      const version = plan ? await tx.repo(CarePlanVersion).findOneByOrFail({ carePlanId: plan.id, number: plan.publishedVersionNumber! }) : null;
      const enrollment = await tx.repo(Enrollment).findOneBy({ status: EnrollmentStatus.ACTIVE });
      const deterioration = await tx.repo(DeteriorationPlan).findOneBy({ status: DeteriorationPlanStatus.ACTIVE });
      const s = version?.snapshot;
      const orgIds = [
        ...(s ? [s.overallResponsibleOrganisationId, ...s.actions.map((a) => a.responsibleOrganisationId)] : []),
        ...(enrollment ? [enrollment.municipalityId, enrollment.primaryCareId] : []),
      ].filter((x): x is string => !!x);
      const staffIds = [
        ...(s ? s.actions.map((a) => a.responsibleStaffId) : []),
        ...(enrollment ? [enrollment.namedNurseId, enrollment.namedPhysicianId] : []),
      ].filter((x): x is string => !!x);
      const orgs = new Map((orgIds.length ? await tx.reference(Organisation).findBy({ id: In([...new Set(orgIds)]) }) : []).map((o) => [o.id, o.name]));
      const staff = new Map((staffIds.length ? await tx.reference(Staff).findBy({ id: In([...new Set(staffIds)]) }) : []).map((x) => [x.id, x]));
      const named = (staffId: string, unitId: string): MyNamedContactType | null => {
        const st = staff.get(staffId);
        return st ? { name: st.name, title: st.professionTitle, unit: orgs.get(unitId) ?? '', phone: st.phone } : null;
      };
      const carePlan: MyCarePlanType | null =
        plan && version && s
          ? {
              planType: s.planType ?? PlanType.SIP,
              agreementText: s.agreementText ?? null,
              agreedTime: s.agreedTime ? new Date(s.agreedTime) : null,
              daytimeContact: s.daytimeContactName && s.daytimeContactPhone ? { name: s.daytimeContactName, phone: s.daytimeContactPhone } : null,
              outOfHoursContact:
                s.outOfHoursContactName && s.outOfHoursContactPhone ? { name: s.outOfHoursContactName, phone: s.outOfHoursContactPhone } : null,
              carePlanId: plan.id,
              versionNumber: version.number,
              publishedAt: version.publishedAt,
              reason: s.reason,
              goals: s.goals.map((g) => ({ text: g.text })),
              actions: s.actions.map((a) => ({
                description: a.description,
                responsibleUnit: a.responsibleOrganisationId ? (orgs.get(a.responsibleOrganisationId) ?? null) : null,
                responsiblePerson: a.responsibleStaffId ? (staff.get(a.responsibleStaffId)?.name ?? null) : null,
                performedBy: a.performedBy,
                startDate: a.startDate,
                endDate: a.endDate,
                status: a.status,
              })),
              responsibleUnit: s.overallResponsibleOrganisationId ? (orgs.get(s.overallResponsibleOrganisationId) ?? null) : null,
              nextFollowUp: plan.followUpDue ?? s.nextFollowUpDate,
            }
          : null;
      const contactHours = contactHoursAt(this.clock.now());
      return {
        givenName: patient.givenName,
        familyName: patient.familyName,
        whatMattersToMe: patient.whatMattersToMe,
        carePlan,
        contacts: {
          careContact: enrollment ? named(enrollment.namedNurseId, enrollment.municipalityId) : null,
          physicianContact: enrollment ? named(enrollment.namedPhysicianId, enrollment.primaryCareId) : null,
          contactHours,
          contactLadder: deterioration ? ladderFor(deterioration.contacts, contactHours) : [],
        },
        actingAs: (actor.patient?.representative?.kind as MyCareType['actingAs']) ?? null,
      };
    });
  }

  /** The patient's open SIP once published (ACTIVE): the version in force is what they see; a plan never published shows nothing. */
  private publishedPlan(tx: PatientScope['tx']): Promise<CarePlan | null> {
    return tx.repo(CarePlan).findOne({ where: { status: CarePlanStatus.ACTIVE }, order: { createdAt: 'DESC' } });
  }

  /** Meetings of the patient's SIPs from 30 days back, soonest first; moved ones at their current time. */
  myMeetings(actor: Actor, first: number): Promise<MyCarePlanMeetingType[]> {
    return this.gate.own(actor, { operation: 'myCarePlanMeetings', readOnly: true }, async ({ tx }) => {
      const rows = await tx.query<{
        id: string;
        starts_at: Date;
        place: MyCarePlanMeetingType['place'];
        place_detail: string | null;
        status: MyCarePlanMeetingType['status'];
        moved: boolean;
        cancel_reason: MyCarePlanMeetingType['cancelReason'];
      }>(
        `SELECT m.id, m.starts_at, m.place, m.place_detail, m.status, m.cancel_reason,
                EXISTS (SELECT 1 FROM care_plan_meeting_move mv WHERE mv.meeting_id = m.id) AS moved
           FROM care_plan_meeting m
          WHERE m.patient_id = $1 AND m.starts_at >= $2
          ORDER BY m.starts_at, m.id
          LIMIT ${Math.trunc(first)}`,
        [tx.patientId, new Date(this.clock.now().getTime() - 30 * 86_400_000)],
      );
      return rows.map((r) => ({
        id: r.id,
        startsAt: r.starts_at,
        place: r.place,
        placeDetail: r.place_detail,
        status: r.status,
        moved: r.moved,
        cancelReason: r.cancel_reason,
      }));
    });
  }

  /**
   * The open tasks of the patient's SIPs (made for the plan, or for one of its actions), soonest due
   * first: title, due date, the unit and role. Tasks made from handovers, rounds or deterioration
   * episodes are staff's working tasks and are not shown; descriptions, outcomes and named staff never.
   */
  myCareTasks(actor: Actor, first: number): Promise<MyTaskType[]> {
    return this.gate.own(actor, { operation: 'myCareTasks', readOnly: true }, async ({ tx }) => {
      const rows = await tx.query<{ title: string; due_date: string; assignee_organisation_id: string; assignee_role: string | null; status: string }>(
        `SELECT t.title, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.assignee_organisation_id, t.assignee_role::text AS assignee_role, t.status::text AS status
           FROM task t
          WHERE t.patient_id = $1 AND t.care_plan_id IS NOT NULL AND t.status::text = ANY ($2::text[])
          ORDER BY t.due_date, t.id
          LIMIT ${Math.trunc(first)}`,
        [tx.patientId, OPEN_FOR_PATIENT],
      );
      const ids = [...new Set(rows.map((r) => r.assignee_organisation_id))];
      const orgs = new Map((ids.length ? await tx.reference(Organisation).findBy({ id: In(ids) }) : []).map((o) => [o.id, o.name]));
      return rows.map((r) => ({
        title: r.title,
        dueDate: r.due_date,
        unit: orgs.get(r.assignee_organisation_id) ?? '',
        role: r.assignee_role,
        accepted: r.status === 'ACCEPTED',
      }));
    });
  }

  /**
   * The patient's own log extract, newest first: every access and attempt on their data, their own
   * and their representative's included (this read's own row too). Read after the read is logged.
   */
  myLogExtract(actor: Actor, args: { first?: number; after?: string }): Promise<ConnectionShape<MyLogEntryType>> {
    const first = args.first ?? 20;
    const after = LOG_PAGES.after(args.after);
    return this.gate.own(actor, { operation: 'myLogExtract', purpose: 'log extract', readOnly: true }, async ({ tx }) => {
      const entries = await this.reader.ofPatient(tx.patientId, after, first + 1);
      const orgIds = [...new Set(entries.map((e) => e.organisationId))];
      const orgs = new Map((await tx.reference(Organisation).findBy({ id: In(orgIds) })).map((o) => [o.id, o.name]));
      return LOG_PAGES.page(entries, first, (e) => {
        const who =
          e.role === PATIENT_ACTOR_ROLE
            ? LogActorKind.PATIENT
            : e.role === REPRESENTATIVE_ACTOR_ROLE
              ? LogActorKind.REPRESENTATIVE
              : e.role === 'SYSTEM'
                ? LogActorKind.SERVICE
                : LogActorKind.STAFF;
        const staffSide = who === LogActorKind.STAFF || who === LogActorKind.SERVICE;
        return {
          at: e.at,
          who,
          unit: staffSide ? (orgs.get(e.organisationId) ?? null) : null,
          role: who === LogActorKind.STAFF ? e.role : null,
          operation: e.operation,
          emergency: e.emergency,
          outcome: e.outcome,
        };
      });
    });
  }

  // ---- proposals ----

  myProposals(actor: Actor, first: number): Promise<CarePlanProposalType[]> {
    return this.gate.own(actor, { operation: 'myCarePlanProposals', readOnly: true }, async ({ tx }) => {
      const rows = await tx.repo(CarePlanProposal).find({ order: { proposedAt: 'DESC', id: 'DESC' }, take: first });
      return this.proposalTypes(tx, rows);
    });
  }

  /**
   * The patient proposes new goals or new words for what matters to them; stored PROPOSED and sent
   * to the inbox of every organisation taking part in the published SIP (PATIENT_PROPOSAL).
   */
  async propose(actor: Actor, input: ProposeCarePlanChangeInput): Promise<CarePlanProposalType> {
    if (!input.goals?.length && input.whatMattersToMe === undefined) {
      throw badInput([
        { field: 'input.goals', message: 'propose at least one goal, or what matters to you' },
        { field: 'input.whatMattersToMe', message: 'propose at least one goal, or what matters to you' },
      ]);
    }
    const { view, organisationIds } = await this.gate.own(actor, { operation: 'proposeCarePlanChange' }, async ({ tx, logDetails }) => {
      const plan = await this.publishedPlan(tx);
      if (!plan) throw preconditionFailed('You have no published care plan (SIP) to propose a change to');
      const row = tx.repo(CarePlanProposal).create({
        patientId: tx.patientId,
        carePlanId: plan.id,
        goals: input.goals ?? [],
        whatMattersToMe: input.whatMattersToMe ?? null,
        message: input.message,
        status: CarePlanProposalStatus.PROPOSED,
        proposedAt: this.clock.now(),
        proposedByRepresentativeId: actor.patient?.representative?.id ?? null,
        decidedAt: null,
        decidedByStaffId: null,
        decidedByOrganisationId: null,
        declineReason: null,
      });
      const saved = await tx.repo(CarePlanProposal).save(row);
      logDetails({ carePlanProposalId: saved.id, carePlanId: plan.id });
      return { view: (await this.proposalTypes(tx, [saved]))[0], organisationIds: plan.participantOrganisationIds };
    });
    await this.events.publish({ kind: InboxEventKind.PATIENT_PROPOSAL, patientId: view.patientId, entityId: view.id, organisationIds });
    return view;
  }

  /** Staff: the patient's proposals to SIPs the caller may read, newest first. */
  proposals(actor: Actor, patientId: string, first: number): Promise<CarePlanProposalType[]> {
    return this.gate.patient(actor, patientId, { operation: 'carePlanProposals', readOnly: true }, async ({ tx, grant }) => {
      const rows = await tx.repo(CarePlanProposal).find({ order: { proposedAt: 'DESC', id: 'DESC' }, take: first });
      const planIds = [...new Set(rows.map((r) => r.carePlanId))];
      const plans = new Map((planIds.length ? await tx.repo(CarePlan).findBy({ id: In(planIds) }) : []).map((p) => [p.id, p]));
      return this.proposalTypes(
        tx,
        rows.filter((r) => planAccess(grant, plans.get(r.carePlanId)!).read),
      );
    });
  }

  /** A participant takes the proposal into the SIP's draft (goals added; what matters to me recorded by their organisation). */
  async accept(actor: Actor, input: AcceptCarePlanProposalInput): Promise<CarePlanProposalType> {
    const { view, planId } = await this.gate.record(
      actor,
      CARE_PLAN_PROPOSAL_RECORD,
      input.proposalId,
      { operation: 'acceptCarePlanProposal' },
      async (scope) => {
        const { tx, record: proposal } = scope;
        this.requireProposed(proposal);
        if (proposal.goals.length) await this.carePlans.addGoalsInTransaction(scope, proposal.carePlanId, proposal.goals, 'input.proposalId');
        else await this.requireParticipantOf(scope, proposal.carePlanId);
        if (proposal.whatMattersToMe !== null) {
          const patient = await tx.self(Patient).findOneByOrFail({});
          patient.whatMattersToMe = proposal.whatMattersToMe;
          patient.whatMattersToMeRecordedBy = actor.organisationId;
          await tx.self(Patient).save(patient);
        }
        this.decide(proposal, actor, CarePlanProposalStatus.ACCEPTED, null);
        const saved = await tx.repo(CarePlanProposal).save(proposal);
        return { view: (await this.proposalTypes(tx, [saved]))[0], planId: proposal.carePlanId };
      },
    );
    if (view.goals.length) await this.carePlans.announceChanged({ id: planId, patientId: view.patientId });
    return view;
  }

  async decline(actor: Actor, input: DeclineCarePlanProposalInput): Promise<CarePlanProposalType> {
    return this.gate.record(actor, CARE_PLAN_PROPOSAL_RECORD, input.proposalId, { operation: 'declineCarePlanProposal' }, async (scope) => {
      const { tx, record: proposal } = scope;
      this.requireProposed(proposal);
      await this.requireParticipantOf(scope, proposal.carePlanId);
      this.decide(proposal, actor, CarePlanProposalStatus.DECLINED, input.reason);
      const saved = await tx.repo(CarePlanProposal).save(proposal);
      return (await this.proposalTypes(tx, [saved]))[0];
    });
  }

  private requireProposed(p: CarePlanProposal): void {
    if (p.status !== CarePlanProposalStatus.PROPOSED) throw conflict(`The proposal is already ${p.status.toLowerCase()}`);
  }

  private async requireParticipantOf(scope: PatientScope, carePlanId: string): Promise<void> {
    const plan = await scope.tx.repo(CarePlan).findOneByOrFail({ id: carePlanId });
    if (!planAccess(scope.grant, plan).write) throw forbidden('Only organisations taking part in the SIP answer the patient’s proposals');
  }

  private decide(p: CarePlanProposal, actor: Actor, status: CarePlanProposalStatus, reason: string | null): void {
    p.status = status;
    p.decidedAt = this.clock.now();
    p.decidedByStaffId = actor.staffId;
    p.decidedByOrganisationId = actor.organisationId;
    p.declineReason = reason;
  }

  private async proposalTypes(tx: PatientScope['tx'], rows: CarePlanProposal[]): Promise<CarePlanProposalType[]> {
    const ids = [...new Set(rows.map((r) => r.decidedByOrganisationId).filter((x): x is string => !!x))];
    const orgs = new Map((ids.length ? await tx.reference(Organisation).findBy({ id: In(ids) }) : []).map((o) => [o.id, o.name]));
    return rows.map((r) => ({
      id: r.id,
      patientId: r.patientId,
      carePlanId: r.carePlanId,
      goals: r.goals,
      whatMattersToMe: r.whatMattersToMe,
      message: r.message,
      status: r.status,
      proposedAt: r.proposedAt,
      byRepresentative: !!r.proposedByRepresentativeId,
      decidedAt: r.decidedAt,
      decidedByUnit: r.decidedByOrganisationId ? (orgs.get(r.decidedByOrganisationId) ?? null) : null,
      declineReason: r.declineReason,
    }));
  }
}
