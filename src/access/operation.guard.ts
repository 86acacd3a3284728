import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { UUID_PATTERN } from '../common/validators';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { AuditOutcome } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { forbidden, notFound, unauthenticated } from '../common/errors';
import { GqlContext } from '../common/graphql-context';
import { OPERATION_RULES } from './policies';

/** Thrown to answer a refused search with null, exactly like a miss (see NoResultFilter). */
export class NoResult extends Error {}


/** The patient an operation names, when it names one directly, for the refusal's audit row. */
function patientIdIn(args: Record<string, unknown>, arg = 'patientId'): string | null {
  const input = args.input as Record<string, unknown> | undefined;
  const candidate = args[arg] ?? input?.[arg] ?? null;
  return typeof candidate === 'string' && UUID_PATTERN.test(candidate) ? candidate : null;
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The one global guard: every root GraphQL field must be declared in a capability policy, and the
 * actor's role must be listed for it. Undeclared operations are refused. Refusals are audited.
 */
@Injectable()
export class OperationGuard implements CanActivate {
  constructor(private readonly audit: AuditService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true; // REST: health checks only
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (!ROOT_TYPES.has(info.parentType.name)) return true;
    const ctx = gql.getContext<GqlContext>();
    const actor = ctx.actor;
    if (!actor) throw unauthenticated();
    const rule = OPERATION_RULES.get(info.fieldName);
    if (rule && rule.roles.includes(actor.role)) return true;
    await this.audit.record(actor, [
      {
        operation: info.fieldName,
        patientId: patientIdIn(gql.getArgs(), rule?.patientArg),
        outcome: AuditOutcome.REFUSED,
        details: { reason: rule ? 'role' : 'undeclared-operation' },
      },
    ]);
    if (rule?.refuseAs === 'NOT_FOUND') throw notFound('Patient');
    if (rule?.refuseAs === 'NO_RESULT') throw new NoResult();
    throw forbidden(`The role ${actor.role} may not use ${info.fieldName}`);
  }
}
