import { EntityTarget } from 'typeorm';
import { PatientGrant } from './patient-grant';

/**
 * A kind of patient record that operations address by its own id (a task, a SIP, a handover).
 * Declared by the capability that owns it (`x.records.ts`) and handed to the gate, which finds
 * the record's patient, decides, audits with that patient and refuses uniformly: a record the
 * caller may not see answers exactly like a random id ("<label> not found").
 */
export interface RecordKind<E extends { id: string; patientId: string } = { id: string; patientId: string }> {
  /** The entity class; its table has `id` and `patient_id`. */
  entity: EntityTarget<E>;
  /** The table, for the lookups the gate and the guard make by id. */
  table: string;
  /** The thing's name in answers: "<label> not found". */
  label: string;
  /** The key of the record's id in the audit row's details (default: the label in camelCase + "Id"). */
  detail?: string;
  /**
   * The record's own visibility on top of the patient's grant, e.g. documentation recorded by
   * another organisation (consent, block) or "sender and receiver only". Default: visible to
   * anyone the patient's grant allows. For changes the gate passes the grant without emergency
   * access, so a record visible only through nödåtkomst is read, never written.
   */
  visible?(grant: PatientGrant, record: E): boolean;
  /** Why `visible` said no, as an audit reason code (default 'hidden'). */
  hiddenReason?(grant: PatientGrant, record: E): string;
  /**
   * A record that is part of another (a SIP's meeting): the parent's visibility applies too. The
   * gate reads the parent through the scope and refuses the child exactly as a missing one when
   * the parent is hidden.
   */
  parent?: { kind: RecordKind; key: string };
}

export function recordKind<E extends { id: string; patientId: string }>(kind: RecordKind<E>): RecordKind<E> {
  if (!/^[a-z_]+$/.test(kind.table)) throw new Error(`bad table name ${kind.table}`);
  return kind;
}
