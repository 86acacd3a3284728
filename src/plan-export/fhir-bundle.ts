/**
 * A published SIP version as a FHIR R4 Bundle of type `collection`: the CarePlan, its Goals, the
 * CareTeam, the Patient, the Organizations and the Practitioners it names. A collection, not a
 * document: a SIP version is not attested as a clinical document (no Composition), and a receiver
 * takes the resources in as they are. Pure: the instant of the export is passed in.
 *
 * Identifiers: the patient by personnummer (`http://electronichealth.se/identifier/personnummer`,
 * as the Swedish common FHIR profiles name it; samordningsnummer under
 * `http://electronichealth.se/identifier/samordningsnummer`), units and staff by HSA-id
 * (`urn:oid:1.2.752.129.2.1.4.1`). docs/PLAN-EXPORT.md has the mapping table.
 */
import { createHash } from 'node:crypto';
import { stockholmDate } from '../common/calendar';
import { CarePlanActionStatus, CarePlanCloseReason, CarePlanParticipantKind } from '../care-plans/care-plan.enums';
import { ExportContent, versionState } from './plan-export-content';
import { ACTION_KIND_LABELS } from '../reserve/reserve-snapshot';
import { TYPE_OF_CARE_PLAN_SYSTEM, typeOfCarePlan } from './get-care-plans';

export const PERSONNUMMER_SYSTEM = 'http://electronichealth.se/identifier/personnummer';
export const SAMORDNINGSNUMMER_SYSTEM = 'http://electronichealth.se/identifier/samordningsnummer';
export const HSA_ID_SYSTEM = 'urn:oid:1.2.752.129.2.1.4.1';
/** Business identifiers that are URIs (the plan's and the version's UUIDs as urn:uuid). */
const URI_SYSTEM = 'urn:ietf:rfc:3986';

type Json = Record<string, unknown>;

/** A stable UUID for a resource that has no row of its own (the CareTeam, a RelatedPerson): from the version and a name. */
function derivedUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const ref = (type: string, id: string, display?: string): Json => ({ reference: `urn:uuid:${id}`, type, ...(display ? { display } : {}) });

const ACTIVITY_STATUS: Record<CarePlanActionStatus, string> = {
  [CarePlanActionStatus.PLANNED]: 'not-started',
  [CarePlanActionStatus.ONGOING]: 'in-progress',
  [CarePlanActionStatus.DONE]: 'completed',
  [CarePlanActionStatus.CANCELLED]: 'cancelled',
};

/**
 * CarePlan.status: the version in force of an open plan is `active`; a plan closed because its goals
 * were reached or it was no longer needed is `completed`, otherwise `revoked`; a version a later one
 * replaced is `revoked` (it no longer applies).
 */
export function fhirCarePlanStatus(c: Pick<ExportContent, 'version' | 'plan'>): string {
  const state = versionState(c);
  if (state === 'in-force') return 'active';
  if (state === 'closed') {
    const r = c.plan.closeReason;
    return r === CarePlanCloseReason.GOALS_ACHIEVED || r === CarePlanCloseReason.NO_LONGER_NEEDED ? 'completed' : 'revoked';
  }
  return 'revoked';
}

/** The bundle, as a plain JSON object. */
export function toFhirBundle(c: ExportContent, exportedAt: Date): Json {
  const v = c.version;
  const s = v.snapshot;
  const p = c.patient;
  const status = fhirCarePlanStatus(c);
  const goalStatus = status === 'active' ? 'active' : status === 'completed' ? 'completed' : 'cancelled';
  const entries: Json[] = [];
  const add = (id: string, resource: Json) => entries.push({ fullUrl: `urn:uuid:${id}`, resource: { id, ...resource } });

  // The patient: identified by personnummer; name, address and phone only when the caller may see them.
  const patient: Json = {
    resourceType: 'Patient',
    identifier: [{ use: 'official', system: p.coordinationNumber ? SAMORDNINGSNUMMER_SYSTEM : PERSONNUMMER_SYSTEM, value: p.personnummer }],
    birthDate: p.birthDate,
  };
  if (p.protectedIdentity)
    patient.meta = { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' }] };
  if (p.identityVisible && (p.familyName || p.givenName)) {
    patient.name = [
      { use: 'official', ...(p.familyName ? { family: p.familyName } : {}), ...(p.givenName ? { given: p.givenName.split(/\s+/).filter(Boolean) } : {}) },
    ];
  }
  if (p.identityVisible && p.phone) patient.telecom = [{ system: 'phone', value: p.phone, use: 'home' }];
  if (p.identityVisible && p.address) patient.address = [{ use: 'home', text: p.address }];
  add(p.id, patient);

  // Organizations and Practitioners the version names, by HSA-id.
  for (const u of c.units.values()) {
    add(u.id, { resourceType: 'Organization', identifier: [{ system: HSA_ID_SYSTEM, value: u.hsaId }], active: true, name: u.name });
  }
  for (const st of c.staff.values()) {
    add(st.id, {
      resourceType: 'Practitioner',
      identifier: [{ system: HSA_ID_SYSTEM, value: st.hsaId }],
      name: [{ text: st.name }],
      ...(st.phone ? { telecom: [{ system: 'phone', value: st.phone, use: 'work' }] } : {}),
    });
  }

  // Goals, in the patient's own words.
  const goals = s.goals ?? [];
  for (const g of goals) {
    add(g.id, { resourceType: 'Goal', lifecycleStatus: goalStatus, description: { text: g.text }, subject: ref('Patient', p.id) });
  }

  // The care team: the participating organisations, named staff (on behalf of their unit), the
  // patient, and next of kin by name when the caller may see them.
  const careTeamId = derivedUuid(v.id, 'CareTeam');
  const participants: Json[] = [];
  const nextOfKin: Array<{ id: string; name: string; relation: string | null }> = [];
  for (const part of s.participants ?? []) {
    if (part.kind === CarePlanParticipantKind.ORGANISATION && part.organisationId && c.units.has(part.organisationId)) {
      participants.push({ role: [{ text: 'Deltagande enhet' }], member: ref('Organization', part.organisationId, c.units.get(part.organisationId)!.name) });
    } else if (part.kind === CarePlanParticipantKind.STAFF && part.staffId && c.staff.has(part.staffId)) {
      const st = c.staff.get(part.staffId)!;
      participants.push({
        role: [{ text: st.professionTitle }],
        member: ref('Practitioner', st.id, st.name),
        ...(part.organisationId && c.units.has(part.organisationId) ? { onBehalfOf: ref('Organization', part.organisationId) } : {}),
      });
    } else if (part.kind === CarePlanParticipantKind.PATIENT) {
      participants.push({ role: [{ text: 'Patient' }], member: ref('Patient', p.id) });
    } else if (part.kind === CarePlanParticipantKind.NEXT_OF_KIN && part.name) {
      const id = derivedUuid(v.id, 'RelatedPerson', part.id);
      nextOfKin.push({ id, name: part.name, relation: part.relation });
      participants.push({ role: [{ text: part.relation ? `Närstående (${part.relation})` : 'Närstående' }], member: ref('RelatedPerson', id, part.name) });
    }
  }
  for (const k of nextOfKin) {
    add(k.id, {
      resourceType: 'RelatedPerson',
      patient: ref('Patient', p.id),
      name: [{ text: k.name }],
      ...(k.relation ? { relationship: [{ text: k.relation }] } : {}),
    });
  }
  add(careTeamId, {
    resourceType: 'CareTeam',
    status: status === 'active' ? 'active' : 'inactive',
    name: 'Deltagare i samordnad individuell plan (SIP)',
    subject: ref('Patient', p.id),
    participant: participants,
    ...(s.overallResponsibleOrganisationId && c.units.has(s.overallResponsibleOrganisationId)
      ? { managingOrganization: [ref('Organization', s.overallResponsibleOrganisationId)] }
      : {}),
  });

  // The plan itself.
  const start = stockholmDate(v.publishedAt);
  const endAt = v.supersededAt ?? (c.plan.status === 'CLOSED' ? c.plan.closedAt : null);
  const notes: Json[] = [];
  if (s.nextFollowUpDate) notes.push({ text: `Nästa uppföljning: ${s.nextFollowUpDate}` });
  for (const n of s.needs ?? []) notes.push({ text: `Behov: ${n.text}` });
  const coordinator = s.coordinatorStaffId ? c.staff.get(s.coordinatorStaffId) : null;
  const publisher = c.staff.get(v.publishedByStaffId);
  const overall = s.overallResponsibleOrganisationId ? c.units.get(s.overallResponsibleOrganisationId) : null;
  const carePlan: Json = {
    resourceType: 'CarePlan',
    meta: { versionId: String(v.number), lastUpdated: v.publishedAt.toISOString() },
    identifier: [
      { use: 'official', system: URI_SYSTEM, value: `urn:uuid:${v.carePlanId}` },
      { use: 'secondary', system: URI_SYSTEM, value: `urn:uuid:${v.id}` },
    ],
    status,
    intent: 'plan',
    category: [
      {
        coding: [{ system: TYPE_OF_CARE_PLAN_SYSTEM, code: typeOfCarePlan(s).code, display: typeOfCarePlan(s).display }],
        text: typeOfCarePlan(s).title,
      },
    ],
    title: `${typeOfCarePlan(s).title}, version ${v.number}`,
    description: s.reason,
    subject: ref('Patient', p.id),
    period: { start, ...(endAt ? { end: stockholmDate(endAt) } : {}) },
    created: v.publishedAt.toISOString(),
    ...(overall ? { author: ref('Organization', overall.id, overall.name) } : {}),
    contributor: [
      ...(publisher ? [ref('Practitioner', publisher.id, publisher.name)] : []),
      ...(coordinator && coordinator.id !== publisher?.id ? [ref('Practitioner', coordinator.id, coordinator.name)] : []),
    ],
    careTeam: [ref('CareTeam', careTeamId)],
    goal: goals.map((g) => ref('Goal', g.id)),
    activity: (s.actions ?? []).map((a) => {
      const performer: Json[] = [];
      if (a.responsibleOrganisationId && c.units.has(a.responsibleOrganisationId)) performer.push(ref('Organization', a.responsibleOrganisationId));
      if (a.responsibleStaffId && c.staff.has(a.responsibleStaffId)) performer.push(ref('Practitioner', a.responsibleStaffId));
      return {
        detail: {
          code: { text: ACTION_KIND_LABELS[a.kind] ?? String(a.kind) },
          status: ACTIVITY_STATUS[a.status] ?? 'unknown',
          description: a.performedBy ? `${a.description} (utförs av ${a.performedBy})` : a.description,
          scheduledPeriod: { start: a.startDate, ...(a.endDate ? { end: a.endDate } : {}) },
          ...(performer.length ? { performer } : {}),
        },
      };
    }),
    ...(notes.length ? { note: notes } : {}),
  };
  if ((carePlan.contributor as Json[]).length === 0) delete carePlan.contributor;
  if (goals.length === 0) delete carePlan.goal;
  // The plan first, then what it refers to.
  entries.unshift({ fullUrl: `urn:uuid:${v.id}`, resource: { id: v.id, ...carePlan } });

  return {
    resourceType: 'Bundle',
    id: derivedUuid(v.id, 'Bundle', exportedAt.toISOString()),
    identifier: { system: URI_SYSTEM, value: `urn:uuid:${v.id}` },
    type: 'collection',
    timestamp: exportedAt.toISOString(),
    entry: entries,
  };
}
