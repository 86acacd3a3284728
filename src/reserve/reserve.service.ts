import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { keyset } from '../common/pagination';
import { Role } from '../common/roles';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { renderReservePdf } from './reserve-pdf';
import {
  Names,
  PersonRef,
  ProducedBy,
  referencedIds,
  RESERVE_SNAPSHOT_FORMAT,
  RESERVE_SNAPSHOT_FORMAT_VERSION,
  ReserveSnapshot,
  SnapshotRow,
  stockholmStamp,
  stockholmTime,
  toReservePatient,
  UnitRef,
} from './reserve-snapshot';
import { ReserveSnapshotArgs, ReserveSnapshotFileType, ReserveSnapshotFormat } from './reserve.types';

/** The operation, as declared in reserve.policy.ts and written to the access log. */
export const RESERVE_OPERATION = 'reserveSnapshot';
/** The purpose of the snapshot's access-log rows. */
export const RESERVE_PURPOSE = 'reserve snapshot';

/**
 * The service itself as the actor of a snapshot made outside a request (the command, the
 * schedule): no person and no assignment. Its access-log rows name the unit (organisation), role
 * SYSTEM, the nil UUID for staff and assignment, staff HSA-id SYSTEM, a request id
 * "reserve-command:…" or "reserve-schedule:…" and `details.trigger`, so a reviewer sees at once
 * that the service made the printout for the unit. It holds no emergency access and opens no
 * block (those are a staff member's own), and the gate decides for it exactly as for the unit.
 */
export const SYSTEM_ACTOR_ID = '00000000-0000-0000-0000-000000000000';
export const SYSTEM_ROLE = 'SYSTEM';

export function systemActor(unit: Organisation, trigger: 'command' | 'schedule', runId: string = randomUUID()): Actor {
  return {
    staffId: SYSTEM_ACTOR_ID,
    staffHsaId: SYSTEM_ROLE,
    assignmentId: SYSTEM_ACTOR_ID,
    organisationId: unit.id,
    organisationHsaId: unit.hsaId,
    organisationKind: unit.kind,
    // Not a Role a person can hold: the access log's role column is text, and nothing checks a
    // policy for this actor (it calls no operation; the gate decides on the organisation).
    role: SYSTEM_ROLE as Role,
    requestId: `reserve-${trigger}:${runId}`,
  };
}

/** One file of a snapshot. */
export interface ReserveFile {
  format: ReserveSnapshotFormat;
  mediaType: string;
  fileName: string;
  content: Buffer;
  sha256: string;
}

/** Where the next part starts: after this patient (the caseload's order), with its part number. */
interface PartCursor {
  family: string;
  given: string;
  id: string;
  part: number;
}

/** The parts follow the caseload's order; the cursor also carries the next part's number (2 or more). */
const PARTS = keyset<PartCursor>([
  { sql: 'rel.family_name', type: 'varchar', of: (c) => c.family },
  { sql: 'rel.given_name', type: 'varchar', of: (c) => c.given },
  { sql: 'rel.patient_id', type: 'uuid', of: (c) => c.id },
  { type: 'int', of: (c) => c.part, accepts: (v) => typeof v === 'number' && v >= 2 },
]);

const MEDIA_TYPES: Record<ReserveSnapshotFormat, string> = { [ReserveSnapshotFormat.PDF]: 'application/pdf', [ReserveSnapshotFormat.JSON]: 'application/json' };
const EXTENSIONS: Record<ReserveSnapshotFormat, string> = { [ReserveSnapshotFormat.PDF]: 'pdf', [ReserveSnapshotFormat.JSON]: 'json' };

/** The file name of a unit's snapshot; with a stamp for a download or a command run, without for the schedule's latest file. */
export function reserveFileName(unitHsaId: string, format: ReserveSnapshotFormat, stamp: string | null, part = 1): string {
  return `reservutskrift-${unitHsaId}${stamp ? `-${stamp}` : ''}${part > 1 ? `-del-${part}` : ''}.${EXTENSIONS[format]}`;
}

/**
 * The reserve routine's snapshot (reservutskrift) of one unit: every patient in its care (its care
 * relationships, the caseload's patients and order), read through the gate's list with care
 * relationships only — emergency access never produces a snapshot — so that every patient
 * included gets one access-log row (purpose 'reserve snapshot'). Fixed SQL cost whatever the
 * number of patients: the page with everything it shows, the names it refers to (units, staff),
 * and the decision with its audit rows.
 */
@Injectable()
export class ReserveSnapshotService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    private readonly organisations: OrganisationsService,
  ) {}

  /** Through the API: one file (a part of at most `first` patients) of the actor's own unit. */
  async forRequest(actor: Actor, args: ReserveSnapshotArgs): Promise<ReserveSnapshotFileType> {
    const after = args.after ? readCursor(args.after) : null;
    const unit = await this.organisations.get(actor.organisationId);
    const producedBy: ProducedBy = { kind: 'STAFF', staffHsaId: actor.staffHsaId, role: actor.role };
    const details = { format: args.format, part: after?.part ?? 1 };
    const { snapshot, next } = await this.read(actor, unit, producedBy, { first: args.first, after }, details);
    const file = await this.file(snapshot, args.format, stockholmStamp(new Date(snapshot.producedAt)));
    return {
      format: file.format,
      mediaType: file.mediaType,
      fileName: file.fileName,
      contentBase64: file.content.toString('base64'),
      byteSize: file.content.length,
      sha256: file.sha256,
      producedAt: new Date(snapshot.producedAt),
      unit,
      patientCount: snapshot.patientCount,
      part: snapshot.part,
      nextPart: next ? PARTS.cursorOf(next) : null,
      formatVersion: RESERVE_SNAPSHOT_FORMAT_VERSION,
    };
  }

  /**
   * The whole snapshot of a unit, made by the service itself (the command or the schedule): one
   * read, audited once per patient, and both files from it, their names stamped with the time or
   * not. The units of one scheduled run share its `runId` (the log rows' request id).
   */
  async forUnit(
    unit: Organisation,
    trigger: 'command' | 'schedule',
    stamped: boolean,
    runId?: string,
  ): Promise<{ snapshot: ReserveSnapshot; files: ReserveFile[] }> {
    const actor = systemActor(unit, trigger, runId);
    const { snapshot } = await this.read(actor, unit, { kind: 'SYSTEM', trigger }, null, { trigger, actor: 'system' });
    const stamp = stamped ? stockholmStamp(new Date(snapshot.producedAt)) : null;
    const files = [await this.file(snapshot, ReserveSnapshotFormat.PDF, stamp), await this.file(snapshot, ReserveSnapshotFormat.JSON, stamp)];
    return { snapshot, files };
  }

  /** One file of a snapshot. */
  async file(snapshot: ReserveSnapshot, format: ReserveSnapshotFormat, stamp: string | null): Promise<ReserveFile> {
    const content = format === ReserveSnapshotFormat.PDF ? await renderReservePdf(snapshot) : Buffer.from(JSON.stringify(snapshot, null, 2) + '\n', 'utf8');
    return {
      format,
      mediaType: MEDIA_TYPES[format],
      fileName: reserveFileName(snapshot.unit.hsaId, format, stamp, snapshot.part),
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
    };
  }

  private async read(
    actor: Actor,
    unit: Organisation,
    producedBy: ProducedBy,
    page: { first: number; after: PartCursor | null } | null,
    details: Record<string, unknown>,
  ): Promise<{ snapshot: ReserveSnapshot; next: PartCursor | null }> {
    const producedAt = this.clock.now();
    const today = this.clock.today();
    const params: unknown[] = [unit.id];
    const after = page?.after ? PARTS.where([page.after.family, page.after.given, page.after.id, page.after.part], params) : null;
    const where = after ? `AND ${after}` : '';
    // The page size is validated (1 to RESERVE_PART_MAX) and part of the text, as in the caseload.
    const limit = page ? `LIMIT ${Math.trunc(page.first) + 1}` : '';
    let more = false;
    let names: Names = { units: new Map(), staff: new Map() };
    const { allowed } = await this.gate.list(
      actor,
      { operation: RESERVE_OPERATION, purpose: RESERVE_PURPOSE, details },
      async (q) => {
        const raw = await q.query<SnapshotRow>(`${SNAPSHOT_SQL} ${where} ORDER BY ${PARTS.orderBy} ${limit}`, params);
        more = !!page && raw.length > page.first;
        const rows = page ? raw.slice(0, page.first) : raw;
        names = await readNames(q, rows);
        return rows;
      },
      (r) => r.patient_id,
      { careRelationshipsOnly: true },
    );
    const patients = allowed.map(({ row, grant }) => toReservePatient(row, grant, names, today));
    const last = allowed.length ? allowed[allowed.length - 1].row : null;
    const part = page?.after?.part ?? 1;
    const snapshot: ReserveSnapshot = {
      format: RESERVE_SNAPSHOT_FORMAT,
      formatVersion: RESERVE_SNAPSHOT_FORMAT_VERSION,
      producedAt: producedAt.toISOString(),
      producedAtStockholm: stockholmTime(producedAt),
      producedBy,
      unit: { hsaId: unit.hsaId, name: unit.name, kind: unit.kind, municipalityCode: unit.municipalityCode },
      part,
      complete: !more,
      patientCount: patients.length,
      patients,
    };
    return { snapshot, next: more && last ? { family: last.family_sort, given: last.given_sort, id: last.patient_id, part: part + 1 } : null };
  }
}

/**
 * Every patient the unit (`$1`) has a care relationship with, in the caseload's order, with the
 * active enrollment, the active (signed) deterioration plan and the SIP's version in force: one
 * statement, one row per patient.
 */
const SNAPSHOT_SQL = `SELECT rel.patient_id, rel.kinds, rel.family_name AS family_sort, rel.given_name AS given_sort,
       p.personnummer, p.coordination_number, p.birth_date::text AS birth_date, p.given_name, p.family_name, p.address, p.phone,
       p.protected_identity, p.next_of_kin,
       (SELECT jsonb_build_object('startDate', e.start_date::text, 'municipalityId', e.municipality_id, 'primaryCareId', e.primary_care_id,
                                  'namedNurseId', e.named_nurse_id, 'namedPhysicianId', e.named_physician_id)
          FROM home_healthcare_enrollment e WHERE e.patient_id = rel.patient_id AND e.status = 'ACTIVE') AS enrollment,
       (SELECT jsonb_build_object('id', d.id, 'planVersion', d.plan_version, 'conditions', to_jsonb(d.conditions),
                                  'treatmentLimitations', d.treatment_limitations, 'steps', d.steps, 'contacts', d.contacts,
                                  'reviewDate', d.review_date::text, 'recordedByOrganisationId', d.recorded_by_organisation_id,
                                  'signedByOrganisationId', d.signed_by_organisation_id, 'signedByStaffId', d.signed_by_staff_id, 'signedAt', d.signed_at)
          FROM deterioration_plan d WHERE d.patient_id = rel.patient_id AND d.status = 'ACTIVE') AS plan,
       (SELECT jsonb_build_object('id', cp.id, 'participantOrganisationIds', to_jsonb(cp.participant_organisation_ids),
                                  'createdByOrganisationId', cp.created_by_organisation_id, 'number', v.number, 'publishedAt', v.published_at,
                                  'snapshot', v.snapshot)
          FROM care_plan cp JOIN care_plan_version v ON v.care_plan_id = cp.id AND v.number = cp.published_version_number
         WHERE cp.patient_id = rel.patient_id AND cp.status = 'ACTIVE') AS sip
  FROM ${CARE_RELATIONSHIP_TABLE} rel
  JOIN patient p ON p.id = rel.patient_id
 WHERE rel.organisation_id = $1::uuid`;

/** The names of the units and staff the rows refer to (reference data), one statement each. */
async function readNames(q: { query<T>(sql: string, params: unknown[]): Promise<T[]> }, rows: readonly SnapshotRow[]): Promise<Names> {
  const ids = referencedIds(rows);
  const units = ids.units.length
    ? await q.query<{ id: string; hsa_id: string; name: string }>('SELECT id, hsa_id, name FROM organisation WHERE id = ANY ($1::uuid[])', [ids.units])
    : [];
  const staff = ids.staff.length
    ? await q.query<{ id: string; hsa_id: string; name: string; profession_title: string }>(
        'SELECT id, hsa_id, name, profession_title FROM staff WHERE id = ANY ($1::uuid[])',
        [ids.staff],
      )
    : [];
  return {
    units: new Map<string, UnitRef>(units.map((u) => [u.id, { hsaId: u.hsa_id, name: u.name }])),
    staff: new Map<string, PersonRef>(staff.map((s) => [s.id, { hsaId: s.hsa_id, name: s.name, professionTitle: s.profession_title }])),
  };
}

/** A `nextPart` cursor back; a tampered one is the client's error, named as `after` (by the keyset). */
function readCursor(after: string): PartCursor {
  const [family, given, id, part] = PARTS.after(after)!;
  return { family: String(family), given: String(given), id: String(id), part: Number(part) };
}
