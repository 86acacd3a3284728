import { Injectable } from '@nestjs/common';
import { PatientAccessService, PatientOperation, PatientScope } from '../access/patient-access.service';
import { Actor } from '../auth/actor';
import { AppError, ErrorCode, forbidden, notFound } from '../common/errors';
import { CarePlan } from './care-plan.entity';
import { PlanAccess, planAccess } from './care-plan-rules';
import { loadPlan } from './care-plan-store';

export interface PlanScope extends PatientScope {
  plan: CarePlan;
  access: PlanAccess;
}

type RecordTable = 'care_plan' | 'care_plan_meeting' | 'care_plan_follow_up';

/**
 * The way into SIP data: every read and write runs inside PatientAccessService.withPatient (care
 * relationship, audit row in the same transaction), then the plan-level rule (participant, or
 * consent to read). An error after access was granted rolls the transaction back; withPatient
 * logs the attempt on its own (REFUSED for FORBIDDEN/NOT_FOUND, FAILED for rule failures).
 */
@Injectable()
export class CarePlanGate {
  constructor(private readonly access: PatientAccessService) {}

  /** withPatient, which also logs an attempt turned down inside (REFUSED or FAILED, with the reason). */
  patient<T>(actor: Actor, patientId: string, op: PatientOperation, fn: (scope: PatientScope) => Promise<T>): Promise<T> {
    return this.access.withPatient(actor, patientId, op, fn);
  }

  /**
   * A plan addressed by its id, or by the id of one of its records (meeting, follow-up).
   * `write`: the plan row is locked (SELECT … FOR UPDATE) and the actor's organisation must take part.
   */
  async plan<T>(
    actor: Actor,
    ref: { table: RecordTable; id: string; carePlanId?: string },
    op: PatientOperation,
    mode: 'read' | 'write',
    fn: (scope: PlanScope) => Promise<T>,
  ): Promise<T> {
    const what = ref.table === 'care_plan' ? 'Care plan' : ref.table === 'care_plan_meeting' ? 'Meeting' : 'Follow-up';
    const patientId = await this.access.lookupPatientOf(ref.table, ref.id);
    if (!patientId) throw notFound(what);
    const planId = ref.carePlanId ?? (ref.table === 'care_plan' ? ref.id : null);
    let entered = false;
    // A record whose patient the actor may not see answers exactly like a record that does not exist.
    const hidden = (e: unknown) => {
      throw !entered && e instanceof AppError && e.code === ErrorCode.NOT_FOUND ? notFound(what) : e;
    };
    return this.patient(actor, patientId, op, async (scope) => {
      entered = true;
      const id = planId ?? (await this.planIdOf(scope, ref.table, ref.id, what));
      const plan = await loadPlan(scope.manager, id, mode === 'write');
      const access = planAccess(scope.grant, plan);
      if (!access.read) throw notFound(what);
      if (mode === 'write' && !access.write) throw forbidden('Only organisations taking part in the SIP change it; ask a participant to add yours');
      return fn({ ...scope, plan, access });
    }).catch(hidden);
  }

  private async planIdOf(scope: PatientScope, table: RecordTable, id: string, what: string): Promise<string> {
    const rows: Array<{ care_plan_id: string }> = await scope.manager.query(`SELECT care_plan_id FROM ${table} WHERE id = $1`, [id]);
    if (!rows[0]) throw notFound(what);
    return rows[0].care_plan_id;
  }
}
