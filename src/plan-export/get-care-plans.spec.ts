import { describe, expect, it } from 'vitest';
import { CarePlanActionKind, CarePlanActionStatus, CarePlanStatus } from '../care-plans/care-plan.enums';
import { CONTENT_MAX_BYTES, toCarePlanDocument } from './get-care-plans';
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
    expect(d.body.content).toContain('Samordning &lt;behövs&gt; &amp; mer');
    expect(d.body.participatingCareUnitHSAIds).toEqual(['SE2321000057-1004']);
    expect(d.header.patientId).toEqual({ id: '193804122240', type: '1.2.752.129.2.1.3.1' });
  });

  it('never exceeds 100 KB of content, cutting at a whole character and closing the document', () => {
    const d = toCarePlanDocument(content(200, 'Åäö '.repeat(250)), true);
    expect(d.body.contentByteSize).toBeLessThanOrEqual(CONTENT_MAX_BYTES);
    expect(d.body.contentByteSize).toBe(Buffer.byteLength(d.body.content, 'utf8'));
    expect(d.body.content.endsWith('</body></html>')).toBe(true);
    expect(d.body.content).not.toContain('\uFFFD');
  });
});
