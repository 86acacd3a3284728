import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { LoaderFactory } from '../common/loaders';
import { AgendaItem, RoundDecision } from './agenda-item.entity';
import { RoundParticipant } from './round.entity';
import { AgendaItemType, toAgendaItemType } from './rounds.types';

export interface RoundLoaderSet {
  /** Participants of a round, by round id, by name. */
  participants: DataLoader<string, RoundParticipant[]>;
  /** Decisions by agenda item id, oldest first. */
  decisionsByItem: DataLoader<string, RoundDecision[]>;
  /** The decision that created a task, by task id. */
  decisionByTask: DataLoader<string, RoundDecision | null>;
  /**
   * A round's agenda as this actor may see it: the first `first` items in agenda order, only of
   * rounds their organisation takes part in, and of those only the patients they may read; one audit
   * row per patient read (one insert) for the whole batch. Items past `first` are not read, nor logged.
   */
  agenda(actor: Actor, first: number): DataLoader<string, AgendaItemType[]>;
}

function group<T>(ids: readonly string[], rows: T[], key: (r: T) => string): T[][] {
  const m = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) m.get(key(r))?.push(r);
  return ids.map((id) => m.get(id)!);
}

@Injectable()
export class RoundLoaders implements LoaderFactory<RoundLoaderSet> {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly gate: PatientGate,
  ) {}

  create(): RoundLoaderSet {
    // One loader per `first`; the actor is the request's, the same in every call.
    const agenda = new Map<number, DataLoader<string, AgendaItemType[]>>();
    const agendaLoader = (actor: Actor, first: number) =>
      new DataLoader<string, AgendaItemType[]>(async (roundIds) => {
        const { allowed } = await this.gate.list(
          actor,
          { operation: 'roundAgenda' },
          async (q) => {
            // Only rounds the actor's organisation organises or takes part in; the first items of each.
            const ids = await q.query<{ id: string }>(
              `SELECT s.id FROM (
                 SELECT i.id, i.round_id, i.position, row_number() OVER (PARTITION BY i.round_id ORDER BY i.position) AS n
                   FROM round_agenda_item i JOIN round r ON r.id = i.round_id
                  WHERE i.round_id = ANY ($1::uuid[]) AND (r.organiser_id = $2 OR $2 = ANY (r.participating_organisation_ids))) s
                WHERE s.n <= $3
                ORDER BY s.round_id, s.position`,
              [[...roundIds], actor.organisationId, first],
            );
            return q.rows(
              AgendaItem,
              ids.map((r) => r.id),
            );
          },
          (i) => i.patientId,
        );
        return group(
          roundIds,
          allowed.map(({ row, grant }) => toAgendaItemType(row, grant)),
          (v) => v.roundId,
        );
      });
    return {
      participants: new DataLoader(async (ids) => {
        const rows = await this.ds
          .getRepository(RoundParticipant)
          .createQueryBuilder('p')
          .innerJoin('staff', 's', 's.id = p.staff_id')
          .where('p.roundId IN (:...ids)', { ids: [...ids] })
          .orderBy('s.name', 'ASC')
          .addOrderBy('p.id', 'ASC')
          .getMany();
        return group(ids, rows, (r) => r.roundId);
      }),
      decisionsByItem: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(RoundDecision).find({ where: { agendaItemId: In([...ids]) }, order: { decidedAt: 'ASC', id: 'ASC' } }),
          (d) => d.agendaItemId,
        ),
      ),
      decisionByTask: new DataLoader(async (ids) => {
        const rows = new Map((await this.ds.getRepository(RoundDecision).findBy({ taskId: In([...ids]) })).map((d) => [d.taskId!, d]));
        return ids.map((id) => rows.get(id) ?? null);
      }),
      agenda: (actor, first) => {
        let loader = agenda.get(first);
        if (!loader) agenda.set(first, (loader = agendaLoader(actor, first)));
        return loader;
      },
    };
  }
}
