import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { PatientGate, PatientScope, RecordScope } from '../access/patient-gate';
import { PatientTx } from '../access/patient-tx';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, conflict, forbidden, preconditionFailed } from '../common/errors';
import { EventBus } from '../events/event-bus';
import { InboxEventKind } from '../events/inbox-event';
import { Organisation } from '../organisations/organisation.entity';
import { isUnplannedCareKind } from '../common/organisation-kind';
import { CarePlan } from './care-plan.entity';
import {
  CarePlanCloseReason,
  CarePlanParticipantKind,
  CarePlanStatus,
  isEnded,
  PlanType,
  PUBLISH_REQUIREMENT_FIELD,
  PUBLISH_REQUIREMENT_TEXT,
} from './care-plan.enums';
import { applyDraftUpdate, DraftFacts, referencedIds, validateDraft } from './care-plan-draft';
import { planAccess, requireParticipant } from './care-plan-rules';
import { CARE_PLAN_RECORD } from './care-plans.records';
import { agreementPart, CarePlanSnapshot, ParticipantSnapshot, participantOrganisations, publishBlockers } from './care-plan-snapshot';
import { DRAFT_LISTS, expectVersion, hasSipConsent, readDraft, refreshParticipants, savePlan, writeDraft } from './care-plan-store';
import { CarePlanVersion } from './care-plan-version.entity';
import { CarePlanType, toPlanType } from './care-plan.types';
import { CarePlanLifecycleInput, CloseCarePlanInput, CreateCarePlanInput, ReplaceAgreementWithSipInput, UpdateCarePlanDraftInput } from './dto/care-plan.input';

/** How a new SIP draft starts: why, and the organisations taking part besides the actor's own. */
export interface DraftStart {
  /** Why a SIP is needed (the draft's reason). */
  reason: string;
  organisationIds?: string[];
  /** SIP unless said otherwise. */
  planType?: PlanType;
}

/** A SIP drafted to replace a patient agreement: the agreement, and the content the draft starts from (null: an empty start). */
interface Replacing {
  agreement: CarePlan;
  content: CarePlanSnapshot | null;
}

const EMPTY_DRAFT: CarePlanSnapshot = {
  reason: '',
  goals: [],
  needs: [],
  actions: [],
  participants: [],
  overallResponsibleOrganisationId: null,
  coordinatorStaffId: null,
  nextFollowUpDate: null,
};

/**
 * The SIP lifecycle: DRAFT → ACTIVE (published) → revised (draft → next version) → CLOSED.
 * Every change is announced (CARE_PLAN_CHANGED) after its transaction has committed.
 */
@Injectable()
export class CarePlansService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async create(actor: Actor, input: CreateCarePlanInput): Promise<CarePlanType> {
    const view = await this.gate.patient(actor, input.patientId, { operation: 'createCarePlan' }, async (scope) => {
      const plan = await this.startInTransaction(scope, { reason: input.reason, planType: input.planType });
      return toPlanType(plan, planAccess(scope.grant, plan));
    });
    return this.announced(view);
  }

  /**
   * Starts a SIP draft inside the caller's checked, audited patient transaction (`scope` from
   * withPatient): the rules of createCarePlan — a care relationship (emergency access is not
   * enough), one open plan per patient (CONFLICT naming it), the draft's participant rules — with
   * the actor's organisation as first participant and `organisationIds` after it. Call
   * `announceChanged` after the transaction has committed.
   */
  async startInTransaction(scope: PatientScope, start: DraftStart): Promise<CarePlan> {
    requireCareRelationship(scope);
    const open = await this.lockOpenPlans(scope);
    const sip = open.find((p) => p.planType === PlanType.SIP);
    const agreement = open.find((p) => p.planType === PlanType.PATIENT_AGREEMENT);
    if ((start.planType ?? PlanType.SIP) === PlanType.PATIENT_AGREEMENT) {
      if (agreement) throw conflict('The patient already has an open patient agreement; revise it instead of starting another', { carePlanId: agreement.id });
      if (sip) throw conflict('The patient has an open SIP; a patient agreement does not replace it (revise the SIP instead)', { carePlanId: sip.id });
    } else {
      if (sip) throw conflict('The patient already has an open SIP; revise it instead of starting another', { carePlanId: sip.id });
      if (agreement)
        throw conflict('The patient has an open patient agreement; replace it with a SIP (replaceAgreementWithSip) so that its history is kept', {
          carePlanId: agreement.id,
        });
    }
    return this.insertDraft(scope, start);
  }

  /**
   * A SIP draft that replaces an ACTIVE patient agreement (participants of the agreement only,
   * expectedVersion): it starts from the agreement's version in force (its goals, needs, actions,
   * participants, contacts and agreed time, as new items), with the new reason. The agreement stays
   * in force, unchanged, until the SIP is first published; then it becomes SUPERSEDED, linked to the
   * SIP, its versions kept. One SIP may be open: CONFLICT naming it.
   */
  async replaceAgreementWithSip(actor: Actor, input: ReplaceAgreementWithSipInput): Promise<CarePlanType> {
    const view = await this.gate.record(actor, CARE_PLAN_RECORD, input.carePlanId, { operation: 'replaceAgreementWithSip' }, async (scope) => {
      requireParticipant(scope);
      expectVersion(scope.record, input.expectedVersion);
      const agreement = scope.record;
      if (agreement.planType !== PlanType.PATIENT_AGREEMENT) throw preconditionFailed('Only a patient agreement is replaced by a SIP');
      if (isEnded(agreement.status)) throw conflict(`The patient agreement is ${agreement.status.toLowerCase()}`);
      if (agreement.status !== CarePlanStatus.ACTIVE)
        throw preconditionFailed('The patient agreement has never been published; publish it, or close it and start a SIP');
      const open = await this.lockOpenPlans(scope);
      const sip = open.find((p) => p.planType === PlanType.SIP);
      if (sip) throw conflict('The patient already has an open SIP', { carePlanId: sip.id });
      const content = await this.versionInForce(scope.tx, agreement);
      const plan = await this.insertDraft(scope, { reason: input.reason }, { agreement, content });
      return toPlanType(plan, planAccess(scope.grant, plan));
    });
    return this.announced(view);
  }

  /**
   * The patient's open SIP (a draft, or published and not closed) as it is, or else a new draft
   * started under the same rules as `startInTransaction`. For callers that invite to a SIP, such as
   * a discharge's SIP invitation. An open plan is linked unchanged: its content and participants
   * change only through its participants' own edits (with expectedVersion). Announce after commit
   * when `created`.
   */
  async openOrStartInTransaction(scope: PatientScope, start: DraftStart): Promise<{ plan: CarePlan; created: boolean }> {
    const open = await this.lockOpenPlans(scope);
    const sip = open.find((p) => p.planType === PlanType.SIP);
    if (sip) return { plan: sip, created: false };
    // An open patient agreement: the new SIP replaces it when first published. It starts from the
    // agreement's content only for an organisation taking part in the agreement.
    const agreement = open.find((p) => p.planType === PlanType.PATIENT_AGREEMENT);
    let replacing: Replacing | undefined;
    if (agreement) {
      const mine = planAccess(scope.grant, agreement).write && agreement.publishedVersionNumber !== null;
      replacing = { agreement, content: mine ? await this.versionInForce(scope.tx, agreement) : null };
    }
    return { plan: await this.insertDraft(scope, { ...start, planType: PlanType.SIP }, replacing), created: true };
  }

  /**
   * After commit: every organisation with a care relationship to the patient hears that the SIP
   * changed (ids only, like DETERIORATION_PLAN_CHANGED); each subscriber's own access decides.
   */
  async announceChanged(plan: Pick<CarePlan, 'id' | 'patientId'>): Promise<void> {
    await this.events.publish({ kind: InboxEventKind.CARE_PLAN_CHANGED, patientId: plan.patientId, entityId: plan.id, careRelationships: true });
  }

  private async announced(view: CarePlanType): Promise<CarePlanType> {
    await this.announceChanged(view);
    return view;
  }

  /** Serialises starts for one patient so that the one-open-plan rules answer cleanly; returns the open plans (at most one of each type). */
  private async lockOpenPlans({ tx }: PatientScope): Promise<CarePlan[]> {
    await tx.lockSeries('care_plan');
    return tx.repo(CarePlan).find({ where: { status: In([CarePlanStatus.DRAFT, CarePlanStatus.ACTIVE]) } });
  }

  private async insertDraft(scope: PatientScope, start: DraftStart, replacing?: Replacing): Promise<CarePlan> {
    requireCareRelationship(scope);
    const { tx, grant, actor } = scope;
    const planType = start.planType ?? PlanType.SIP;
    const draft = startingContent(replacing?.content ?? null, start, actor.organisationId, planType);
    const errors = validateDraft(draft, new Set(['participants']), await this.facts(tx, draft, actor));
    if (errors.length) throw badInput(errors);
    const now = this.clock.now();
    const plan = tx.repo(CarePlan).create({
      id: randomUUID(),
      patientId: grant.patientId,
      status: CarePlanStatus.DRAFT,
      planType,
      supersedesCarePlanId: replacing?.agreement.id ?? null,
      supersededByCarePlanId: null,
      version: 1,
      draftOpen: true,
      publishedVersionNumber: null,
      reason: start.reason,
      overallResponsibleOrganisationId: null,
      coordinatorStaffId: null,
      draftNextFollowUpDate: null,
      agreementText: null,
      careContactStaffId: null,
      agreedTime: null,
      daytimeContactName: null,
      daytimeContactPhone: null,
      outOfHoursContactName: null,
      outOfHoursContactPhone: null,
      followUpDue: null,
      participantOrganisationIds: participantOrganisations(draft),
      createdByStaffId: actor.staffId,
      createdByOrganisationId: actor.organisationId,
      createdAt: now,
      updatedAt: now,
      updatedByStaffId: actor.staffId,
      closedAt: null,
      closedByStaffId: null,
      closeReason: null,
      closeNote: null,
    });
    await tx.repo(CarePlan).insert(plan);
    await writeDraft(
      tx,
      plan,
      draft,
      DRAFT_LISTS.filter((l) => draft[l].length > 0),
    );
    await tx.repo(CarePlan).update(plan.id, draftScalars(plan));
    return refreshParticipants(tx, plan);
  }

  async updateDraft(actor: Actor, input: UpdateCarePlanDraftInput): Promise<CarePlanType> {
    return this.write(actor, input, 'updateCarePlanDraft', async ({ tx, record: plan, grant }) => {
      this.requireOpenDraft(plan);
      const current = await readDraft(tx, plan);
      const patch = applyDraftUpdate(current, input, randomUUID);
      if (patch.errors.length) throw badInput(patch.errors);
      const errors = validateDraft(patch.next, patch.given, await this.facts(tx, patch.next, actor));
      if (errors.length) throw badInput(errors);
      await writeDraft(tx, plan, patch.next, patch.lists);
      const saved = await savePlan(tx, plan, actor.staffId, this.clock.now());
      return toPlanType(saved, planAccess(grant, saved));
    });
  }

  /**
   * Goals the patient proposed (the patient's own view), accepted by a participant: added to the
   * plan's open draft, after a revision is opened from the version in force when the plan is
   * published, under the rules of updateCarePlanDraft (the participant check, the draft's limits;
   * BAD_USER_INPUT naming `field` when they break one). Runs inside the caller's audited patient
   * scope; announce after commit with announceChanged.
   */
  async addGoalsInTransaction(scope: PatientScope, carePlanId: string, goals: readonly string[], field: string): Promise<CarePlan> {
    const { tx, actor, grant } = scope;
    const plan = await tx.repo(CarePlan).findOne({ where: { id: carePlanId }, lock: { mode: 'pessimistic_write' } });
    if (!plan) throw scope.absent('no-such-care-plan');
    requireParticipant({ grant, record: plan });
    if (plan.status === CarePlanStatus.CLOSED) throw conflict('The SIP is closed');
    if (!plan.draftOpen) {
      const inForce = await this.versionInForce(tx, plan);
      await writeDraft(tx, plan, { ...inForce, nextFollowUpDate: plan.followUpDue ?? inForce.nextFollowUpDate }, DRAFT_LISTS);
      plan.draftOpen = true;
    }
    const current = await readDraft(tx, plan);
    const next: CarePlanSnapshot = { ...current, goals: [...current.goals, ...goals.map((text) => ({ id: randomUUID(), text }))] };
    const errors = validateDraft(next, new Set(['goals']), await this.facts(tx, next, actor));
    if (errors.length) throw badInput(errors.map((e) => ({ ...e, field: e.field.startsWith('input.goals') ? field : e.field })));
    await writeDraft(tx, plan, next, ['goals']);
    return savePlan(tx, plan, actor.staffId, this.clock.now());
  }

  async publish(actor: Actor, input: CarePlanLifecycleInput): Promise<CarePlanType> {
    let superseded: CarePlan | null = null;
    const view = await this.write(actor, input, 'publishCarePlan', async ({ tx, record: plan, grant }) => {
      this.requireOpenDraft(plan);
      const draft = await readDraft(tx, plan);
      const today = this.clock.today();
      const now = this.clock.now();
      const agreement = plan.planType === PlanType.PATIENT_AGREEMENT;
      const contactInPublisher =
        agreement && draft.careContactStaffId
          ? ((await this.facts(tx, draft, actor)).staffOrganisations.get(draft.careContactStaffId)?.has(actor.organisationId) ?? false)
          : undefined;
      const missing = publishBlockers(draft, { sipConsent: agreement || (await hasSipConsent(tx, today)), today, now, contactInPublisher });
      if (missing.length) {
        const what = agreement ? 'patient agreement' : 'SIP';
        throw preconditionFailed(`The ${what} cannot be published yet. Missing: ${missing.map((m) => PUBLISH_REQUIREMENT_TEXT[m]).join('; ')}`, {
          missing,
          fields: missing.map((m) => `input.${PUBLISH_REQUIREMENT_FIELD[m]}`),
        });
      }
      if (plan.supersedesCarePlanId && plan.publishedVersionNumber === null) superseded = await this.supersede(tx, plan, actor, now);
      const number = (plan.publishedVersionNumber ?? 0) + 1;
      await tx.repo(CarePlanVersion).insert({
        carePlanId: plan.id,
        patientId: plan.patientId,
        number,
        snapshot: draft,
        participantOrganisationIds: participantOrganisations(draft),
        publishedAt: now,
        publishedByStaffId: actor.staffId,
        publishedByOrganisationId: actor.organisationId,
      });
      plan.status = CarePlanStatus.ACTIVE;
      plan.draftOpen = false;
      plan.publishedVersionNumber = number;
      plan.followUpDue = draft.nextFollowUpDate;
      const saved = await savePlan(tx, plan, actor.staffId, now);
      return toPlanType(saved, planAccess(grant, saved));
    });
    // The superseded agreement changed too (after commit, like the SIP).
    const ended = superseded as CarePlan | null;
    if (ended) await this.announceChanged(ended);
    return view;
  }

  /**
   * The first publishing of a SIP that replaces a patient agreement: the agreement, if still open,
   * becomes SUPERSEDED (ended, linked to the SIP, its versions kept) before the SIP comes into force,
   * so that one plan is in force at a time (uq_care_plan_in_force_per_patient).
   */
  private async supersede(tx: PatientTx, sip: CarePlan, actor: Actor, now: Date): Promise<CarePlan | null> {
    const agreement = await tx.repo(CarePlan).findOne({ where: { id: sip.supersedesCarePlanId! }, lock: { mode: 'pessimistic_write' } });
    if (!agreement || isEnded(agreement.status)) return null;
    agreement.status = CarePlanStatus.SUPERSEDED;
    agreement.draftOpen = false;
    agreement.supersededByCarePlanId = sip.id;
    agreement.closedAt = now;
    agreement.closedByStaffId = actor.staffId;
    return savePlan(tx, agreement, actor.staffId, now);
  }

  /** A new draft from the version in force; the plan stays ACTIVE under that version until the draft is published. */
  async revise(actor: Actor, input: CarePlanLifecycleInput): Promise<CarePlanType> {
    return this.write(actor, input, 'reviseCarePlan', async ({ tx, record: plan, grant }) => {
      if (isEnded(plan.status)) throw conflict(endedMessage(plan));
      if (plan.status !== CarePlanStatus.ACTIVE) throw preconditionFailed('Only an active (published) plan is revised; a draft is edited directly');
      if (plan.draftOpen) throw conflict('A revision is already in progress; edit its draft');
      const inForce = await this.versionInForce(tx, plan);
      await writeDraft(tx, plan, { ...inForce, nextFollowUpDate: plan.followUpDue ?? inForce.nextFollowUpDate }, DRAFT_LISTS);
      plan.draftOpen = true;
      const saved = await savePlan(tx, plan, actor.staffId, this.clock.now());
      return toPlanType(saved, planAccess(grant, saved));
    });
  }

  async discardRevision(actor: Actor, input: CarePlanLifecycleInput): Promise<CarePlanType> {
    return this.write(actor, input, 'discardCarePlanRevision', async ({ tx, record: plan, grant }) => {
      if (plan.status !== CarePlanStatus.ACTIVE || !plan.draftOpen) throw conflict('There is no revision in progress to discard');
      const inForce = await this.versionInForce(tx, plan);
      await writeDraft(tx, plan, inForce, DRAFT_LISTS);
      plan.draftOpen = false;
      const saved = await savePlan(tx, plan, actor.staffId, this.clock.now());
      return toPlanType(saved, planAccess(grant, saved));
    });
  }

  async close(actor: Actor, input: CloseCarePlanInput): Promise<CarePlanType> {
    if (input.reason === CarePlanCloseReason.OTHER && !input.note) throw badInput('input.note', 'is required when the reason is OTHER');
    return this.write(actor, input, 'closeCarePlan', async ({ tx, record: plan, grant }) => {
      if (plan.status === CarePlanStatus.CLOSED) throw conflict('The SIP is already closed');
      if (isEnded(plan.status)) throw conflict(endedMessage(plan));
      const now = this.clock.now();
      plan.status = CarePlanStatus.CLOSED;
      plan.draftOpen = false;
      plan.closedAt = now;
      plan.closedByStaffId = actor.staffId;
      plan.closeReason = input.reason;
      plan.closeNote = input.note ?? null;
      const saved = await savePlan(tx, plan, actor.staffId, now);
      return toPlanType(saved, planAccess(grant, saved));
    });
  }

  /** Locked plan, participant check, then the expectedVersion check: stale means CONFLICT and nothing written. Announced after commit. */
  private async write(
    actor: Actor,
    input: { carePlanId: string; expectedVersion: number },
    operation: string,
    fn: (s: RecordScope<CarePlan>) => Promise<CarePlanType>,
  ): Promise<CarePlanType> {
    const view = await this.gate.record(actor, CARE_PLAN_RECORD, input.carePlanId, { operation }, (scope) => {
      requireParticipant(scope);
      expectVersion(scope.record, input.expectedVersion);
      return fn(scope);
    });
    return this.announced(view);
  }

  private requireOpenDraft(plan: CarePlan): void {
    if (isEnded(plan.status)) throw conflict(endedMessage(plan));
    if (!plan.draftOpen) throw conflict('The SIP is published; start a revision (reviseCarePlan) to change it');
  }

  private async versionInForce(tx: PatientTx, plan: CarePlan): Promise<CarePlanSnapshot> {
    const v = await tx.repo(CarePlanVersion).findOneByOrFail({ carePlanId: plan.id, number: plan.publishedVersionNumber! });
    return v.snapshot;
  }

  private async facts(tx: PatientTx, s: CarePlanSnapshot, actor: Actor): Promise<DraftFacts> {
    const { organisationIds, staffIds } = referencedIds(s);
    const orgs = organisationIds.length ? await tx.reference(Organisation).find({ select: { id: true, kind: true }, where: { id: In(organisationIds) } }) : [];
    const assignments: Array<{ staff_id: string; organisation_id: string }> = staffIds.length
      ? await tx.referenceQuery(
          `SELECT DISTINCT a.staff_id, a.organisation_id FROM assignment a
            WHERE a.staff_id = ANY($1::uuid[]) AND a.valid_from <= $2 AND (a.ended_at IS NULL OR a.ended_at > $2)`,
          [staffIds, this.clock.now()],
        )
      : [];
    const staffOrganisations = new Map<string, Set<string>>();
    for (const a of assignments) {
      if (!staffOrganisations.has(a.staff_id)) staffOrganisations.set(a.staff_id, new Set());
      staffOrganisations.get(a.staff_id)!.add(a.organisation_id);
    }
    return {
      knownOrganisationIds: new Set(orgs.map((o) => o.id)),
      unplannedOrganisationIds: new Set(orgs.filter((o) => isUnplannedCareKind(o.kind)).map((o) => o.id)),
      staffOrganisations,
      actorOrganisationId: actor.organisationId,
    };
  }
}

function endedMessage(plan: CarePlan): string {
  if (plan.status === CarePlanStatus.SUPERSEDED) return 'The patient agreement was replaced by a SIP; change the SIP instead';
  return plan.planType === PlanType.PATIENT_AGREEMENT ? 'The patient agreement is closed' : 'The SIP is closed';
}

/** The scalar draft fields of the plan row (after writeDraft has set them). */
function draftScalars(plan: CarePlan): Partial<CarePlan> {
  return {
    overallResponsibleOrganisationId: plan.overallResponsibleOrganisationId,
    coordinatorStaffId: plan.coordinatorStaffId,
    draftNextFollowUpDate: plan.draftNextFollowUpDate,
    agreementText: plan.agreementText,
    careContactStaffId: plan.careContactStaffId,
    agreedTime: plan.agreedTime,
    daytimeContactName: plan.daytimeContactName,
    daytimeContactPhone: plan.daytimeContactPhone,
    outOfHoursContactName: plan.outOfHoursContactName,
    outOfHoursContactPhone: plan.outOfHoursContactPhone,
  };
}

/**
 * A new draft's content: empty, or (a SIP replacing a patient agreement) the agreement's content
 * with new item ids (ids are the items' own across one plan's versions; the agreement keeps its).
 * The actor's organisation is the first participant; `organisationIds` are added after the others.
 */
function startingContent(from: CarePlanSnapshot | null, start: DraftStart, actorOrganisationId: string, planType: PlanType): CarePlanSnapshot {
  const org = (organisationId: string): ParticipantSnapshot => ({
    id: randomUUID(),
    kind: CarePlanParticipantKind.ORGANISATION,
    organisationId,
    staffId: null,
    name: null,
    relation: null,
    attended: null,
  });
  const base: CarePlanSnapshot = from
    ? {
        ...from,
        ...agreementPart(from),
        goals: from.goals.map((g) => ({ ...g, id: randomUUID() })),
        needs: from.needs.map((n) => ({ ...n, id: randomUUID() })),
        actions: from.actions.map((a) => ({ ...a, id: randomUUID() })),
        participants: from.participants.map((p) => ({ ...p, id: randomUUID(), attended: null })),
      }
    : EMPTY_DRAFT;
  const participants = [...base.participants];
  const present = () => new Set(participants.filter((p) => p.kind === CarePlanParticipantKind.ORGANISATION).map((p) => p.organisationId));
  if (!present().has(actorOrganisationId)) participants.unshift(org(actorOrganisationId));
  for (const o of start.organisationIds ?? []) if (!present().has(o)) participants.push(org(o));
  return { ...base, planType, reason: start.reason, participants };
}

function requireCareRelationship({ grant }: PatientScope): void {
  if (grant.relationships.length === 0)
    throw forbidden('Starting a SIP needs a care relationship between your organisation and the patient; emergency access is not enough');
}
