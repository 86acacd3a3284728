import { Field, ID, ObjectType } from '@nestjs/graphql';
import { OrganisationKind } from '../common/organisation-kind';
import { HsaIdScalar, MunicipalityCodeScalar } from '../common/scalars';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'A care unit (vårdenhet): a municipal home healthcare unit, a primary care centre (vårdcentral) or a hospital ward.' })
@Entity('organisation')
export class Organisation {
  @Field(() => ID, { description: 'The unit’s id in this service (a UUID); other operations take it as `organisationId`. Not the HSA-id.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => HsaIdScalar, { description: 'HSA-id of the unit from the HSA catalogue, e.g. "SE2321000057-1004"; a bearer token names the organisation acted in by it (the `org` claim by default).' })
  @Index('uq_organisation_hsa_id', { unique: true })
  @Column({ type: 'varchar', length: 31 })
  hsaId: string;

  @Field(() => OrganisationKind, { description: 'Municipal home healthcare, primary care centre or hospital unit; decides which operations the unit’s staff may use (e.g. only a municipality enrolls, only a hospital ward opens a discharge process).' })
  @Column({ type: 'enum', enum: OrganisationKind, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  @Field({ description: 'Name of the unit as staff know it.' })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => MunicipalityCodeScalar, { nullable: true, description: 'Kommunkod, for municipalities only, e.g. 0680 for Jönköping.' })
  @Column({ type: 'char', length: 4, nullable: true })
  municipalityCode: string | null;

  @Field({ description: 'The principal (huvudman) responsible for the unit, e.g. "Region Jönköpings län" or "Jönköpings kommun"; for a privately run centre, the region that contracts it.' })
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
