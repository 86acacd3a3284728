import { definePolicy, noPatientData } from '../access/policy';
import { ALL_ROLES, Role } from '../common/roles';

const NONE = noPatientData('organisations, staff and assignments');

export const organisationsPolicy = definePolicy('Organisations and staff', {
  me: { roles: ALL_ROLES, does: 'Read who I am and the assignment I act in', access: NONE },
  organisations: { roles: ALL_ROLES, does: 'List care units (organisations)', access: NONE },
  organisation: { roles: ALL_ROLES, does: 'Read one care unit', access: NONE },
  staffMembers: { roles: ALL_ROLES, does: 'List staff with assignments in a care unit (the staff directory)', access: NONE },
  createStaff: { roles: [Role.ADMIN], does: 'Register a staff member with an assignment', scope: 'own organisation only', access: NONE },
  updateStaff: { roles: [Role.ADMIN], does: 'Correct a staff member’s name or profession title', scope: 'staff with an active assignment in own organisation', access: NONE },
  addAssignment: { roles: [Role.ADMIN], does: 'Give a staff member a role (assignment)', scope: 'own organisation only', access: NONE },
  endAssignment: { roles: [Role.ADMIN], does: 'End an assignment', scope: 'own organisation only', access: NONE },
});
