import { recordKind } from '../access/record-kind';
import { CarePlanVersion } from '../care-plans/care-plan-version.entity';
import { CARE_PLAN_RECORD } from '../care-plans/care-plans.records';

/**
 * A published version of a SIP, addressed by its own id by the exports: as visible as its SIP
 * (the gate reads the plan and applies its rule). Only published versions exist in the table, so
 * a draft has no version id: asking for one answers "Care plan version not found".
 */
export const CARE_PLAN_VERSION_RECORD = recordKind<CarePlanVersion>({
  entity: CarePlanVersion,
  table: 'care_plan_version',
  label: 'Care plan version',
  detail: 'versionId',
  parent: { kind: CARE_PLAN_RECORD as never, key: 'carePlanId' satisfies keyof CarePlanVersion },
});
