import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { AuditOutcome } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { forbidden, notFound, unauthenticated } from '../common/errors';
import { GqlContext } from '../common/graphql-context';
import { UUID_PATTERN } from '../common/validators';
import { ACCESS_REGISTRY, AccessRegistry } from './access-registry';
import { PatientGate } from './patient-gate';
import { absentLabel, AccessTarget, argAt, kindMayUse, organisationsOf } from './policy';

/** Thrown to answer a refused search with null, exactly like a miss (see ResolverErrorFilter in src/app). */
export class NoResult extends Error {}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The one global guard: every root GraphQL field must be declared in a capability policy, and the
 * actor's role and the kind of organisation acted in must be listed for it (an operation that names
 * no kinds is open to the kinds with a standing care relationship: not to an ambulance service or
 * an out-of-hours unit). Undeclared operations are refused. Refusals are audited with
 * the patient the operation names (directly, by a record's id, or by personnummer), and answered
 * as the operation answers absence: "<thing> not found" (or null for a search) when it addresses
 * a patient or a record, FORBIDDEN otherwise.
 */
@Injectable()
export class OperationGuard implements CanActivate {
  constructor(
    private readonly audit: AuditService,
    private readonly gate: PatientGate,
    @Inject(ACCESS_REGISTRY) private readonly registry: AccessRegistry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true; // REST: health checks only
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (!ROOT_TYPES.has(info.parentType.name)) return true;
    const ctx = gql.getContext<GqlContext>();
    const actor = ctx.actor;
    if (!actor) throw unauthenticated();
    const rule = this.registry.operations.get(info.fieldName);
    // A patient (or representative) uses only the operations of the patient's own view; staff never do.
    const roleOk = !!rule && (actor.patient ? !!rule.patients : rule.roles.includes(actor.role));
    const kindOk = !rule || !!actor.patient || kindMayUse(rule, actor.organisationKind);
    if (roleOk && kindOk) return true;
    await this.audit.record(actor, [
      {
        operation: info.fieldName,
        patientId: rule ? await this.patientNamed(rule.access, gql.getArgs()) : null,
        outcome: AuditOutcome.REFUSED,
        details: { reason: !rule ? 'undeclared-operation' : !roleOk ? 'role' : 'organisation-kind', stage: 'policy' },
      },
    ]);
    if (!rule) throw forbidden(`${info.fieldName} is not declared in any policy`);
    if (actor.patient) {
      // A patient's sign-in answers as for staff without the role: absence for a patient or record, else FORBIDDEN.
      const label = absentLabel(rule.access);
      if (rule.absentAsNull) throw new NoResult();
      if (label) throw notFound(label);
      throw forbidden(`${info.fieldName} is for staff: a patient’s sign-in reaches the patient’s own view only`);
    }
    // The kind of organisation acted in: refused the same for every argument, so it reveals nothing.
    if (roleOk) throw forbidden(organisationsOf(rule).refusal);
    if (rule.absentAsNull) throw new NoResult();
    const label = absentLabel(rule.access);
    if (label) throw notFound(label);
    throw forbidden(
      rule.patients ? `${info.fieldName} is the patient’s own view: it needs a patient’s sign-in` : `The role ${actor.role} may not use ${info.fieldName}`,
    );
  }

  /** The existing patient an operation names, for the refusal's audit row. */
  private async patientNamed(target: AccessTarget, args: Record<string, unknown>): Promise<string | null> {
    if (target.kind !== 'patient' && target.kind !== 'record' && target.kind !== 'personnummer') return null;
    const value = argAt(args, target.arg);
    if (typeof value !== 'string') return null;
    if (target.kind === 'personnummer') return this.gate.patientOfPersonnummer(value);
    if (!UUID_PATTERN.test(value)) return null;
    if (target.kind === 'record') return this.gate.patientOfRecord(target.record, value);
    return (await this.gate.patientExists(value)) ? value : null;
  }
}
