import { demoPersonnummer, DEMO_PATIENTS } from '../../src/demo/patients';
import { TestApp } from './test-app';

export type DemoPatientKey = 'esther' | 'gunnar' | 'margit' | 'protected' | 'sven' | 'karl' | 'elsa' | 'ingrid' | 'amir' | 'astrid';

export function pnr(key: DemoPatientKey): string {
  return demoPersonnummer(DEMO_PATIENTS.find((p) => p.key === key)!);
}

export async function patientId(t: TestApp, key: DemoPatientKey): Promise<string> {
  const [row] = await t.sql('SELECT id FROM patient WHERE personnummer = $1', [pnr(key)]);
  return row.id;
}

/** Audit rows written since `sinceId`, in order, with the columns tests compare. */
export async function auditSince(t: TestApp, sinceId: string) {
  return t.sql<{
    operation: string;
    outcome: string;
    patient_id: string | null;
    emergency: boolean;
    organisation_id: string;
    details: Record<string, unknown> | null;
  }>('SELECT operation, outcome, patient_id, emergency, organisation_id, details FROM audit_log WHERE id > $1 ORDER BY id', [sinceId]);
}

export async function auditMark(t: TestApp): Promise<string> {
  const [row] = await t.sql<{ max: string | null }>('SELECT max(id)::text AS max FROM audit_log');
  return row.max ?? '0';
}
