import { Field, ID, ObjectType } from '@nestjs/graphql';
import { HsaIdScalar } from '../common/scalars';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'A staff member (medarbetare), identified by personal HSA-id. Holds one or more assignments.' })
@Entity('staff')
export class Staff {
  @Field(() => ID, { description: 'The staff member’s id in this service (a UUID); other operations take it as `staffId`. Not the HSA-id.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => HsaIdScalar, {
    description: 'Personal HSA-id from the HSA catalogue, e.g. "SE2120000530-S101"; a bearer token names the staff member by it (`sub`).',
  })
  @Index('uq_staff_hsa_id', { unique: true })
  @Column({ type: 'varchar', length: 31 })
  hsaId: string;

  @Field({ description: 'Full name.' })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field({ description: 'Profession title as staff say it, e.g. "Sjuksköterska", "Distriktsläkare", "Arbetsterapeut".' })
  @Column({ type: 'varchar', length: 100 })
  professionTitle: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Work phone (tjänstetelefon) as registered by the unit’s administrator, e.g. "036-10 50 00"; null when none is registered. Given to whoever reads an urgent care plan where this person is the fast vårdkontakt.',
  })
  @Column({ type: 'varchar', length: 30, nullable: true })
  phone: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
