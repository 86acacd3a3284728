import { AuditLog } from '../audit/audit-log.entity';
import { Assignment } from '../organisations/assignment.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';

/** Every entity, listed once so the app, the CLI and the tests load the same model. */
export const ENTITIES = [Organisation, Staff, Assignment, AuditLog];
