import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from './organisation.entity';
import { Staff } from './staff.entity';
import { Role } from '../common/roles';

@ObjectType({ description: 'An assignment (medarbetaruppdrag): one staff member’s role in one organisation. Every request acts in exactly one assignment.' })
@Entity('assignment')
@Index('uq_assignment_active', ['staffId', 'organisationId', 'role'], { unique: true, where: '"ended_at" IS NULL' })
export class Assignment {
  @Field(() => ID, { description: 'The assignment’s id in this service (a UUID), e.g. for `endAssignment`.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_assignment_staff')
  @Column({ type: 'uuid' })
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: Staff;

  @Index('ix_assignment_organisation')
  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Field(() => Role, { description: 'The role held in the organisation; decides which operations the staff member may use when acting in this assignment.' })
  @Column({ type: 'enum', enum: Role, enumName: 'staff_role' })
  role: Role;

  @Field({ description: 'When the assignment started.' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  validFrom: Date;

  @Field(() => Date, { nullable: true, description: 'When the assignment ended; null while it is held.' })
  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
