import { CARE_PLAN_FOLLOW_UP_RECORD, CARE_PLAN_MEETING_RECORD } from '../care-plans/care-plans.records';
import { HANDOVER_RECORD } from '../discharges/discharges.records';
import { DETERIORATION_EPISODE_RECORD } from '../deterioration-plans/deterioration-plans.records';
import { RecordKind } from '../access/record-kind';
import { TaskSourceKind } from '../tasks/task.entity';
import { TaskSources } from '../tasks/task-sources';

/**
 * The records a task can be made from (createTask's `source`), kind → record kind: where the
 * record is and who may see it. One entry per TaskSourceKind (the type makes it complete).
 */
export const TASK_SOURCE_KINDS: Readonly<Record<TaskSourceKind, RecordKind>> = {
  [TaskSourceKind.HANDOVER]: HANDOVER_RECORD as RecordKind,
  [TaskSourceKind.CARE_PLAN_FOLLOW_UP]: CARE_PLAN_FOLLOW_UP_RECORD as RecordKind,
  [TaskSourceKind.CARE_PLAN_MEETING]: CARE_PLAN_MEETING_RECORD as RecordKind,
  [TaskSourceKind.DETERIORATION_EPISODE]: DETERIORATION_EPISODE_RECORD as RecordKind,
};

/** Handed to the tasks module as the TaskSources provider (src/app/registry.ts). */
export const TASK_SOURCES = new TaskSources(TASK_SOURCE_KINDS);
