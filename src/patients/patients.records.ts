import { recordKind } from '../access/record-kind';
import { CareTeamMember } from './care-team-member.entity';
import { Consent } from './consent.entity';
import { Enrollment } from './enrollment.entity';

export const ENROLLMENT_RECORD = recordKind<Enrollment>({ entity: Enrollment, table: 'home_healthcare_enrollment', label: 'Enrollment' });
export const CARE_TEAM_MEMBER_RECORD = recordKind<CareTeamMember>({ entity: CareTeamMember, table: 'care_team_member', label: 'Care team member' });
export const CONSENT_RECORD = recordKind<Consent>({ entity: Consent, table: 'consent', label: 'Consent' });
