import { Platform1795379702760 } from './1795379702760-Platform';
import { Patients1795380950036 } from './1795380950036-Patients';
import { Discharges1795382107481 } from './1795382107481-Discharges';

// Every migration in order. Generate new ones with `npm run migration:generate -- <Name>`.
export const MIGRATIONS: Function[] = [Platform1795379702760, Patients1795380950036, Discharges1795382107481];
