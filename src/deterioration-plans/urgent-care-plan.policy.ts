import { byPersonnummer, definePolicy } from '../access/policy';
import { OrganisationKind } from '../common/organisation-kind';
import { Role } from '../common/roles';

/**
 * The urgent read is for the units that arrive unplanned, and for the staff there who act on it:
 * the ambulance nurse (every Swedish ambulance carries a registered nurse, ambulanssjuksköterska,
 * who holds the medical responsibility on the scene) and the out-of-hours nurse or physician.
 * Units with a standing care relationship read the whole plan (activeDeteriorationPlan) instead.
 */
export const urgentCarePolicy = definePolicy('The urgent read (ambulance, out-of-hours)', {
  urgentCarePlan: {
    roles: [Role.NURSE, Role.PHYSICIAN],
    does: 'The urgent read: the active signed deterioration plan’s summary, treatment limitations, the contact ladder for this hour and the fast vårdkontakt; nothing else',
    scope:
      'by personnummer; reason required; no care relationship needed, none given; read-only; reads as emergency access (no consent needed, never a block, never a protected identity); no active plan, an unknown person and a protected identity answer alike; every attempt flagged emergency; listed for the unit’s review',
    organisations: {
      kinds: [OrganisationKind.AMBULANCE, OrganisationKind.OUT_OF_HOURS],
      refusal: 'Only an ambulance service or an out-of-hours primary care unit uses the urgent read; your unit reads the plan with activeDeteriorationPlan',
    },
    access: byPersonnummer('input.personnummer', 'urgent'),
  },
});
