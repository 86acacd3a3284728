import { definePolicy } from '../access/policy';
import { ALL_ROLES, Role } from '../access/roles';

export const organisationsPolicy = definePolicy('Organisations and staff', {
  me: { roles: ALL_ROLES, does: 'Read who I am and the assignment I act in' },
  organisations: { roles: ALL_ROLES, does: 'List care units (organisations)' },
  organisation: { roles: ALL_ROLES, does: 'Read one care unit' },
  staffMembers: { roles: ALL_ROLES, does: 'List staff with assignments in a care unit (the staff directory)' },
  createStaff: { roles: [Role.ADMIN], does: 'Register a staff member with an assignment', scope: 'own organisation only' },
  updateStaff: { roles: [Role.ADMIN], does: 'Correct a staff member’s name or profession title', scope: 'staff with an active assignment in own organisation' },
  addAssignment: { roles: [Role.ADMIN], does: 'Give a staff member a role (assignment)', scope: 'own organisation only' },
  endAssignment: { roles: [Role.ADMIN], does: 'End an assignment', scope: 'own organisation only' },
});
