import { Injectable } from '@nestjs/common';
import { PatientAccessService, PatientOperation, PatientScope } from '../access/patient-access.service';
import { PatientGrant } from '../access/patient-grant';
import { AuditOutcome } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { forbidden, notFound } from '../common/errors';
import { DeteriorationPlan } from './deterioration-plan.entity';
import { canSeePlan, hiddenReason } from './plan-content';

export type PlanPatientScope = PatientScope;

export interface PlanScope extends PlanPatientScope {
  plan: DeteriorationPlan;
}

/**
 * Access to deterioration plans, on top of PatientAccessService: the care relationship and the
 * audit row come from withPatient; this adds the plan's own visibility (documentation recorded by
 * another organisation) and logs business-rule refusals, which withPatient's rollback would
 * otherwise leave unlogged.
 */
@Injectable()
export class PlanAccess {
  constructor(
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
  ) {}

  /** withPatient; refusals inside (scope.refuse) are logged REFUSED, other rule failures FAILED. */
  forPatient<T>(actor: Actor, patientId: string, op: PatientOperation, fn: (scope: PlanPatientScope) => Promise<T>): Promise<T> {
    return this.access.withPatient(actor, patientId, op, fn);
  }

  /**
   * For operations addressed by plan id: the plan's patient, then forPatient, then the plan (locked
   * for update when asked). A plan the actor may not see is NOT_FOUND, like one that does not exist.
   */
  async forPlan<T>(actor: Actor, planId: string, op: PatientOperation, opts: { lock: boolean }, fn: (scope: PlanScope) => Promise<T>): Promise<T> {
    const details = { ...op.details, planId };
    const patientId = await this.access.lookupPatientOf('deterioration_plan', planId);
    if (!patientId) {
      await this.audit.record(actor, [{ operation: op.operation, outcome: AuditOutcome.REFUSED, details: { ...details, reason: 'no-such-plan' } }]);
      throw notFound('Deterioration plan');
    }
    return this.forPatient(actor, patientId, { ...op, details }, async (scope) => {
      const plan = await scope.manager.getRepository(DeteriorationPlan).findOne({ where: { id: planId }, ...(opts.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
      if (!plan) throw notFound('Deterioration plan');
      if (!canSeePlan(scope.grant, plan)) {
        scope.refuse(hiddenReason(scope.grant, plan));
        throw notFound('Deterioration plan');
      }
      return fn({ ...scope, plan });
    });
  }
}

/** Changing a plan needs a care relationship; emergency access (nödåtkomst) only lets you read. */
export function requireCareRelationship(grant: PatientGrant): void {
  if (grant.relationships.length === 0) throw forbidden('Changing a deterioration plan needs a care relationship; emergency access only lets you read it');
}
