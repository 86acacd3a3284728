import { Role } from './roles';

/** One operation's rule: which roles may call it at all. Record-level rules come on top. */
export interface OperationRule {
  roles: readonly Role[];
  /** What the operation does, in the words of the role × operation table. */
  does: string;
  /** Extra conditions enforced inside the operation, stated for the table. */
  scope?: string;
  /**
   * How a refused role is answered. Operations on one patient answer exactly as for a patient
   * that does not exist: NOT_FOUND, or NO_RESULT (null) for searches. Default FORBIDDEN.
   */
  refuseAs?: 'FORBIDDEN' | 'NOT_FOUND' | 'NO_RESULT';
  /** The argument naming the patient, when it is not `patientId` or `input.patientId` (for the refusal's audit row). */
  patientArg?: string;
}

export interface CapabilityPolicy {
  capability: string;
  operations: Record<string, OperationRule>;
}

export function definePolicy(capability: string, operations: Record<string, OperationRule>): CapabilityPolicy {
  return { capability, operations };
}
