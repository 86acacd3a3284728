import { Platform1795379702760 } from './1795379702760-Platform';
import { Patients1795380950036 } from './1795380950036-Patients';
import { CarePlans1795381708394 } from './1795381708394-CarePlans';

// Every migration in order. Generate new ones with `npm run migration:generate -- <Name>`.
export const MIGRATIONS: Function[] = [Platform1795379702760, Patients1795380950036, CarePlans1795381708394];
