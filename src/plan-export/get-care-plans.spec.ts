import { describe, expect, it } from 'vitest';
import { CarePlanActionKind, CarePlanActionStatus, CarePlanStatus, PlanType } from '../care-plans/care-plan.enums';
import { CONTENT_MAX_BYTES, toCarePlanDocument, typeOfCarePlan } from './get-care-plans';
import { ExportContent } from './plan-export-content';

const unit = { id: 'u1', hsaId: 'SE2321000057-1004', name: 'Hemsjukvården' };
const staff = { id: 's1', hsaId: 'SE2321000057-S1', name: 'Anna Åberg', professionTitle: 'Sjuksköterska', phone: null };

function content(actions: number, text: string): ExportContent {
  return {
    version: {
      id: 'v1',
      carePlanId: 'p1',
      number: 1,
      publishedAt: new Date('2026-11-02T09:00:00Z'),
      publishedByStaffId: 's1',
      publishedByOrganisationId: 'u1',
      supersededAt: null,
      snapshot: {
        reason: 'Samordning <behövs> & mer',
        goals: [{ id: 'g1', text: 'Bo kvar hemma' }],
        needs: [],
        actions: Array.from({ length: actions }, (_, i) => ({
          id: `a${i}`,
          description: text,
          kind: CarePlanActionKind.HEALTH_CARE,
          responsibleOrganisationId: 'u1',
          responsibleStaffId: 's1',
          performedBy: null,
          startDate: '2026-11-02',
          endDate: null,
          status: CarePlanActionStatus.ONGOING,
        })),
        participants: [],
        overallResponsibleOrganisationId: 'u1',
        coordinatorStaffId: null,
        nextFollowUpDate: '2027-01-15',
      },
    },
    plan: { id: 'p1', status: CarePlanStatus.ACTIVE, closedAt: null, closeReason: null },
    patient: {
      id: 'pt',
      personnummer: '193804122240',
      coordinationNumber: false,
      birthDate: '1938-04-12',
      protectedIdentity: false,
      identityVisible: true,
      givenName: 'Esther',
      familyName: 'Ek',
      address: null,
      phone: null,
      whatMattersToMe: null,
    },
    units: new Map([[unit.id, unit]]),
    staff: new Map([[staff.id, staff]]),
  };
}

describe('GetCarePlans document', () => {
  it('escapes the plan’s text in the HTML and names the participating units', () => {
    const d = toCarePlanDocument(content(1, 'Vägning'), false);
    const [html] = d.carePlanBody.content;
    expect(html.mediaType).toBe('text/html');
    expect(html.reference).toBeNull();
    expect(Buffer.from(html.value, 'base64').toString('utf8')).toContain('Samordning &lt;behövs&gt; &amp; mer');
    expect(d.carePlanBody.typeOfCarePlanEnum).toBe('SIP');
    expect(d.carePlanBody.participatingCareUnitHSAId).toEqual([{ root: '1.2.752.129.2.1.4.1', extension: 'SE2321000057-1004' }]);
    expect(d.carePlanHeader.patientId).toEqual({ id: '193804122240', type: '1.2.752.129.2.1.3.1' });
  });

  it('never exceeds 100 KB (100 000 bytes) of content, cutting at a whole character and closing the document', () => {
    const d = toCarePlanDocument(content(200, 'Åäö '.repeat(250)), true);
    const [html] = d.carePlanBody.content;
    const bytes = Buffer.from(html.value, 'base64');
    expect(CONTENT_MAX_BYTES).toBe(100_000);
    expect(html.byteSize).toBeLessThanOrEqual(CONTENT_MAX_BYTES);
    expect(html.byteSize).toBe(bytes.length);
    expect(bytes.toString('utf8').endsWith('</body></html>')).toBe(true);
    expect(bytes.toString('utf8')).not.toContain('\uFFFD');
  });
});

describe('typeOfCarePlan', () => {
  it('names a SIP as SIP, and an agreement with one unit as the general care plan VP, never as a SIP', () => {
    expect(typeOfCarePlan({}).code).toBe('SIP');
    expect(typeOfCarePlan({ planType: PlanType.SIP }).code).toBe('SIP');
    expect(typeOfCarePlan({ planType: PlanType.PATIENT_AGREEMENT })).toEqual({
      code: 'VP',
      display: 'Vårdplan',
      title: 'Dokumenterad överenskommelse (patientkontrakt)',
    });
  });
});
