import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship.sources';
import { canSeeRecordedBy } from '../access/patient-grant';
import { PatientAccessService } from '../access/patient-access.service';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { conflict, notFound, preconditionFailed, uniqueOrConflict } from '../common/errors';
import { Patient } from '../patients/patient.entity';
import { PatientView } from '../patients/patient.types';
import { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { AgendaItem, RoundDecision } from './agenda-item.entity';
import { AGENDA_SUGGESTIONS_SQL, SUGGESTION_DESCRIPTIONS } from './agenda-suggestion.sources';
import { runPrepared } from '../database/raw';
import { AgendaReason, DEFAULT_LOOKBACK_DAYS } from './agenda-suggestions';
import { AddAgendaItemInput, RecordDecisionInput, UpdateAgendaNotesInput } from './dto/agenda.input';
import { Round } from './round.entity';
import { requireState, roundOrganisations } from './round-rules';
import { RoundsService } from './rounds.service';
import { AgendaItemType, AgendaSuggestionType, RoundDecisionType, RoundSummaryType, toAgendaItemType, toDecisionType } from './rounds.types';
import { listRead } from '../access/list-read';

interface SuggestionRow {
  patient_id: string;
  reasons: AgendaReason[];
  details: Array<string | null>;
}

const NOT_ELIGIBLE = 'The organiser and at least one participating organisation must have a care relationship with the patient to put them on the agenda';

/**
 * The agenda of a round: suggestions, patients added, notes and decisions. Everything about one
 * patient goes through PatientAccessService (checked and audited in the same transaction); lists
 * of patients through allowedForList (one audit row per patient, one insert).
 */
@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: PatientAccessService,
    private readonly rounds: RoundsService,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
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
    return listRead(this.ds, async (m) => {
      const rows = await this.suggestionRows(m, round, since, null, first);
      const grants = await this.access.allowedForList(actor, rows.map((r) => r.patient_id), { operation: 'suggestedAgenda', details: { roundId } }, m);
      const allowed = rows.filter((r) => grants.has(r.patient_id));
      const patients = new Map((allowed.length ? await m.getRepository(Patient).findBy({ id: In(allowed.map((r) => r.patient_id)) }) : []).map((p) => [p.id, p]));
      return allowed.map((r) => ({
        patient: new PatientView(patients.get(r.patient_id)!, grants.get(r.patient_id)!),
        reasons: r.reasons.map((reason, i) => ({ reason, description: SUGGESTION_DESCRIPTIONS.get(reason) ?? reason, detail: r.details[i] ?? null })),
      }));
    });
  }

  /** Accepting a suggestion or adding by hand: the reasons that hold now are recorded with the item. */
  async addItem(actor: Actor, input: AddAgendaItemInput): Promise<AgendaItemType> {
    const checked = await this.rounds.requireTakesPart(actor, input.roundId, 'addAgendaItem');
    const since = await this.since(checked);
    return this.access.withPatient(actor, input.patientId, { operation: 'addAgendaItem', details: { roundId: input.roundId } }, async ({ manager, grant }) => {
      // Serialises additions to one round (positions) and keeps the state fixed meanwhile.
      const round = await this.lockRound(manager, input.roundId, 'pessimistic_write');
      requireState(round, 'addAgendaItem');
      if (!(await this.eligible(manager, round, input.patientId))) throw preconditionFailed(NOT_ELIGIBLE);
      const existing = await manager.getRepository(AgendaItem).findOneBy({ roundId: round.id, patientId: input.patientId });
      if (existing) throw conflict('The patient is already on the agenda', { itemId: existing.id });
      const [hit] = await this.suggestionRows(manager, round, since, [input.patientId], 1);
      const [{ next }]: Array<{ next: number }> = await manager.query(`SELECT coalesce(max(position), 0) + 1 AS next FROM round_agenda_item WHERE round_id = $1`, [round.id]);
      const item = await uniqueOrConflict(
        () =>
          manager.getRepository(AgendaItem).save(
            manager.getRepository(AgendaItem).create({
              roundId: round.id,
              patientId: input.patientId,
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

  /** Takes a patient off the agenda of a round not yet completed, unless decisions were recorded. */
  async removeItem(actor: Actor, itemId: string): Promise<string> {
    const ref = await this.itemRef(actor, itemId, 'removeAgendaItem');
    return this.access.withPatient(actor, ref.patientId, { operation: 'removeAgendaItem', details: { roundId: ref.roundId, itemId } }, async ({ manager }) => {
      const round = await this.lockRound(manager, ref.roundId, 'pessimistic_write');
      requireState(round, 'removeAgendaItem');
      if (await manager.getRepository(RoundDecision).existsBy({ agendaItemId: itemId })) {
        throw preconditionFailed('Decisions are recorded for this patient in the round; the item stays on the agenda');
      }
      await manager.getRepository(AgendaItem).delete({ id: itemId });
      return itemId;
    });
  }

  /** Notes under the item's row lock: a stale expectedVersion is CONFLICT with the current version. */
  async updateNotes(actor: Actor, input: UpdateAgendaNotesInput): Promise<AgendaItemType> {
    const ref = await this.itemRef(actor, input.itemId, 'updateAgendaNotes');
    return this.access.withPatient(actor, ref.patientId, { operation: 'updateAgendaNotes', details: { roundId: ref.roundId, itemId: input.itemId } }, async ({ manager, grant }) => {
      const round = await this.lockRound(manager, ref.roundId, 'pessimistic_read');
      requireState(round, 'editNotes');
      const item = await manager.getRepository(AgendaItem).findOne({ where: { id: input.itemId }, lock: { mode: 'pessimistic_write' } });
      if (!item) throw notFound('Agenda item');
      if (item.notesVersion !== input.expectedVersion) {
        throw conflict(`The notes were changed by someone else (version ${item.notesVersion}, you had ${input.expectedVersion}); reload and merge your text`, { currentVersion: item.notesVersion });
      }
      if (item.notes && !canSeeRecordedBy(grant, item.notesRecordedByOrganisationId)) {
        throw preconditionFailed('You cannot replace notes that you are not allowed to see');
      }
      item.notes = input.notes || null;
      item.notesVersion += 1;
      item.notesUpdatedAt = this.clock.now();
      item.notesUpdatedByStaffId = actor.staffId;
      item.notesRecordedByOrganisationId = input.notes ? actor.organisationId : null;
      return toAgendaItemType(await manager.getRepository(AgendaItem).save(item), grant);
    });
  }

  /** A decision, optionally creating a task; the assignee is notified after the commit. */
  async recordDecision(actor: Actor, input: RecordDecisionInput): Promise<RoundDecisionType> {
    const ref = await this.itemRef(actor, input.itemId, 'recordDecision');
    const { task, view } = await this.access.withPatient(actor, ref.patientId, { operation: 'recordDecision', details: { roundId: ref.roundId, itemId: input.itemId } }, async (scope) => {
      const { manager, grant } = scope;
      const round = await this.lockRound(manager, ref.roundId, 'pessimistic_read');
      requireState(round, 'recordDecision');
      const created: Task | null = input.task ? await this.tasks.createInTransaction(scope, input.task, 'input.task') : null;
      const saved = await manager.getRepository(RoundDecision).save(
        manager.getRepository(RoundDecision).create({
          roundId: round.id,
          agendaItemId: input.itemId,
          patientId: ref.patientId,
          text: input.text,
          decidedByStaffId: actor.staffId,
          decidedByOrganisationId: actor.organisationId,
          taskId: created?.id ?? null,
        }),
      );
      return { task: created, view: toDecisionType(saved, grant) };
    });
    if (task) await this.tasks.notifyAssigned(task);
    return view;
  }

  /** The round's record: attendance, and per patient the reader may see, notes and decisions. */
  async summary(actor: Actor, roundId: string): Promise<RoundSummaryType> {
    const round = await this.rounds.requireTakesPart(actor, roundId, 'roundSummary');
    return this.ds.transaction(async (m) => {
      const items = await m.getRepository(AgendaItem).find({ where: { roundId }, order: { position: 'ASC' } });
      const grants = await this.access.allowedForList(actor, items.map((i) => i.patientId), { operation: 'roundSummary', details: { roundId } }, m);
      const participants: Array<{ staff_id: string; attended: boolean | null }> = await m.query(
        `SELECT p.staff_id, p.attended FROM round_participant p JOIN staff s ON s.id = p.staff_id WHERE p.round_id = $1 ORDER BY s.name, s.id`,
        [roundId],
      );
      return {
        round,
        attendedStaffIds: participants.filter((p) => p.attended === true).map((p) => p.staff_id),
        absentStaffIds: participants.filter((p) => p.attended === false).map((p) => p.staff_id),
        patients: items.filter((i) => grants.has(i.patientId)).map((i) => toAgendaItemType(i, grants.get(i.patientId)!)),
      };
    });
  }

  private async since(round: Round): Promise<Date> {
    return (await this.rounds.previousRoundStart(round)) ?? new Date(this.clock.now().getTime() - DEFAULT_LOOKBACK_DAYS * 86_400_000);
  }

  private async suggestionRows(m: EntityManager, round: Round, since: Date, only: string[] | null, limit: number): Promise<SuggestionRow[]> {
    return runPrepared<SuggestionRow>(m, AGENDA_SUGGESTIONS_SQL, [this.clock.today(), since, roundOrganisations(round), round.organiserId, round.participatingOrganisationIds, round.id, only, limit]);
  }

  /** The agenda rule: the organiser and at least one participating organisation care for the patient. */
  private async eligible(m: EntityManager, round: Round, patientId: string): Promise<boolean> {
    const [row]: Array<{ ok: boolean }> = await m.query(
      `WITH rel AS NOT MATERIALIZED (SELECT patient_id, organisation_id FROM ${CARE_RELATIONSHIP_TABLE})
       SELECT EXISTS (SELECT 1 FROM rel WHERE patient_id = $1 AND organisation_id = $2)
          AND EXISTS (SELECT 1 FROM rel WHERE patient_id = $1 AND organisation_id = ANY ($3::uuid[])) AS ok`,
      [patientId, round.organiserId, round.participatingOrganisationIds],
    );
    return row.ok;
  }

  private async lockRound(m: EntityManager, roundId: string, mode: 'pessimistic_read' | 'pessimistic_write'): Promise<Round> {
    const round = await m.getRepository(Round).findOne({ where: { id: roundId }, lock: { mode } });
    if (!round) throw notFound('Round');
    return round;
  }

  /** The item's patient and round, after checking the actor's organisation takes part in the round. */
  private async itemRef(actor: Actor, itemId: string, operation: string): Promise<{ patientId: string; roundId: string }> {
    const item = await this.ds.getRepository(AgendaItem).findOne({ where: { id: itemId }, select: { id: true, patientId: true, roundId: true } });
    if (!item) throw notFound('Agenda item');
    await this.rounds.requireTakesPart(actor, item.roundId, operation, 'Agenda item');
    return { patientId: item.patientId, roundId: item.roundId };
  }
}
