import { definePolicy, EVERY_KIND, noPatientData } from '../access/policy';
import { ALL_ROLES, Role } from '../common/roles';

const NONE = noPatientData('organisations, staff and assignments');
/** Every kind of unit signs in, finds units and colleagues, and administers its own staff: an ambulance service too. */
const organisations = EVERY_KIND;

export const organisationsPolicy = definePolicy('Organisations and staff', {
  me: { roles: ALL_ROLES, does: 'Read who I am and the assignment I act in', access: NONE, organisations },
  organisations: { roles: ALL_ROLES, does: 'List care units (organisations)', access: NONE, organisations },
  organisation: { roles: ALL_ROLES, does: 'Read one care unit', access: NONE, organisations },
  staffMembers: { roles: ALL_ROLES, does: 'List staff with assignments in a care unit (the staff directory)', access: NONE, organisations },
  createStaff: { roles: [Role.ADMIN], does: 'Register a staff member with an assignment', scope: 'own organisation only', access: NONE, organisations },
  updateStaff: {
    roles: [Role.ADMIN],
    does: 'Correct a staff member’s name, profession title or work phone',
    scope: 'staff with an active assignment in own organisation',
    access: NONE,
    organisations,
  },
  addAssignment: { roles: [Role.ADMIN], does: 'Give a staff member a role (assignment)', scope: 'own organisation only', access: NONE, organisations },
  endAssignment: { roles: [Role.ADMIN], does: 'End an assignment', scope: 'own organisation only', access: NONE, organisations },
});
