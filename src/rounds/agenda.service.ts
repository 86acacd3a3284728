import { Injectable } from '@nestjs/common';
import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship';
import { canSeeRecordedBy } from '../access/patient-grant';
import { PatientGate, PatientScope, RecordScope } from '../access/patient-gate';
import { PatientTx } from '../access/patient-tx';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { conflict, preconditionFailed, uniqueOrConflict } from '../common/errors';
import { Patient } from '../patients/patient.entity';
import { PatientView } from '../patients/patient.types';
import { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { AgendaItem, RoundDecision } from './agenda-item.entity';
import { AgendaSuggestions } from '../patients/agenda-suggestions';
import { AgendaReason, DEFAULT_LOOKBACK_DAYS } from '../patients/agenda-suggestions';
import { AddAgendaItemInput, RecordDecisionInput, UpdateAgendaNotesInput } from './dto/agenda.input';
import { Round } from './round.entity';
import { requireState, roundOrganisations, takesPart } from './round-rules';
import { RoundsService } from './rounds.service';
import { AGENDA_ITEM_RECORD } from './rounds.records';
import { AgendaItemType, AgendaSuggestionType, RoundDecisionType, RoundSummaryType, toAgendaItemType, toDecisionType } from './rounds.types';

interface SuggestionRow {
  patient_id: string;
  reasons: AgendaReason[];
  details: Array<string | null>;
}

type ItemScope = RecordScope<AgendaItem>;

const NOT_ELIGIBLE = 'The organiser and at least one participating organisation must have a care relationship with the patient to put them on the agenda';

/**
 * The agenda of a round: suggestions, patients added, notes and decisions. Everything about one
 * patient goes through the gate (checked and audited in the same transaction); an agenda item
 * addressed by its id also needs the actor's organisation to take part in its round, and answers
 * exactly like a missing item otherwise. Lists of patients through the gate's list read (one
 * audit row per patient, decided and written by one statement).
 */
@Injectable()
export class AgendaService {
  constructor(
    private readonly gate: PatientGate,
    private readonly rounds: RoundsService,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
    private readonly suggestions: AgendaSuggestions,
  ) {}

  /**
   * Patients proposed for the agenda, each with every reason that holds. Fixed SQL cost whatever the
   * number of sources and patients: the round, the previous round, one union query, the grants,
   * one audit insert and the patient rows.
   */
  async suggest(actor: Actor, roundId: string, first: number): Promise<AgendaSuggestionType[]> {
    const round = await this.rounds.requireTakesPart(actor, roundId, 'suggestedAgenda');
    requireState(round, 'suggest');
    const since = await this.since(round);
    const { allowed, patients: rowsOf } = await this.gate.list(
      actor,
      { operation: 'suggestedAgenda', details: { roundId } },
      (q) => q.prepared<SuggestionRow>(this.suggestions.statement, this.suggestionParams(round, since, null, first)),
      (r) => r.patient_id,
    );
    const patients = await rowsOf(Patient);
    return allowed.map(({ row: r, grant }) => ({
      patient: new PatientView(patients.get(r.patient_id)!, grant),
      reasons: r.reasons.map((reason, i) => ({ reason, description: this.suggestions.descriptions.get(reason) ?? reason, detail: r.details[i] ?? null })),
    }));
  }

  /** Accepting a suggestion or adding by hand: the reasons that hold now are recorded with the item. */
  async addItem(actor: Actor, input: AddAgendaItemInput): Promise<AgendaItemType> {
    const checked = await this.rounds.requireTakesPart(actor, input.roundId, 'addAgendaItem');
    const since = await this.since(checked);
    return this.gate.patient(actor, input.patientId, { operation: 'addAgendaItem', details: { roundId: input.roundId } }, async ({ tx, grant }) => {
      // Serialises additions to one round (positions) and keeps the state fixed meanwhile.
      const round = await this.lockRound(tx, input.roundId, 'pessimistic_write');
      requireState(round, 'addAgendaItem');
      if (!(await this.eligible(tx, round))) throw preconditionFailed(NOT_ELIGIBLE);
      const existing = await tx.repo(AgendaItem).findOneBy({ roundId: round.id });
      if (existing) throw conflict('The patient is already on the agenda', { itemId: existing.id });
      const [hit] = await tx.prepared<SuggestionRow>(this.suggestions.statement, this.suggestionParams(round, since, [tx.patientId], 1));
      const { next } = await tx.aggregate<{ next: number }>(`SELECT coalesce(max(position), 0) + 1 AS next FROM round_agenda_item WHERE round_id = $1`, [
        round.id,
      ]);
      const item = await uniqueOrConflict(
        () =>
          tx.repo(AgendaItem).save(
            tx.repo(AgendaItem).create({
              roundId: round.id,
              position: next,
              reasons: hit?.reasons ?? [],
              addedByStaffId: actor.staffId,
              addedByOrganisationId: actor.organisationId,
            }),
          ),
        'The patient is already on the agenda',
      );
      return toAgendaItemType(item, grant);
    });
  }

  /** An agenda item, when the actor's organisation takes part in its round; answered as a missing item otherwise. */
  private item<T>(
    actor: Actor,
    itemId: string,
    operation: string,
    fn: (scope: ItemScope, round: Round) => Promise<T>,
    lock: 'pessimistic_read' | 'pessimistic_write',
  ): Promise<T> {
    return this.gate.record(actor, AGENDA_ITEM_RECORD, itemId, { operation }, async (scope) => {
      const round = await this.lockRound(scope.tx, scope.record.roundId, lock);
      if (!takesPart(round, actor.organisationId)) throw scope.absent('not-a-round-organisation');
      return fn(scope, round);
    });
  }

  /** Takes a patient off the agenda of a round not yet completed, unless decisions were recorded. */
  async removeItem(actor: Actor, itemId: string): Promise<string> {
    return this.item(
      actor,
      itemId,
      'removeAgendaItem',
      async ({ tx }, round) => {
        requireState(round, 'removeAgendaItem');
        if (await tx.repo(RoundDecision).existsBy({ agendaItemId: itemId })) {
          throw preconditionFailed('Decisions are recorded for this patient in the round; the item stays on the agenda');
        }
        await tx.repo(AgendaItem).delete(itemId);
        return itemId;
      },
      'pessimistic_write',
    );
  }

  /** Notes under the item's row lock: a stale expectedVersion is CONFLICT with the current version. */
  async updateNotes(actor: Actor, input: UpdateAgendaNotesInput): Promise<AgendaItemType> {
    return this.item(
      actor,
      input.itemId,
      'updateAgendaNotes',
      async ({ tx, grant, record: item }, round) => {
        requireState(round, 'editNotes');
        if (item.notesVersion !== input.expectedVersion) {
          throw conflict(
            `The notes were changed by someone else (version ${item.notesVersion}, you had ${input.expectedVersion}); reload and merge your text`,
            { currentVersion: item.notesVersion },
          );
        }
        if (item.notes && !canSeeRecordedBy(grant, item.notesRecordedByOrganisationId)) {
          throw preconditionFailed('You cannot replace notes that you are not allowed to see');
        }
        item.notes = input.notes || null;
        item.notesVersion += 1;
        item.notesUpdatedAt = this.clock.now();
        item.notesUpdatedByStaffId = actor.staffId;
        item.notesRecordedByOrganisationId = input.notes ? actor.organisationId : null;
        return toAgendaItemType(await tx.repo(AgendaItem).save(item), grant);
      },
      'pessimistic_read',
    );
  }

  /** A decision, optionally creating a task; the assignee is notified after the commit. */
  async recordDecision(actor: Actor, input: RecordDecisionInput): Promise<RoundDecisionType> {
    const { task, view } = await this.item(
      actor,
      input.itemId,
      'recordDecision',
      async (scope, round) => {
        requireState(round, 'recordDecision');
        const created: Task | null = input.task ? await this.tasks.createInTransaction(scope as PatientScope, input.task, 'input.task') : null;
        const saved = await scope.tx.repo(RoundDecision).save(
          scope.tx.repo(RoundDecision).create({
            roundId: round.id,
            agendaItemId: input.itemId,
            text: input.text,
            decidedByStaffId: actor.staffId,
            decidedByOrganisationId: actor.organisationId,
            taskId: created?.id ?? null,
          }),
        );
        return { task: created, view: toDecisionType(saved, scope.grant) };
      },
      'pessimistic_read',
    );
    if (task) await this.tasks.notifyAssigned(task);
    return view;
  }

  /** The round's record: attendance, and per patient the reader may see, notes and decisions. */
  async summary(actor: Actor, roundId: string): Promise<RoundSummaryType> {
    const round = await this.rounds.requireTakesPart(actor, roundId, 'roundSummary');
    const { allowed } = await this.gate.list(
      actor,
      { operation: 'roundSummary', details: { roundId } },
      (q) => q.find(AgendaItem, { where: { roundId }, order: { position: 'ASC' } }),
      (i) => i.patientId,
    );
    const participants = await this.rounds.participantsOf(roundId);
    return {
      round,
      attendedStaffIds: participants.filter((p) => p.attended === true).map((p) => p.staff_id),
      absentStaffIds: participants.filter((p) => p.attended === false).map((p) => p.staff_id),
      patients: allowed.map(({ row, grant }) => toAgendaItemType(row, grant)),
    };
  }

  private async since(round: Round): Promise<Date> {
    return (await this.rounds.previousRoundStart(round)) ?? new Date(this.clock.now().getTime() - DEFAULT_LOOKBACK_DAYS * 86_400_000);
  }

  private suggestionParams(round: Round, since: Date, only: string[] | null, limit: number): unknown[] {
    return [this.clock.today(), since, roundOrganisations(round), round.organiserId, round.participatingOrganisationIds, round.id, only, limit];
  }

  /** The agenda rule: the organiser and at least one participating organisation care for the patient. */
  private async eligible(tx: PatientTx, round: Round): Promise<boolean> {
    const [row] = await tx.query<{ ok: boolean }>(
      `WITH rel AS NOT MATERIALIZED (SELECT patient_id, organisation_id FROM ${CARE_RELATIONSHIP_TABLE})
       SELECT EXISTS (SELECT 1 FROM rel WHERE patient_id = $1 AND organisation_id = $2)
          AND EXISTS (SELECT 1 FROM rel WHERE patient_id = $1 AND organisation_id = ANY ($3::uuid[])) AS ok`,
      [tx.patientId, round.organiserId, round.participatingOrganisationIds],
    );
    return row.ok;
  }

  private async lockRound(tx: PatientTx, roundId: string, mode: 'pessimistic_read' | 'pessimistic_write'): Promise<Round> {
    return tx.reference(Round).findOneOrFail({ where: { id: roundId }, lock: { mode } });
  }
}
