import { Injectable } from '@nestjs/common';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConnectionShape, keyset } from '../common/pagination';
import { DischargeProcess } from './discharge-process.entity';
import { DischargeInboxItemType, processView } from './discharges.types';
import { DischargeInboxArgs } from './dto/process.input';

interface InboxRow {
  id: string;
  overdue: number;
  rank: number;
  sort_at: Date;
}

/** The inbox's order, over the ranked processes (see below). */
const INBOX_PAGES = keyset<{ r: InboxRow }>([
  { sql: 'rank', type: 'int', of: ({ r }) => r.rank },
  { sql: 'sort_at', type: 'timestamptz', of: ({ r }) => new Date(r.sort_at) },
  { sql: 'id', type: 'uuid', of: ({ r }) => r.id },
]);

/**
 * dischargeInbox: the open processes (not CLOSED or CANCELLED) in which the actor's organisation is
 * a party, in this order:
 *   0. processes with a deadline of ours that is overdue, the longest overdue first;
 *   1. processes with a deadline of ours still open, the soonest due first;
 *   2. processes where nothing awaits us, the earliest admission first.
 * Sorted in SQL over the stored deadlines (discharge_deadline), keyset-paginated on
 * (rank, time, id). Fixed SQL cost per page: the page, the processes, the grants, one audit insert;
 * what hangs off each item comes through DataLoaders.
 */
@Injectable()
export class DischargeInboxService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  async inbox(actor: Actor, args: DischargeInboxArgs): Promise<ConnectionShape<DischargeInboxItemType>> {
    const first = args.first ?? 20;
    const params: unknown[] = [actor.organisationId, this.clock.now()];
    const next = INBOX_PAGES.where(args.after, params);
    const after = next ? `WHERE ${next}` : '';
    params.push(first + 1);
    let more = false;
    // Every process listed has the organisation as a party, which is a care relationship while it
    // is open: the list's own condition is the access rule; the gate confirms and logs every row.
    const { read, allowed } = await this.gate.list(
      actor,
      { operation: 'dischargeInbox' },
      async (q) => {
        const rows = await q.query<InboxRow>(
          `WITH mine AS (
             SELECT p.id, p.admitted_at, min(d.due_at) AS next_due, count(d.id) FILTER (WHERE d.due_at < $2) AS overdue
               FROM discharge_process p
               LEFT JOIN discharge_deadline d
                 ON d.process_id = p.id AND d.responsible_organisation_id = $1::uuid AND d.done_at IS NULL
              WHERE p.status NOT IN ('CLOSED', 'CANCELLED')
                AND (p.hospital_id = $1::uuid OR p.municipality_id = $1::uuid OR p.primary_care_id = $1::uuid)
              GROUP BY p.id, p.admitted_at
           ), ranked AS (
             SELECT id, overdue::int AS overdue,
                    CASE WHEN overdue > 0 THEN 0 WHEN next_due IS NOT NULL THEN 1 ELSE 2 END AS rank,
                    COALESCE(next_due, admitted_at) AS sort_at
               FROM mine
           )
           SELECT id, overdue, rank, sort_at FROM ranked ${after}
            ORDER BY ${INBOX_PAGES.orderBy}
            LIMIT $${params.length}`,
          params,
        );
        more = rows.length > first;
        const page = rows.slice(0, first);
        const processes = await q.rows(
          DischargeProcess,
          page.map((r) => r.id),
        );
        const byId = new Map(processes.map((p) => [p.id, p]));
        return page.filter((r) => byId.has(r.id)).map((r) => ({ r, p: byId.get(r.id)! }));
      },
      ({ p }) => p.patientId,
    );
    return INBOX_PAGES.pageOf(
      read,
      more,
      allowed.map(({ row, grant }) => ({ row, node: { process: processView(row.p, grant), overdueCount: row.r.overdue } })),
    );
  }
}
