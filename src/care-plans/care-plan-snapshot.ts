import { CarePlanActionKind, CarePlanActionStatus, CarePlanParticipantKind, CarePlanPublishRequirement, PlanType } from './care-plan.enums';

/** The content of a SIP: the draft as it stands, or a published version (stored as jsonb). Pure data. */
export interface GoalSnapshot {
  id: string;
  text: string;
}

export interface NeedSnapshot {
  id: string;
  text: string;
}

export interface ActionSnapshot {
  id: string;
  description: string;
  kind: CarePlanActionKind;
  responsibleOrganisationId: string | null;
  responsibleStaffId: string | null;
  performedBy: string | null;
  startDate: string;
  endDate: string | null;
  status: CarePlanActionStatus;
}

export interface ParticipantSnapshot {
  id: string;
  kind: CarePlanParticipantKind;
  organisationId: string | null;
  staffId: string | null;
  name: string | null;
  relation: string | null;
  attended: boolean | null;
}

export interface CarePlanSnapshot {
  reason: string;
  goals: GoalSnapshot[];
  needs: NeedSnapshot[];
  actions: ActionSnapshot[];
  participants: ParticipantSnapshot[];
  overallResponsibleOrganisationId: string | null;
  coordinatorStaffId: string | null;
  nextFollowUpDate: string | null;
  // ---- added with patient agreements; absent in versions published before them (read as null, SIP) ----
  /** The plan's type; absent means SIP. */
  planType?: PlanType;
  /** The agreement in the patient's own words. */
  agreementText?: string | null;
  /** The fixed care contact (fast vårdkontakt), a staff id. */
  careContactStaffId?: string | null;
  /** The next agreed time (överenskommen tid), ISO 8601 instant. */
  agreedTime?: string | null;
  /** Whom to call in the daytime: name or role, and phone. */
  daytimeContactName?: string | null;
  daytimeContactPhone?: string | null;
  /** Whom to call out of hours: name or role, and phone. */
  outOfHoursContactName?: string | null;
  outOfHoursContactPhone?: string | null;
}

/** The agreement fields of a snapshot, null where absent (versions published before patient agreements). */
export function agreementPart(s: CarePlanSnapshot) {
  return {
    agreementText: s.agreementText ?? null,
    careContactStaffId: s.careContactStaffId ?? null,
    agreedTime: s.agreedTime ?? null,
    daytimeContactName: s.daytimeContactName ?? null,
    daytimeContactPhone: s.daytimeContactPhone ?? null,
    outOfHoursContactName: s.outOfHoursContactName ?? null,
    outOfHoursContactPhone: s.outOfHoursContactPhone ?? null,
  };
}

/** Organisations taking part: ORGANISATION participants and the units named staff represent. */
export function participantOrganisations(s: Pick<CarePlanSnapshot, 'participants'>): string[] {
  return [...new Set(s.participants.map((p) => p.organisationId).filter((o): o is string => !!o))];
}

/**
 * What is missing before the draft may be published, in a fixed order. Empty means publishable.
 * `today` is the Swedish calendar date; the follow-up must be strictly after it.
 *
 * A patient agreement (one organisation may publish it) needs instead: the agreement text, an
 * action, a fixed care contact working in the publishing organisation (`contactInPublisher`), a
 * future agreed time (after `now`), and whom to call in the daytime and out of hours. A follow-up
 * date is optional, but when given it must be after today.
 */
export function publishBlockers(
  s: CarePlanSnapshot,
  ctx: { sipConsent: boolean; today: string; now?: Date; contactInPublisher?: boolean },
): CarePlanPublishRequirement[] {
  const out: CarePlanPublishRequirement[] = [];
  if (s.planType === PlanType.PATIENT_AGREEMENT) {
    const R = CarePlanPublishRequirement;
    if (!s.agreementText) out.push(R.AGREEMENT_TEXT);
    if (s.actions.length === 0) out.push(R.ACTION);
    if (s.nextFollowUpDate && s.nextFollowUpDate <= ctx.today) out.push(R.FUTURE_FOLLOW_UP);
    if (!s.careContactStaffId || ctx.contactInPublisher === false) out.push(R.CARE_CONTACT);
    if (!s.agreedTime || (ctx.now && new Date(s.agreedTime).getTime() <= ctx.now.getTime())) out.push(R.FUTURE_AGREED_TIME);
    if (!s.daytimeContactName || !s.daytimeContactPhone) out.push(R.DAYTIME_CONTACT);
    if (!s.outOfHoursContactName || !s.outOfHoursContactPhone) out.push(R.OUT_OF_HOURS_CONTACT);
    return out;
  }
  if (!ctx.sipConsent) out.push(CarePlanPublishRequirement.SIP_CONSENT);
  const orgs = new Set(s.participants.filter((p) => p.kind === CarePlanParticipantKind.ORGANISATION).map((p) => p.organisationId));
  if (orgs.size < 2) out.push(CarePlanPublishRequirement.TWO_ORGANISATIONS);
  if (!s.overallResponsibleOrganisationId) out.push(CarePlanPublishRequirement.OVERALL_RESPONSIBILITY);
  if (s.goals.length === 0) out.push(CarePlanPublishRequirement.GOAL);
  if (s.actions.length === 0) out.push(CarePlanPublishRequirement.ACTION);
  if (!s.nextFollowUpDate || s.nextFollowUpDate <= ctx.today) out.push(CarePlanPublishRequirement.FUTURE_FOLLOW_UP);
  return out;
}

/**
 * Under protected identity, next of kin are shown only to organisations caring for the patient
 * directly: their names (as participants, or as performers of actions) are withheld.
 */
export function redactIdentity(s: CarePlanSnapshot, identityVisible: boolean): CarePlanSnapshot {
  if (identityVisible) return s;
  return {
    ...s,
    participants: s.participants.map((p) => (p.kind === CarePlanParticipantKind.NEXT_OF_KIN ? { ...p, name: null, relation: null } : p)),
    actions: s.actions.map((a) => (a.performedBy ? { ...a, performedBy: null } : a)),
  };
}

export interface PublishedAt {
  number: number;
  publishedAt: Date;
}

/**
 * The version in force at an instant: the last one published at or before it, unless the plan
 * was closed by then. Null when nothing was in force.
 */
export function versionInForceAt(versions: readonly PublishedAt[], at: Date, closedAt: Date | null): number | null {
  if (closedAt && closedAt.getTime() <= at.getTime()) return null;
  let best: PublishedAt | null = null;
  for (const v of versions) {
    if (v.publishedAt.getTime() <= at.getTime() && (!best || v.number > best.number)) best = v;
  }
  return best?.number ?? null;
}
