import { recordKind } from '../access/record-kind';
import { Task } from './task.entity';

export const TASK_RECORD = recordKind<Task>({ entity: Task, table: 'task', label: 'Task' });
