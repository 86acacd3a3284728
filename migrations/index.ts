import { Platform1795379702760 } from './1795379702760-Platform';
import { Patients1795380950036 } from './1795380950036-Patients';
import { AuditFailedOutcome1795381259648 } from './1795381259648-AuditFailedOutcome';
import { RoundsAndTasks1795382180348 } from './1795382180348-RoundsAndTasks';

// Every migration in order. Generate new ones with `npm run migration:generate -- <Name>`.
export const MIGRATIONS: Function[] = [Platform1795379702760, Patients1795380950036, AuditFailedOutcome1795381259648, RoundsAndTasks1795382180348];
