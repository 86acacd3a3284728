import { DataSource } from 'typeorm';
import { rawEntity, RawEntity } from '../database/raw';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaderSet } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { Enrollment } from './enrollment.entity';

/**
 * An enrollment as it is shown: with its named nurse and physician and its two units, read in the
 * same row (alias `e` and four joins) so that showing them costs no further statement. Used by the
 * enrollment loaders and by the caseload's page, which brings its rows' active enrollments along.
 */
export class EnrollmentRows {
  private readonly enrollment: RawEntity<Enrollment>;
  private readonly organisation: RawEntity<Organisation>;
  private readonly staff: RawEntity<Staff>;
  /** The select list: the enrollment (prefix e_) and its people and units. */
  readonly columns: string;
  /** The joins from enrollment alias `e` to its people and units. */
  readonly people = `LEFT JOIN organisation em ON em.id = e.municipality_id
         LEFT JOIN organisation ec ON ec.id = e.primary_care_id
         LEFT JOIN staff en ON en.id = e.named_nurse_id
         LEFT JOIN staff ed ON ed.id = e.named_physician_id`;

  constructor(ds: DataSource) {
    this.enrollment = rawEntity(ds, Enrollment);
    this.organisation = rawEntity(ds, Organisation);
    this.staff = rawEntity(ds, Staff);
    this.columns = [
      this.enrollment.select('e', 'e_'),
      this.organisation.select('em', 'em_'),
      this.organisation.select('ec', 'ec_'),
      this.staff.select('en', 'en_'),
      this.staff.select('ed', 'ed_'),
    ].join(', ');
  }

  /** The active enrollment of the patient whose id is `patientIdSql`, with its people and units. */
  joinActive(patientIdSql: string): string {
    return `LEFT JOIN home_healthcare_enrollment e ON e.patient_id = ${patientIdSql} AND e.status = 'ACTIVE'
         ${this.people}`;
  }

  /** The enrollment of a row (null without one); its people and units prime the organisation loaders. */
  read(row: Record<string, unknown>, org: OrganisationLoaderSet): Enrollment | null {
    const e = this.enrollment.read(row, 'e_');
    if (!e) return null;
    const [mun, pc, nurse, gp] = [
      this.organisation.read(row, 'em_'),
      this.organisation.read(row, 'ec_'),
      this.staff.read(row, 'en_'),
      this.staff.read(row, 'ed_'),
    ];
    if (mun) org.organisation.prime(e.municipalityId, mun);
    if (pc) org.organisation.prime(e.primaryCareId, pc);
    if (nurse) org.staff.prime(e.namedNurseId, nurse);
    if (gp) org.staff.prime(e.namedPhysicianId, gp);
    return e;
  }
}
