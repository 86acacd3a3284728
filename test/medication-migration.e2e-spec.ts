import { MedicationReconciliation1796700000000 } from '../migrations/1796700000000-MedicationReconciliation';
import { as, patientIdOf } from './helpers/discharges';
import { startTestApp, TestApp } from './helpers/test-app';

/*
 * The migration of the discharge handover's free-text medication list `currentMedications:
 * [{ name, dosage }]` to structured lines (migration MedicationReconciliation1796700000000): the
 * database is taken back to the schema before it (`down`), rows are stored the old way — as the
 * service wrote them, and odder ones — and the migration runs (`up`) over them. Its own file: the
 * schema changes under the running application.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const LINE = 'lineNumber substance product strength dose route status reason followUpDate nllReference name dosage';
const GET = `query($id: ID!) { r: dischargeProcess(id: $id) { id deadlines { kind } medicationReconciliation { id }
  messages { id handover { medications { ${LINE} } currentMedications { name dosage } } } } }`;

/** What an old line becomes: its text verbatim in product and dose, nothing guessed. */
const migrated = (product: string, dose: string) => ({
  substance: null,
  product,
  strength: null,
  dose,
  route: null,
  status: null,
  reason: null,
  followUpDate: null,
  nllReference: null,
});

describe('free-text medication lines become structured lines, no text lost', () => {
  let processId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const esther = await patientIdOf(t, 'esther');
    [{ id: processId }] = await t.sql(`SELECT id FROM discharge_process WHERE patient_id = $1 AND admitted_at = '2026-10-05T14:00:00Z'`, [esther]);
    const migration = new MedicationReconciliation1796700000000();
    const qr = t.ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      await migration.down(qr);
      // The demo discharge notice, taken back: the lines still to be taken, as the old list had them.
      const [demo] = await qr.query(
        `SELECT handover->'currentMedications' AS lines, handover ? 'medications' AS structured FROM discharge_message WHERE process_id = $1 AND kind = 'DISCHARGE_NOTICE'`,
        [processId],
      );
      expect(demo.structured).toBe(false);
      expect(demo.lines).toEqual([
        { name: 'Furosemid 40 mg tablett', dosage: '2 tabletter på morgonen (80 mg)' },
        { name: 'Kaliumklorid 750 mg depottablett', dosage: '1 tablett 2 gånger dagligen' },
        { name: 'Bisoprolol 2,5 mg tablett', dosage: '1 tablett på morgonen' },
        { name: 'Enalapril 5 mg tablett', dosage: '1 tablett 2 gånger dagligen' },
        { name: 'Paracetamol 500 mg tablett', dosage: '2 tabletter vid behov, högst 3 gånger per dygn' },
      ]);
      // Old rows: as the service stored them, and shapes it never stored (they must not lose text either).
      const [notice] = await qr.query(`SELECT * FROM discharge_message WHERE process_id = $1 AND kind = 'DISCHARGE_NOTICE'`, [processId]);
      const base = { ...notice.handover };
      delete base.currentMedications;
      const variants: Record<string, unknown> = {
        usual: {
          ...base,
          currentMedications: [
            { name: 'Furosemid 40 mg tablett', dosage: '2 x 1 morgon' },
            { name: 'Alvedon 500 mg', dosage: '1–2 vid behov, "högst 4 g/dygn"' },
          ],
        },
        empty: { ...base, currentMedications: [] },
        odd: {
          ...base,
          currentMedications: [{ name: 'Waran 2,5 mg', dosage: 'enligt ordination', note: 'INR fredag' }, 'Bara text', { name: 'Utan dosering' }, 42],
        },
        missing: { ...base },
        notAList: { ...base, currentMedications: 'Furosemid 40 mg 1 x 1' },
      };
      for (const [key, handover] of Object.entries(variants)) {
        const [row] = await qr.query(
          `INSERT INTO discharge_message (process_id, patient_id, kind, sender_organisation_id, sender_staff_id, sent_at, acknowledgement_due_at, handover)
           VALUES ($1, $2, 'DISCHARGE_NOTICE', $3, $4, $5, $6, $7) RETURNING id`,
          [
            processId,
            notice.patient_id,
            notice.sender_organisation_id,
            notice.sender_staff_id,
            notice.sent_at,
            notice.acknowledgement_due_at,
            JSON.stringify(handover),
          ],
        );
        ids[key] = row.id;
      }
      await migration.up(qr);
      await qr.commitTransaction();
    } catch (e) {
      await qr.rollbackTransaction();
      throw e;
    } finally {
      await qr.release();
    }
  });

  const linesOf = async (key: string) => (await t.sql(`SELECT handover FROM discharge_message WHERE id = $1`, [ids[key]]))[0].handover;

  it('a usual line keeps its name as the product and its dosage as the dose; route and status stay unknown', async () => {
    const h = await linesOf('usual');
    expect(h.currentMedications).toBeUndefined();
    expect(h.medications).toEqual([migrated('Furosemid 40 mg tablett', '2 x 1 morgon'), migrated('Alvedon 500 mg', '1–2 vid behov, "högst 4 g/dygn"')]);
    // Everything else of the handover is as it was.
    expect(h.reasonForAdmission).toBe('Hjärtsvikt i försämring med tilltagande andfåddhet och bensvullnad.');
    expect(h.riskAssessments).toHaveLength(3);
  });

  it('an empty or missing list becomes an empty one', async () => {
    expect((await linesOf('empty')).medications).toEqual([]);
    expect((await linesOf('missing')).medications).toEqual([]);
  });

  it('anything but a `{ name, dosage }` of strings keeps its whole text in the product', async () => {
    expect((await linesOf('odd')).medications).toEqual([
      migrated('{"name": "Waran 2,5 mg", "note": "INR fredag", "dosage": "enligt ordination"}', ''),
      migrated('Bara text', ''),
      migrated('{"name": "Utan dosering"}', ''),
      migrated('42', ''),
    ]);
    expect((await linesOf('notAList')).medications).toEqual([migrated('Furosemid 40 mg 1 x 1', '')]);
  });

  it('the API shows migrated lines: text as before, route and status null, the deprecated name and dosage unchanged', async () => {
    const p = await as(t, 'annaNurse', undefined, GET, { id: processId });
    const usual = p.messages.find((m: any) => m.id === ids.usual).handover;
    expect(usual.medications).toEqual([
      { lineNumber: 1, ...migrated('Furosemid 40 mg tablett', '2 x 1 morgon'), name: 'Furosemid 40 mg tablett', dosage: '2 x 1 morgon' },
      { lineNumber: 2, ...migrated('Alvedon 500 mg', '1–2 vid behov, "högst 4 g/dygn"'), name: 'Alvedon 500 mg', dosage: '1–2 vid behov, "högst 4 g/dygn"' },
    ]);
    expect(usual.currentMedications).toEqual([
      { name: 'Furosemid 40 mg tablett', dosage: '2 x 1 morgon' },
      { name: 'Alvedon 500 mg', dosage: '1–2 vid behov, "högst 4 g/dygn"' },
    ]);
  });

  it('processes discharged before the migration expect no reconciliation and get no deadline for one', async () => {
    expect(await t.sql(`SELECT count(*)::int AS n FROM discharge_process WHERE medication_reconciliation_expected`)).toEqual([{ n: 0 }]);
    const p = await as(t, 'annaNurse', undefined, GET, { id: processId });
    expect(p.deadlines.map((d: any) => d.kind)).not.toContain('MEDICATION_RECONCILIATION');
    expect(p.medicationReconciliation).toBeNull();
  });
});
