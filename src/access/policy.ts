import { Role } from './roles';

/** One operation's rule: which roles may call it at all. Record-level rules come on top. */
export interface OperationRule {
  roles: readonly Role[];
  /** What the operation does, in the words of the role × operation table. */
  does: string;
  /** Extra conditions enforced inside the operation, stated for the table. */
  scope?: string;
}

export interface CapabilityPolicy {
  capability: string;
  operations: Record<string, OperationRule>;
}

export function definePolicy(capability: string, operations: Record<string, OperationRule>): CapabilityPolicy {
  return { capability, operations };
}
