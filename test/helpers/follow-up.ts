import { seedTx } from '../../src/app/registry';
import { DischargeProcess } from '../../src/discharges/discharge-process.entity';
import { signDevToken } from '../../src/auth/token.service';
import { withCheckDigit } from '../../src/demo/patients';
import { storeDeadlines } from '../../src/discharges/deadline-store';
import { TestApp } from './test-app';

/**
 * A hand-built region for the joint follow-up tests, in units of its own so the demo rows never enter
 * the hand-computed answers: municipalities Aneby (TM) and Tranås (TM2), centres Åsen (VCA) and
 * Björkö (VCB), a hospital ward. Rows go in with plain SQL (the discharge deadlines through the
 * discharge capability's own storeDeadlines). Which patient has what is listed in
 * test/follow-up.e2e-spec.ts next to the numbers it leads to.
 */
export const ORGS = {
  TM: { hsa: 'SE2120000604-T1', kind: 'MUNICIPALITY', name: 'Hemsjukvården Aneby (test)', code: '0604' },
  TM2: { hsa: 'SE2120000687-T1', kind: 'MUNICIPALITY', name: 'Hemsjukvården Tranås, "test"', code: '0687' },
  VCA: { hsa: 'SE2321000057-T1', kind: 'PRIMARY_CARE', name: 'Vårdcentralen Åsen (test)', code: null },
  VCB: { hsa: 'SE2321000057-T2', kind: 'PRIMARY_CARE', name: 'Vårdcentralen Björkö (test)', code: null },
  HOSP: { hsa: 'SE2321000057-T3', kind: 'HOSPITAL', name: 'Testavdelning (test)', code: null },
} as const;
export type OrgKey = keyof typeof ORGS;

/** Staff: [org, role, valid from, ended at]. */
export const STAFF = {
  nurse: { hsa: 'SE2120000604-TS1', org: 'TM', role: 'NURSE', from: '2025-01-01T00:00:00Z', ended: null },
  ga: { hsa: 'SE2321000057-TS1', org: 'VCA', role: 'PHYSICIAN', from: '2025-01-01T00:00:00Z', ended: null },
  gx: { hsa: 'SE2321000057-TS2', org: 'VCA', role: 'PHYSICIAN', from: '2025-01-01T00:00:00Z', ended: '2026-02-15T10:00:00Z' },
  gb: { hsa: 'SE2321000057-TS3', org: 'VCB', role: 'PHYSICIAN', from: '2025-01-01T00:00:00Z', ended: null },
  gy: { hsa: 'SE2321000057-TS4', org: 'VCB', role: 'PHYSICIAN', from: '2025-01-01T00:00:00Z', ended: '2025-12-31T23:00:00Z' },
  mgrTM: { hsa: 'SE2120000604-TS2', org: 'TM', role: 'UNIT_MANAGER', from: '2025-01-01T00:00:00Z', ended: null },
  masTM: { hsa: 'SE2120000604-TS3', org: 'TM', role: 'MAS', from: '2025-01-01T00:00:00Z', ended: null },
  mgrTM2: { hsa: 'SE2120000687-TS1', org: 'TM2', role: 'UNIT_MANAGER', from: '2025-01-01T00:00:00Z', ended: null },
  mgrVCA: { hsa: 'SE2321000057-TS5', org: 'VCA', role: 'UNIT_MANAGER', from: '2025-01-01T00:00:00Z', ended: null },
  mgrHOSP: { hsa: 'SE2321000057-TS6', org: 'HOSP', role: 'UNIT_MANAGER', from: '2025-01-01T00:00:00Z', ended: null },
  nurseTM: { hsa: 'SE2120000604-TS4', org: 'TM', role: 'NURSE', from: '2025-01-01T00:00:00Z', ended: null },
  adminTM: { hsa: 'SE2120000604-TS5', org: 'TM', role: 'ADMIN', from: '2025-01-01T00:00:00Z', ended: null },
  coordTM: { hsa: 'SE2120000604-TS6', org: 'TM', role: 'CARE_COORDINATOR', from: '2025-01-01T00:00:00Z', ended: null },
  dischargeHOSP: { hsa: 'SE2321000057-TS7', org: 'HOSP', role: 'DISCHARGE_COORDINATOR', from: '2025-01-01T00:00:00Z', ended: null },
} as const;
export type StaffKey = keyof typeof STAFF;

export interface Fixture {
  org: Record<OrgKey, string>;
  staff: Record<StaffKey, string>;
  patient: Record<string, string>;
  token(staff: StaffKey): Promise<string>;
}

export async function buildFixture(t: TestApp): Promise<Fixture> {
  const org = {} as Record<OrgKey, string>;
  for (const [k, o] of Object.entries(ORGS) as Array<[OrgKey, (typeof ORGS)[OrgKey]]>) {
    const [row] = await t.sql(
      `INSERT INTO organisation (hsa_id, kind, name, municipality_code, principal_name) VALUES ($1, $2, $3, $4, 'Region Test') RETURNING id`,
      [o.hsa, o.kind, o.name, o.code],
    );
    org[k] = row.id;
  }
  const staff = {} as Record<StaffKey, string>;
  for (const [k, s] of Object.entries(STAFF) as Array<[StaffKey, (typeof STAFF)[StaffKey]]>) {
    const [row] = await t.sql(`INSERT INTO staff (hsa_id, name, profession_title) VALUES ($1, $2, 'Test') RETURNING id`, [s.hsa, `Test ${k}`]);
    staff[k] = row.id;
    await t.sql(`INSERT INTO assignment (staff_id, organisation_id, role, valid_from, ended_at) VALUES ($1, $2, $3, $4, $5)`, [
      row.id,
      org[s.org],
      s.role,
      s.from,
      s.ended,
    ]);
  }
  return {
    org,
    staff,
    patient: {},
    token: (k) => signDevToken(t.config, { staffHsaId: STAFF[k].hsa, organisationHsaId: ORGS[STAFF[k].org].hsa, role: STAFF[k].role }),
  };
}

let serial = 0;
export async function addPatient(t: TestApp, f: Fixture, key: string): Promise<string> {
  serial += 1;
  const pnr = withCheckDigit('19400101', String(800 + serial));
  const [row] = await t.sql(
    `INSERT INTO patient (personnummer, given_name, family_name, birth_date, next_of_kin, registered_by_organisation_id, registered_by_staff_id, version)
     VALUES ($1, $2, 'Testsson', '1940-01-01', '[]', $3, $4, 1) RETURNING id`,
    [pnr, key, f.org.TM, f.staff.nurse],
  );
  f.patient[key] = row.id;
  return row.id;
}

export async function enroll(t: TestApp, f: Fixture, patient: string, mun: OrgKey, pc: OrgKey, physician: StaffKey, start: string, end: string | null = null) {
  await t.sql(
    `INSERT INTO home_healthcare_enrollment (patient_id, status, municipality_id, primary_care_id, named_nurse_id, named_physician_id, start_date, end_date, enrolled_by_staff_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $5)`,
    [f.patient[patient], end ? 'ENDED' : 'ACTIVE', f.org[mun], f.org[pc], f.staff.nurse, f.staff[physician], start, end],
  );
}

/** A SIP: a draft (publishedAt null) or published once at publishedAt, with the follow-up date in force, maybe closed. */
export async function sip(
  t: TestApp,
  f: Fixture,
  patient: string,
  o: { publishedAt: string | null; followUpDue?: string | null; closedAt?: string },
): Promise<string> {
  const status = o.closedAt ? 'CLOSED' : o.publishedAt ? 'ACTIVE' : 'DRAFT';
  const [plan] = await t.sql(
    `INSERT INTO care_plan (patient_id, status, draft_open, published_version_number, reason, follow_up_due, participant_organisation_ids, created_by_staff_id, created_by_organisation_id,
                            created_at, updated_at, updated_by_staff_id, closed_at, close_reason)
     VALUES ($1, $2, $3, $4, 'Test', $5, $6, $7, $8, '2025-01-01', '2025-01-01', $7, $9, $10) RETURNING id`,
    [
      f.patient[patient],
      status,
      !o.publishedAt,
      o.publishedAt ? 1 : null,
      o.followUpDue ?? null,
      [f.org.TM, f.org.VCA],
      f.staff.nurse,
      f.org.TM,
      o.closedAt ?? null,
      o.closedAt ? 'OTHER' : null,
    ],
  );
  if (o.publishedAt) {
    await t.sql(
      `INSERT INTO care_plan_version (care_plan_id, patient_id, number, snapshot, participant_organisation_ids, published_at, published_by_staff_id, published_by_organisation_id)
       VALUES ($1, $2, 1, '{}', $3, $4, $5, $6)`,
      [plan.id, f.patient[patient], [f.org.TM, f.org.VCA], o.publishedAt, f.staff.nurse, f.org.TM],
    );
  }
  return plan.id;
}

/** A recorded follow-up (against `due`), with the patient's answers {question: score}. */
export async function followUp(
  t: TestApp,
  f: Fixture,
  planId: string,
  patient: string,
  o: { due: string; done: string; next: string; answers?: Record<string, number> },
) {
  const [fu] = await t.sql(
    `INSERT INTO care_plan_follow_up (care_plan_id, patient_id, version_number, follow_up_date, due_date, next_follow_up_date, recorded_by_staff_id, recorded_by_organisation_id, recorded_at)
     VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $3::date + time '12:00') RETURNING id`,
    [planId, f.patient[patient], o.done, o.due, o.next, f.staff.nurse, f.org.TM],
  );
  for (const [question, score] of Object.entries(o.answers ?? {})) {
    await t.sql(`INSERT INTO care_plan_experience_answer (follow_up_id, care_plan_id, question, score, answered_on) VALUES ($1, $2, $3, $4, $5)`, [
      fu.id,
      planId,
      question,
      score,
      o.done,
    ]);
  }
}

/** A deterioration plan version: signed (ACTIVE), superseded or withdrawn at the given instants, or a DRAFT. */
export async function deteriorationPlan(
  t: TestApp,
  f: Fixture,
  patient: string,
  o: {
    version: number;
    status: 'DRAFT' | 'ACTIVE' | 'SUPERSEDED' | 'WITHDRAWN';
    signedAt?: string;
    review?: string;
    supersededAt?: string;
    withdrawnAt?: string;
  },
) {
  await t.sql(
    `INSERT INTO deterioration_plan (patient_id, plan_version, status, review_date, recorded_by_organisation_id, drafted_by_staff_id, last_edited_by_staff_id,
                                     signed_at, signed_by_staff_id, signed_by_organisation_id, superseded_at, withdrawn_at, withdrawn_by_staff_id, withdrawal_reason, version)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $5, $9, $10, $11, $12, 1)`,
    [
      f.patient[patient],
      o.version,
      o.status,
      o.review ?? null,
      f.org.VCA,
      f.staff.ga,
      o.signedAt ?? null,
      o.signedAt ? f.staff.ga : null,
      o.supersededAt ?? null,
      o.withdrawnAt ?? null,
      o.withdrawnAt ? f.staff.ga : null,
      o.withdrawnAt ? 'Test' : null,
    ],
  );
}

type Msg = [kind: string, at: string];

/**
 * A hospital stay with its messages; the deadlines are stored by the discharge capability's own rules.
 * A discharge expects a medication reconciliation (unless `reconciliationExpected: false`: notified
 * before reconciliations were recorded); `reconciledAt` records one (matching) at that instant.
 */
export async function stay(
  t: TestApp,
  f: Fixture,
  patient: string,
  o: {
    mun: OrgKey;
    pc: OrgKey;
    admittedAt: string;
    agreedDays?: number;
    messages?: Msg[];
    dischargedAt?: string;
    cancelledAt?: string;
    reconciliationExpected?: boolean;
    reconciledAt?: string;
  },
) {
  const status = o.cancelledAt
    ? 'CANCELLED'
    : o.dischargedAt
      ? 'DISCHARGED'
      : (o.messages ?? []).some(([k]) => k === 'READY_FOR_DISCHARGE')
        ? 'READY_FOR_DISCHARGE'
        : 'PLANNING';
  const [p] = await t.sql(
    `INSERT INTO discharge_process (patient_id, hospital_id, municipality_id, primary_care_id, status, admitted_at, discharged_at, cancelled_at, cancellation_reason, agreed_days, opened_by_staff_id,
                                    medication_reconciliation_expected)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      f.patient[patient],
      f.org.HOSP,
      f.org[o.mun],
      f.org[o.pc],
      status,
      o.admittedAt,
      o.dischargedAt ?? null,
      o.cancelledAt ?? null,
      o.cancelledAt ? 'OTHER' : null,
      o.agreedDays ?? 3,
      f.staff.dischargeHOSP,
      !!o.dischargedAt && (o.reconciliationExpected ?? true),
    ],
  );
  if (o.reconciledAt) {
    await t.sql(
      `INSERT INTO medication_reconciliation (process_id, patient_id, organisation_id, recorded_by_staff_id, recorded_at, matches) VALUES ($1, $2, $3, $4, $5, true)`,
      [p.id, f.patient[patient], f.org[o.mun], f.staff.nurse, o.reconciledAt],
    );
  }
  const messages: Msg[] = [...(o.messages ?? []), ...(o.dischargedAt ? [['DISCHARGE_NOTICE', o.dischargedAt] as Msg] : [])];
  for (const [kind, at] of messages) {
    const sender = kind === 'SIP_INVITATION' ? f.org[o.pc] : f.org.HOSP;
    await t.sql(
      `INSERT INTO discharge_message (process_id, patient_id, kind, sender_organisation_id, sender_staff_id, sent_at, acknowledgement_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6::timestamptz + interval '24 hours')`,
      [p.id, f.patient[patient], kind, sender, f.staff.dischargeHOSP, at],
    );
  }
  const tx = seedTx(t.ds.manager, f.patient[patient]);
  await storeDeadlines(tx, await tx.repo(DischargeProcess).findOneByOrFail({ id: p.id }));
}

export async function round(
  t: TestApp,
  f: Fixture,
  organiser: OrgKey,
  participants: OrgKey[],
  startsAt: string,
  status: 'COMPLETED' | 'CANCELLED' | 'PLANNED',
) {
  await t.sql(
    `INSERT INTO round (kind, starts_at, status, organiser_id, participating_organisation_ids, created_by_staff_id, completed_at, cancelled_at)
     VALUES ('REGULAR', $1, $2, $3, $4, $5, $6, $7)`,
    [
      startsAt,
      status,
      f.org[organiser],
      participants.map((p) => f.org[p]).sort(),
      f.staff.nurse,
      status === 'COMPLETED' ? startsAt : null,
      status === 'CANCELLED' ? startsAt : null,
    ],
  );
}

export async function task(t: TestApp, f: Fixture, patient: string, due: string, o: { completedAt?: string; cancelled?: boolean } = {}) {
  const status = o.cancelled ? 'CANCELLED' : o.completedAt ? 'COMPLETED' : 'OPEN';
  await t.sql(
    `INSERT INTO task (patient_id, title, assignee_organisation_id, assignee_role, due_date, status, created_by_staff_id, created_by_organisation_id, completed_at, cancelled_at)
     VALUES ($1, 'Test', $2, 'NURSE', $3, $4, $5, $2, $6, $7)`,
    [f.patient[patient], f.org.TM, due, status, f.staff.nurse, o.completedAt ?? null, o.cancelled ? '2026-03-01T10:00:00Z' : null],
  );
}

/** A minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF), to read the export back. */
export function parseCsv(text: string, sep = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** A follow-up cell as the tests ask for it (month only in the detailed queries). */
export interface FollowUpCell {
  month?: string | null;
  value: number | null;
  denominator: number | null;
  ratePer100: number | null;
  suppressed: boolean;
  distribution: number[] | null;
}

/** A cell in short: S (suppressed), value, value/denominator rate, or mean n[distribution]. */
export function cellInShort(c: FollowUpCell): string {
  if (c.suppressed) return 'S';
  if (c.distribution) return `${c.value} n${c.denominator} [${c.distribution.join(',')}]`;
  if (c.denominator === null) return `${c.value}`;
  return `${c.value}/${c.denominator}${c.ratePer100 === null ? '' : ` ${c.ratePer100}`}`;
}
