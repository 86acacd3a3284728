import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * The care relationships in force now, one row per organisation and patient: the union of the
 * capabilities' sources (care-relationship.sources.ts) kept as rows by triggers on the source
 * tables (care-relationship.ts). Never written by the application. The patient's names are copied
 * (and kept by a trigger on patient) so that an organisation's caseload is read in name order
 * straight from an index, however many patients the region has.
 */
@Entity('care_relationship')
@Index('ix_care_relationship_caseload', ['organisationId', 'familyName', 'givenName', 'patientId'])
@Index('ix_care_relationship_patient', ['patientId'])
export class CareRelationshipRow {
  @PrimaryColumn('uuid')
  organisationId: string;

  /** Named by entity name: the core does not import the capabilities' entities. */
  @ManyToOne('Organisation', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: unknown;

  @PrimaryColumn('uuid')
  patientId: string;

  @ManyToOne('Patient', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'patient_id' })
  patient?: unknown;

  /** The kinds of relationship (sorted), e.g. {CARE_TEAM,ENROLLMENT}. */
  @Column({ type: 'text', array: true })
  kinds: string[];

  /** Any of the kinds is direct (the organisation cares for the patient itself). */
  @Column()
  direct: boolean;

  @Column({ type: 'varchar', length: 100 })
  familyName: string;

  @Column({ type: 'varchar', length: 100 })
  givenName: string;
}
