import { CareRelationshipSource } from './care-relationship';
import { CapabilityPolicy, OperationRule } from './policy';

/**
 * What the core needs to know about the capabilities, handed in by the composition root
 * (src/app/) as a Nest provider: access/ never imports a capability.
 */
export interface AccessRegistry {
  /** Every capability's declared rules, in table order. */
  policies: readonly CapabilityPolicy[];
  /** The same, by operation name. */
  operations: ReadonlyMap<string, OperationRule>;
  /** Every source of care relationships (see care-relationship.ts). */
  relationshipSources: readonly CareRelationshipSource[];
  /** Tables of reference data (organisations, staff, …): read freely, never patient data. */
  referenceTables: ReadonlySet<string>;
}

export const ACCESS_REGISTRY = Symbol('ACCESS_REGISTRY');

export function accessRegistry(
  policies: readonly CapabilityPolicy[],
  relationshipSources: readonly CareRelationshipSource[],
  referenceTables: readonly string[],
): AccessRegistry {
  const operations = new Map<string, OperationRule>();
  for (const p of policies) {
    for (const [name, rule] of Object.entries(p.operations)) {
      if (operations.has(name)) throw new Error(`operation ${name} is declared twice`);
      operations.set(name, rule);
    }
  }
  return { policies, operations, relationshipSources, referenceTables: new Set(referenceTables) };
}
