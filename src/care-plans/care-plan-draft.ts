import { FieldError } from '../common/errors';
import { CarePlanActionKind, CarePlanParticipantKind } from './care-plan.enums';
import { ActionSnapshot, CarePlanSnapshot, GoalSnapshot, NeedSnapshot, ParticipantSnapshot } from './care-plan-snapshot';
import { DRAFT_LISTS, DraftList } from './care-plan-store';
import { UpdateCarePlanDraftInput } from './dto/care-plan.input';

/** The draft after applying an update, which lists were replaced, and input errors found on the way. */
export interface DraftPatch {
  next: CarePlanSnapshot;
  lists: DraftList[];
  /** Names of the input fields given (lists and scalars), for naming errors. */
  given: Set<string>;
  errors: FieldError[];
}

type Identified = { id?: string | null };

/**
 * Applies an update to the current draft. A list given replaces the list: items carrying an id
 * keep their identity (the id must be one of this draft's items), items without one are new.
 * Pure: `newId` makes ids.
 */
export function applyDraftUpdate(current: CarePlanSnapshot, input: UpdateCarePlanDraftInput, newId: () => string): DraftPatch {
  const errors: FieldError[] = [];
  const lists: DraftList[] = [];
  const next: CarePlanSnapshot = { ...current };

  const replace = <I extends Identified, S extends { id: string }>(
    list: DraftList,
    items: I[] | undefined | null,
    build: (i: I, id: string) => S,
  ): S[] | null => {
    if (items === undefined || items === null) return null;
    lists.push(list);
    const known = new Set((current[list] as Array<{ id: string }>).map((x) => x.id));
    const seen = new Set<string>();
    return items.map((item, i) => {
      if (item.id) {
        if (!known.has(item.id)) errors.push({ field: `input.${list}.${i}.id`, message: 'is not an item of this draft; leave it out for a new one' });
        else if (seen.has(item.id)) errors.push({ field: `input.${list}.${i}.id`, message: 'appears twice' });
        seen.add(item.id);
      }
      return build(item, item.id && known.has(item.id) ? item.id : newId());
    });
  };

  if (input.reason !== undefined && input.reason !== null) next.reason = input.reason;
  if (input.overallResponsibleOrganisationId !== undefined) next.overallResponsibleOrganisationId = input.overallResponsibleOrganisationId ?? null;
  if (input.coordinatorStaffId !== undefined) next.coordinatorStaffId = input.coordinatorStaffId ?? null;
  if (input.nextFollowUpDate !== undefined) next.nextFollowUpDate = input.nextFollowUpDate ?? null;
  if (input.agreementText !== undefined) next.agreementText = input.agreementText ?? null;
  if (input.careContactStaffId !== undefined) next.careContactStaffId = input.careContactStaffId ?? null;
  if (input.agreedTime !== undefined) next.agreedTime = input.agreedTime ? new Date(input.agreedTime).toISOString() : null;
  if (input.daytimeContact !== undefined) {
    next.daytimeContactName = input.daytimeContact?.name ?? null;
    next.daytimeContactPhone = input.daytimeContact?.phone ?? null;
  }
  if (input.outOfHoursContact !== undefined) {
    next.outOfHoursContactName = input.outOfHoursContact?.name ?? null;
    next.outOfHoursContactPhone = input.outOfHoursContact?.phone ?? null;
  }
  next.goals = replace<NonNullable<typeof input.goals>[number], GoalSnapshot>('goals', input.goals, (g, id) => ({ id, text: g.text })) ?? current.goals;
  next.needs = replace<NonNullable<typeof input.needs>[number], NeedSnapshot>('needs', input.needs, (n, id) => ({ id, text: n.text })) ?? current.needs;
  next.actions =
    replace<NonNullable<typeof input.actions>[number], ActionSnapshot>('actions', input.actions, (a, id) => ({
      id,
      description: a.description,
      kind: a.kind,
      responsibleOrganisationId: a.responsibleOrganisationId ?? null,
      responsibleStaffId: a.responsibleStaffId ?? null,
      performedBy: a.performedBy ?? null,
      startDate: a.startDate,
      endDate: a.endDate ?? null,
      status: a.status,
    })) ?? current.actions;
  next.participants =
    replace<NonNullable<typeof input.participants>[number], ParticipantSnapshot>('participants', input.participants, (p, id) => ({
      id,
      kind: p.kind,
      organisationId: p.organisationId ?? null,
      staffId: p.staffId ?? null,
      name: p.name ?? null,
      relation: p.relation ?? null,
      attended: p.attended ?? null,
    })) ?? current.participants;
  const given = new Set(Object.keys(input).filter((k) => (input as unknown as Record<string, unknown>)[k] !== undefined));
  return { next, lists: DRAFT_LISTS.filter((l) => lists.includes(l)), given, errors };
}

export const UNPLANNED_PARTICIPANT =
  'is an ambulance service or an out-of-hours primary care unit: it arrives unplanned and takes no part in a SIP (it reads the urgent care plan)';

/** What validation needs to know from the database. */
export interface DraftFacts {
  /** Organisations that exist, among those referenced. */
  knownOrganisationIds: ReadonlySet<string>;
  /** Of those, the ambulance services and out-of-hours units: never a participant (no standing care relationship). */
  unplannedOrganisationIds?: ReadonlySet<string>;
  /** Staff id → organisations where they hold an assignment now. */
  staffOrganisations: ReadonlyMap<string, ReadonlySet<string>>;
  actorOrganisationId: string;
}

/** Every id the draft refers to, for fetching DraftFacts in two queries. */
export function referencedIds(s: CarePlanSnapshot): { organisationIds: string[]; staffIds: string[] } {
  const orgs = new Set<string>();
  const staff = new Set<string>();
  for (const p of s.participants) {
    if (p.organisationId) orgs.add(p.organisationId);
    if (p.staffId) staff.add(p.staffId);
  }
  for (const a of s.actions) {
    if (a.responsibleOrganisationId) orgs.add(a.responsibleOrganisationId);
    if (a.responsibleStaffId) staff.add(a.responsibleStaffId);
  }
  if (s.overallResponsibleOrganisationId) orgs.add(s.overallResponsibleOrganisationId);
  if (s.coordinatorStaffId) staff.add(s.coordinatorStaffId);
  if (s.careContactStaffId) staff.add(s.careContactStaffId);
  return { organisationIds: [...orgs], staffIds: [...staff] };
}

const FIELDS_BY_KIND: Record<CarePlanParticipantKind, { required: Array<keyof ParticipantSnapshot>; forbidden: Array<keyof ParticipantSnapshot> }> = {
  ORGANISATION: { required: ['organisationId'], forbidden: ['staffId', 'name', 'relation'] },
  STAFF: { required: ['staffId', 'organisationId'], forbidden: ['name', 'relation'] },
  PATIENT: { required: [], forbidden: ['organisationId', 'staffId', 'name', 'relation'] },
  NEXT_OF_KIN: { required: ['name'], forbidden: ['organisationId', 'staffId'] },
};

/**
 * The whole draft must hang together after every change: participants well formed, every
 * organisation referred to taking part, staff belonging to the units they are named for, dates in
 * order. Errors name the input field when the list was given, else `input.participants` (the
 * change that broke an existing reference). Publishing checks completeness separately.
 */
export function validateDraft(s: CarePlanSnapshot, given: ReadonlySet<string>, facts: DraftFacts): FieldError[] {
  const errors: FieldError[] = [];
  const at = (list: DraftList, i: number, field: string) => (given.has(list) ? `input.${list}.${i}.${field}` : 'input.participants');
  const scalar = (field: string) => (given.has(field) ? `input.${field}` : 'input.participants');
  const holds = (staffId: string, orgId: string) => facts.staffOrganisations.get(staffId)?.has(orgId) ?? false;

  const orgs = new Set<string>();
  const staff = new Set<string>();
  let patients = 0;
  s.participants.forEach((p, i) => {
    const rule = FIELDS_BY_KIND[p.kind];
    for (const f of rule.required) if (!p[f]) errors.push({ field: at('participants', i, f), message: `is required for a ${p.kind} participant` });
    for (const f of rule.forbidden) if (p[f]) errors.push({ field: at('participants', i, f), message: `must be empty for a ${p.kind} participant` });
    if (p.kind === CarePlanParticipantKind.ORGANISATION && p.organisationId) {
      if (!facts.knownOrganisationIds.has(p.organisationId))
        errors.push({ field: at('participants', i, 'organisationId'), message: 'is not a known organisation' });
      else if (facts.unplannedOrganisationIds?.has(p.organisationId))
        errors.push({ field: at('participants', i, 'organisationId'), message: UNPLANNED_PARTICIPANT });
      else if (orgs.has(p.organisationId)) errors.push({ field: at('participants', i, 'organisationId'), message: 'is already a participant' });
      orgs.add(p.organisationId);
    }
    if (p.kind === CarePlanParticipantKind.PATIENT && ++patients > 1)
      errors.push({ field: at('participants', i, 'kind'), message: 'the patient takes part once' });
  });
  s.participants.forEach((p, i) => {
    if (p.kind !== CarePlanParticipantKind.STAFF || !p.staffId || !p.organisationId) return;
    if (!orgs.has(p.organisationId))
      errors.push({ field: at('participants', i, 'organisationId'), message: 'must be a participating organisation (add it as an ORGANISATION participant)' });
    else if (!holds(p.staffId, p.organisationId))
      errors.push({ field: at('participants', i, 'staffId'), message: 'must hold an assignment in the organisation they represent' });
    if (staff.has(p.staffId)) errors.push({ field: at('participants', i, 'staffId'), message: 'is already a participant' });
    staff.add(p.staffId);
  });
  if (!orgs.has(facts.actorOrganisationId)) {
    errors.push({ field: 'input.participants', message: 'must keep your own organisation; another participant removes it if it leaves the plan' });
  }
  if (s.overallResponsibleOrganisationId && !orgs.has(s.overallResponsibleOrganisationId)) {
    errors.push({ field: scalar('overallResponsibleOrganisationId'), message: 'must be a participating organisation' });
  }
  if (s.coordinatorStaffId && ![...orgs].some((o) => holds(s.coordinatorStaffId!, o))) {
    errors.push({ field: scalar('coordinatorStaffId'), message: 'must hold an assignment in a participating organisation' });
  }
  if (s.careContactStaffId && ![...orgs].some((o) => holds(s.careContactStaffId!, o))) {
    errors.push({
      field: scalar('careContactStaffId'),
      message: 'must hold an assignment in a participating organisation (the fixed care contact is one of its staff)',
    });
  }
  s.actions.forEach((a, i) => {
    if (a.kind === CarePlanActionKind.SELF_CARE) {
      if (a.responsibleOrganisationId)
        errors.push({ field: at('actions', i, 'responsibleOrganisationId'), message: 'must be empty for a SELF_CARE action (the patient does it)' });
      if (a.responsibleStaffId)
        errors.push({ field: at('actions', i, 'responsibleStaffId'), message: 'must be empty for a SELF_CARE action (the patient does it)' });
    } else if (!a.responsibleOrganisationId) {
      if (a.kind !== CarePlanActionKind.NEXT_OF_KIN)
        errors.push({
          field: at('actions', i, 'responsibleOrganisationId'),
          message: 'is required unless next of kin or the patient (SELF_CARE) do the action',
        });
    } else if (!orgs.has(a.responsibleOrganisationId)) {
      errors.push({ field: at('actions', i, 'responsibleOrganisationId'), message: 'must be a participating organisation' });
    }
    if (
      a.kind !== CarePlanActionKind.SELF_CARE &&
      a.responsibleStaffId &&
      (!a.responsibleOrganisationId || !holds(a.responsibleStaffId, a.responsibleOrganisationId))
    ) {
      errors.push({ field: at('actions', i, 'responsibleStaffId'), message: 'must hold an assignment in the responsible organisation' });
    }
    if (a.endDate && a.endDate < a.startDate) errors.push({ field: at('actions', i, 'endDate'), message: 'cannot be before the start date' });
  });
  return dedupe(errors);
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.field}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
