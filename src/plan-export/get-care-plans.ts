/**
 * A published SIP version shaped as one care plan of Inera's GetCarePlans contract
 * (clinicalprocess:logistics:logistics): a carePlanHeader (document, patient, accountable
 * professional, approval for the patient) and a carePlanBody (type of care plan, the content as
 * base64 HTML, participating care units). Pure: the approval decision is passed in. docs/PLAN-EXPORT.md maps every field.
 */
import { CarePlanParticipantKind } from '../care-plans/care-plan.enums';
import { stockholmDate } from '../common/calendar';
import { GetCarePlansTypeOfCarePlan } from './plan-export.types';
import { PlanType } from '../care-plans/care-plan.enums';
import { actionDoer, ExportContent, participatingUnits, versionState } from './plan-export-content';
import { ACTION_KIND_LABELS, ACTION_STATUS_LABELS } from '../reserve/reserve-snapshot';

/** The contract's code for a samordnad individuell plan (typeOfCarePlanEnum). */
export const TYPE_OF_CARE_PLAN_SIP = GetCarePlansTypeOfCarePlan.SIP;

/**
 * The contract's code and words for a published version's plan type: a SIP is SIP; an agreement
 * with one unit (dokumenterad överenskommelse, patientkontrakt) is not a SIP, and goes as the
 * contract's general care plan, VP (vårdplan).
 */
export function typeOfCarePlan(snapshot: { planType?: PlanType }): { code: GetCarePlansTypeOfCarePlan; display: string; title: string } {
  return snapshot.planType === PlanType.PATIENT_AGREEMENT
    ? { code: GetCarePlansTypeOfCarePlan.VP, display: 'Vårdplan', title: 'Dokumenterad överenskommelse (patientkontrakt)' }
    : { code: TYPE_OF_CARE_PLAN_SIP, display: 'Samordnad individuell plan', title: 'Samordnad individuell plan (SIP)' };
}
/** The code system of typeOfCarePlan as Inera's FHIR material names it (for a FHIR rendering of the code). */
export const TYPE_OF_CARE_PLAN_SYSTEM = 'https://fhir.inera.se/CodeSystem/typeofcareplan-cs';
/** The contract's limit on binary content, 100 KB, read as 100 000 bytes so that either reading of "KB" holds. */
export const CONTENT_MAX_BYTES = 100_000;
/** Personnummer and samordningsnummer as the contract's patientId.type names them (their OIDs). */
export const PERSONNUMMER_OID = '1.2.752.129.2.1.3.1';
export const SAMORDNINGSNUMMER_OID = '1.2.752.129.2.1.3.3';
/** The root (OID) of an HSA-id as an instance identifier (participatingCareUnitHSAId). */
export const HSA_ID_OID = '1.2.752.129.2.1.4.1';

export interface CarePlanDocument {
  carePlanHeader: {
    documentId: string;
    sourceSystemHSAId: string;
    documentTitle: string;
    documentTime: Date;
    patientId: { id: string; type: string };
    accountableHealthcareProfessional: {
      authorTime: Date;
      healthcareProfessionalHSAId: string | null;
      healthcareProfessionalName: string | null;
      healthcareProfessionalRoleCode: { code: null; codeSystem: null; displayName: null; originalText: string } | null;
      healthcareProfessionalOrgUnit: { orgUnitHSAId: string; orgUnitName: string } | null;
      healthcareProfessionalCareUnitHSAId: string | null;
      healthcareProfessionalCareGiverHSAId: string | null;
    };
    legalAuthenticator: null;
    approvedForPatient: boolean;
    careContactId: string | null;
  };
  carePlanBody: {
    typeOfCarePlanEnum: GetCarePlansTypeOfCarePlan;
    content: { mediaType: string; value: string; reference: null; byteSize: number }[];
    participatingCareUnitHSAId: { root: string; extension: string }[];
  };
  carePlanId: string;
  versionId: string;
  versionNumber: number;
  inForce: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The version's content as a small HTML document in Swedish (what a reader such as 1177 shows). */
export function carePlanHtml(c: ExportContent): string {
  const v = c.version;
  const s = v.snapshot;
  const unit = (id: string | null | undefined) => (id ? c.units.get(id) : undefined);
  const coordinator = s.coordinatorStaffId ? c.staff.get(s.coordinatorStaffId) : undefined;
  const li = (items: string[], empty: string) => (items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : `<p>${esc(empty)}</p>`);
  const people = (s.participants ?? []).map((p) => {
    if (p.kind === CarePlanParticipantKind.ORGANISATION) return esc(unit(p.organisationId)?.name ?? 'Enhet');
    if (p.kind === CarePlanParticipantKind.STAFF) {
      const st = p.staffId ? c.staff.get(p.staffId) : undefined;
      return esc(st ? `${st.name}, ${st.professionTitle.toLowerCase()}${unit(p.organisationId) ? `, ${unit(p.organisationId)!.name}` : ''}` : 'Medarbetare');
    }
    if (p.kind === CarePlanParticipantKind.PATIENT) return 'Patienten';
    return esc(p.name ? `${p.name}${p.relation ? ` (${p.relation})` : ''}, närstående` : 'Närstående');
  });
  const parts = [
    `<h1>Samordnad individuell plan (SIP)</h1>`,
    `<p>Version ${v.number}, publicerad ${esc(stockholmDate(v.publishedAt))}${versionState(c) === 'superseded' ? ' (ersatt av en senare version)' : ''}.</p>`,
    `<h2>Varför planen finns</h2><p>${esc(s.reason)}</p>`,
    `<h2>Mål</h2>${li(
      (s.goals ?? []).map((g) => esc(g.text)),
      'Inga mål angivna.',
    )}`,
    `<h2>Behov</h2>${li(
      (s.needs ?? []).map((n) => esc(n.text)),
      'Inga behov angivna.',
    )}`,
    `<h2>Insatser: vem gör vad</h2>${li(
      (s.actions ?? []).map(
        (a) =>
          `${esc(a.description)} (${esc(ACTION_KIND_LABELS[a.kind] ?? String(a.kind))}, ${esc(ACTION_STATUS_LABELS[a.status] ?? String(a.status))}, från ${esc(a.startDate)}${a.endDate ? ` till ${esc(a.endDate)}` : ''}). Ansvarig: ${esc(actionDoer(a, c))}`,
      ),
      'Inga insatser.',
    )}`,
    `<h2>Deltagare</h2>${li(people, 'Inga deltagare angivna.')}`,
    `<h2>Ansvar och uppföljning</h2><p>Huvudansvar: ${esc(unit(s.overallResponsibleOrganisationId)?.name ?? 'inte angivet')}. Samordnare: ${esc(coordinator ? coordinator.name : 'ingen angiven')}. Nästa uppföljning: ${esc(s.nextFollowUpDate ?? 'inget datum')}.</p>`,
  ];
  return `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Samordnad individuell plan (SIP)</title></head><body>${parts.join('')}</body></html>`;
}

/** Cuts the HTML to the contract's limit at a whole character, closing the document (never reached by a plan within the input limits). */
function withinLimit(html: string): string {
  if (Buffer.byteLength(html, 'utf8') <= CONTENT_MAX_BYTES) return html;
  const tail = '<p>(Förkortad: hela planen finns i tjänsten.)</p></body></html>';
  // Cut at a byte count, drop a character the cut split (decoded as U+FFFD) and a tag the cut opened.
  const bytes = Buffer.from(html, 'utf8').subarray(0, CONTENT_MAX_BYTES - Buffer.byteLength(tail, 'utf8'));
  const cut = bytes.toString('utf8').replace(/\uFFFD+$/, '');
  return cut.replace(/<[^>]*$/, '') + tail;
}

export function toCarePlanDocument(c: ExportContent, approvedForPatient: boolean): CarePlanDocument {
  const v = c.version;
  const publisher = c.staff.get(v.publishedByStaffId) ?? null;
  const publishingUnit = c.units.get(v.publishedByOrganisationId) ?? null;
  const html = Buffer.from(withinLimit(carePlanHtml(c)), 'utf8');
  return {
    carePlanHeader: {
      documentId: v.id,
      sourceSystemHSAId: publishingUnit?.hsaId ?? '',
      documentTitle: `Samordnad individuell plan (SIP), version ${v.number}`,
      documentTime: v.publishedAt,
      patientId: { id: c.patient.personnummer, type: c.patient.coordinationNumber ? SAMORDNINGSNUMMER_OID : PERSONNUMMER_OID },
      accountableHealthcareProfessional: {
        authorTime: v.publishedAt,
        healthcareProfessionalHSAId: publisher?.hsaId ?? null,
        healthcareProfessionalName: publisher?.name ?? null,
        healthcareProfessionalRoleCode: publisher?.professionTitle
          ? { code: null, codeSystem: null, displayName: null, originalText: publisher.professionTitle }
          : null,
        healthcareProfessionalOrgUnit: publishingUnit ? { orgUnitHSAId: publishingUnit.hsaId, orgUnitName: publishingUnit.name } : null,
        healthcareProfessionalCareUnitHSAId: publishingUnit?.hsaId ?? null,
        healthcareProfessionalCareGiverHSAId: null,
      },
      legalAuthenticator: null,
      approvedForPatient,
      careContactId: null,
    },
    carePlanBody: {
      typeOfCarePlanEnum: typeOfCarePlan(v.snapshot).code,
      content: [{ mediaType: 'text/html', value: html.toString('base64'), reference: null, byteSize: html.length }],
      participatingCareUnitHSAId: participatingUnits(c).map((u) => ({ root: HSA_ID_OID, extension: u.hsaId })),
    },
    carePlanId: v.carePlanId,
    versionId: v.id,
    versionNumber: v.number,
    inForce: versionState(c) === 'in-force',
  };
}
