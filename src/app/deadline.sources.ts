import { sqlStartOfStockholmDay, sqlStockholmDate } from '../common/calendar';
import { DeadlineSource, DeadlineSources } from '../events/deadline-sources';
import { InboxEventKind } from '../events/inbox-event';

/**
 * Every deadline the watcher turns into one inbox event when it passes unmet (src/events/
 * deadline-watch.ts, docs/LIVE-EVENTS.md). Add a deadline with one entry (and its inbox event
 * kind, with a description, in inbox-event.ts); the key is stored with each raised deadline.
 */
export const DEADLINE_SOURCE_TABLE: Readonly<Record<string, DeadlineSource>> = {
  handoverAcknowledgement: {
    event: InboxEventKind.HANDOVER_ACKNOWLEDGEMENT_OVERDUE,
    describes: 'a handover (överrapportering) not acknowledged by its acknowledgementDueAt; to the receiving organisation',
    sql: `SELECT h.id AS record_id, h.patient_id, h.receiver_organisation_id AS organisation_id, h.acknowledgement_due_at AS due_at
            FROM handover h
           WHERE h.acknowledged_at IS NULL AND h.acknowledgement_due_at <= $1 AND h.acknowledgement_due_at > $2`,
  },
  handoverAnswer: {
    event: InboxEventKind.HANDOVER_ANSWER_OVERDUE,
    describes:
      'a handover that asked for a response (phone assessment, home visit, medication review) not answered by its respondBy; to the receiving organisation',
    sql: `SELECT h.id AS record_id, h.patient_id, h.receiver_organisation_id AS organisation_id, h.respond_by AS due_at
            FROM handover h
           WHERE h.answered_at IS NULL AND h.respond_by IS NOT NULL AND h.respond_by <= $1 AND h.respond_by > $2`,
  },
  sipInvitation: {
    event: InboxEventKind.SIP_INVITATION_OVERDUE,
    describes:
      'a discharge whose SIP invitation was not sent within three days of the ready-for-discharge notice (the SIP_INVITATION discharge deadline); to the primary care centre, while the process is open',
    sql: `SELECT d.process_id AS record_id, p.patient_id, d.responsible_organisation_id AS organisation_id, d.due_at
            FROM discharge_deadline d JOIN discharge_process p ON p.id = d.process_id
           WHERE d.kind = 'SIP_INVITATION' AND d.done_at IS NULL AND d.due_at <= $1 AND d.due_at > $2
             AND p.status NOT IN ('CLOSED', 'CANCELLED')`,
  },
  taskDue: {
    event: InboxEventKind.TASK_OVERDUE,
    describes: 'an open or accepted task whose due date (dueDate, the whole Swedish day) has passed; to the assignee organisation',
    sql: `SELECT x.* FROM (
            SELECT t.id AS record_id, t.patient_id, t.assignee_organisation_id AS organisation_id, ${sqlStartOfStockholmDay('(t.due_date + 1)')} AS due_at
              FROM task t
             WHERE t.status IN ('OPEN', 'ACCEPTED') AND t.due_date >= ${sqlStockholmDate('$2::timestamptz')} - 1 AND t.due_date < ${sqlStockholmDate('$1::timestamptz')}
          ) x WHERE x.due_at <= $1 AND x.due_at > $2`,
  },
};

/** Handed to the events module as the DeadlineSources provider (src/app/registry.ts). */
export const DEADLINE_SOURCES = new DeadlineSources(DEADLINE_SOURCE_TABLE);
