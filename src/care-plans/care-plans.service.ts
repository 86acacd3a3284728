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
import { CarePlanCloseReason, CarePlanParticipantKind, CarePlanStatus, PUBLISH_REQUIREMENT_TEXT } from './care-plan.enums';
import { applyDraftUpdate, DraftFacts, referencedIds, validateDraft } from './care-plan-draft';
import { planAccess, requireParticipant } from './care-plan-rules';
import { CARE_PLAN_RECORD } from './care-plans.records';
import { CarePlanSnapshot, ParticipantSnapshot, participantOrganisations, publishBlockers } from './care-plan-snapshot';
import { DRAFT_LISTS, expectVersion, hasSipConsent, readDraft, refreshParticipants, savePlan, writeDraft } from './care-plan-store';
import { CarePlanVersion } from './care-plan-version.entity';
import { CarePlanType, toPlanType } from './care-plan.types';
import { CarePlanLifecycleInput, CloseCarePlanInput, CreateCarePlanInput, UpdateCarePlanDraftInput } from './dto/care-plan.input';

/** How a new SIP draft starts: why, and the organisations taking part besides the actor's own. */
export interface DraftStart {
  /** Why a SIP is needed (the draft's reason). */
  reason: string;
  organisationIds?: string[];
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
      const plan = await this.startInTransaction(scope, { reason: input.reason });
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
    const open = await this.lockOpenPlan(scope);
    if (open) throw conflict('The patient already has an open SIP; revise it instead of starting another', { carePlanId: open.id });
    return this.insertDraft(scope, start);
  }

  /**
   * The patient's open SIP (a draft, or published and not closed) as it is, or else a new draft
   * started under the same rules as `startInTransaction`. For callers that invite to a SIP, such as
   * a discharge's SIP invitation. An open plan is linked unchanged: its content and participants
   * change only through its participants' own edits (with expectedVersion). Announce after commit
   * when `created`.
   */
  async openOrStartInTransaction(scope: PatientScope, start: DraftStart): Promise<{ plan: CarePlan; created: boolean }> {
    const open = await this.lockOpenPlan(scope);
    if (open) return { plan: open, created: false };
    return { plan: await this.insertDraft(scope, start), created: true };
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

  /** Serialises starts for one patient so that the one-open-plan rule answers cleanly; returns the open plan, if any. */
  private async lockOpenPlan({ tx }: PatientScope): Promise<CarePlan | null> {
    await tx.lockSeries('care_plan');
    return tx.repo(CarePlan).findOne({ where: { status: In([CarePlanStatus.DRAFT, CarePlanStatus.ACTIVE]) } });
  }

  private async insertDraft(scope: PatientScope, start: DraftStart): Promise<CarePlan> {
    requireCareRelationship(scope);
    const { tx, grant, actor } = scope;
    const organisationIds = [...new Set([actor.organisationId, ...(start.organisationIds ?? [])])];
    const participants: ParticipantSnapshot[] = organisationIds.map((organisationId) => ({
      id: randomUUID(),
      kind: CarePlanParticipantKind.ORGANISATION,
      organisationId,
      staffId: null,
      name: null,
      relation: null,
      attended: null,
    }));
    const draft: CarePlanSnapshot = { ...EMPTY_DRAFT, reason: start.reason, participants };
    const errors = validateDraft(draft, new Set(['participants']), await this.facts(tx, draft, actor));
    if (errors.length) throw badInput(errors);
    const now = this.clock.now();
    const plan = tx.repo(CarePlan).create({
      id: randomUUID(),
      patientId: grant.patientId,
      status: CarePlanStatus.DRAFT,
      version: 1,
      draftOpen: true,
      publishedVersionNumber: null,
      reason: start.reason,
      overallResponsibleOrganisationId: null,
      coordinatorStaffId: null,
      draftNextFollowUpDate: null,
      followUpDue: null,
      participantOrganisationIds: organisationIds,
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
    await writeDraft(tx, plan, draft, ['participants']);
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
    return this.write(actor, input, 'publishCarePlan', async ({ tx, record: plan, grant }) => {
      this.requireOpenDraft(plan);
      const draft = await readDraft(tx, plan);
      const today = this.clock.today();
      const missing = publishBlockers(draft, { sipConsent: await hasSipConsent(tx, today), today });
      if (missing.length) {
        throw preconditionFailed(`The SIP cannot be published yet. Missing: ${missing.map((m) => PUBLISH_REQUIREMENT_TEXT[m]).join('; ')}`, { missing });
      }
      const now = this.clock.now();
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
  }

  /** A new draft from the version in force; the plan stays ACTIVE under that version until the draft is published. */
  async revise(actor: Actor, input: CarePlanLifecycleInput): Promise<CarePlanType> {
    return this.write(actor, input, 'reviseCarePlan', async ({ tx, record: plan, grant }) => {
      if (plan.status === CarePlanStatus.CLOSED) throw conflict('The SIP is closed');
      if (plan.status !== CarePlanStatus.ACTIVE) throw preconditionFailed('Only an active (published) SIP is revised; a draft is edited directly');
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
    if (plan.status === CarePlanStatus.CLOSED) throw conflict('The SIP is closed');
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

function requireCareRelationship({ grant }: PatientScope): void {
  if (grant.relationships.length === 0)
    throw forbidden('Starting a SIP needs a care relationship between your organisation and the patient; emergency access is not enough');
}
