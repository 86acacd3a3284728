import { Field, ID, ObjectType } from '@nestjs/graphql';
import { OrganisationKind, Principal } from '../common/organisation-kind';
import { HsaIdScalar, MunicipalityCodeScalar } from '../common/scalars';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The rules of organisation-rules.ts, held by the database too (a unit inserted by SQL, by the demo
 * loader or the bench generator obeys them as well). `kind` is compared as text: the migration that
 * added the later kinds could not name them as enum values in the transaction that added them.
 */
@ObjectType({
  description:
    'A care unit (vårdenhet): a municipal home healthcare unit, a primary care centre (vårdcentral), a hospital ward, a mobile team, specialised palliative home care (SSIH), an ambulance service or an out-of-hours primary care unit (jourcentral).',
})
@Entity('organisation')
@Check('ck_organisation_principal', `("kind"::text = 'MOBILE_TEAM') = ("principal" IS NOT NULL)`)
@Check(
  'ck_organisation_municipality_code',
  `("municipality_code" IS NOT NULL) = ("kind"::text = 'MUNICIPALITY' OR ("kind"::text = 'MOBILE_TEAM' AND "principal" = 'MUNICIPALITY'))`,
)
export class Organisation {
  @Field(() => ID, { description: 'The unit’s id in this service (a UUID); other operations take it as `organisationId`. Not the HSA-id.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => HsaIdScalar, {
    description:
      'HSA-id of the unit from the HSA catalogue, e.g. "SE2321000057-1004"; a bearer token names the organisation acted in by it (the `org` claim by default).',
  })
  @Index('uq_organisation_hsa_id', { unique: true })
  @Column({ type: 'varchar', length: 31 })
  hsaId: string;

  @Field(() => OrganisationKind, {
    description:
      'What kind of unit it is; decides which operations the unit’s staff may use (e.g. only a municipality enrolls, only a hospital ward opens a discharge process, only an ambulance service or out-of-hours unit reads an urgent care plan). docs/ACCESS.md lists them per kind.',
  })
  @Column({ type: 'enum', enum: OrganisationKind, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  @Field({ description: 'Name of the unit as staff know it.' })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => MunicipalityCodeScalar, {
    nullable: true,
    description:
      'Kommunkod of a municipal unit (a municipality’s home healthcare, or a mobile team the municipality runs), e.g. 0680 for Jönköping; null for the region’s units.',
  })
  @Column({ type: 'char', length: 4, nullable: true })
  municipalityCode: string | null;

  /**
   * Who runs a mobile team (region or municipality); null for every other kind, whose principal
   * follows from the kind (PRINCIPAL_OF_KIND). Shown as `principal` (OrganisationsResolver).
   */
  @Column({ type: 'enum', enum: Principal, enumName: 'principal_kind', nullable: true })
  principal: Principal | null;

  @Field({
    description:
      'The principal (huvudman) responsible for the unit, e.g. "Region Jönköpings län" or "Jönköpings kommun"; for a privately run centre, the region that contracts it.',
  })
  @Column({ type: 'varchar', length: 200 })
  principalName: string;

  @Field({ description: 'True for a privately run unit (e.g. a private vårdcentral within the region’s choice system).' })
  @Column({ type: 'boolean', default: false })
  privatelyRun: boolean;

  @Index('ix_organisation_parent')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Organisation | null;

  @Field({ description: 'When the unit was registered in this service.' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
