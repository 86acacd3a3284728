import { InboxEventKind } from './inbox-event';

/**
 * Where overdue deadlines come from, for the deadline watcher (deadline-watch.ts). Each source is
 * one SQL query over its capability's own tables, given `$1` = now and `$2` = the start of the
 * look-back (both timestamptz; use both), returning one row per item whose deadline fell due in
 * ($2, $1] and is still not met:
 *
 *   record_id uuid        — the record the event is about (its `entityId`)
 *   patient_id uuid       — the patient (the access rule is applied at delivery)
 *   organisation_id uuid  — the organisation that owns the deadline: the event is addressed to it
 *   due_at timestamptz    — when it fell due
 *
 * The watcher raises one event of `event` per (source key, record_id, due_at), ever: a deadline
 * that moves (a re-issued notice, a new due date) and passes again is raised again.
 */
export interface DeadlineSource {
  /** The inbox event raised; its description says what `entityId` names. */
  event: InboxEventKind;
  /** The deadline in words, for the docs and logs. */
  describes: string;
  sql: string;
}

/** The sources, keyed by a stable name (stored with each raised deadline: never rename one). */
export class DeadlineSources {
  constructor(readonly table: Readonly<Record<string, DeadlineSource>>) {}
}
