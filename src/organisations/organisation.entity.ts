import { Field, ID, ObjectType } from '@nestjs/graphql';
import { OrganisationKind } from '../common/organisation-kind';
import { HsaIdScalar, MunicipalityCodeScalar } from '../common/scalars';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'A care unit (vårdenhet): a municipal home healthcare unit, a primary care centre (vårdcentral) or a hospital ward.' })
@Entity('organisation')
export class Organisation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => HsaIdScalar, { description: 'HSA-id of the unit.' })
  @Index('uq_organisation_hsa_id', { unique: true })
  @Column({ type: 'varchar', length: 31 })
  hsaId: string;

  @Field(() => OrganisationKind)
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

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
