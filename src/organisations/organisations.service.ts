import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor';
import { AuditService } from '../audit/audit.service';
import { conflict, forbidden, notFound, preconditionFailed } from '../common/errors';
import { ConnectionShape, decodeCursor, toConnection } from '../common/pagination';
import { Assignment } from './assignment.entity';
import { AddAssignmentInput, CreateStaffInput, OrganisationsArgs, StaffMembersArgs, UpdateStaffInput } from './dto/staff.input';
import { Organisation } from './organisation.entity';
import { Staff } from './staff.entity';

const ACTIVE = 'a.valid_from <= now() AND (a.ended_at IS NULL OR a.ended_at > now())';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(args: OrganisationsArgs): Promise<ConnectionShape<Organisation>> {
    const first = args.first ?? 20;
    const qb = this.ds.getRepository(Organisation).createQueryBuilder('o').orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').limit(first + 1);
    if (args.kind) qb.andWhere('o.kind = :kind', { kind: args.kind });
    if (args.after) {
      const [name, id] = decodeCursor(args.after, 2);
      qb.andWhere('(o.name, o.id) > (:name, :id)', { name, id });
    }
    return toConnection(await qb.getMany(), first, (o) => [o.name, o.id]);
  }

  async get(id: string): Promise<Organisation> {
    const org = await this.ds.getRepository(Organisation).findOneBy({ id });
    if (!org) throw notFound('Organisation');
    return org;
  }

  async staffMembers(actor: Actor, args: StaffMembersArgs): Promise<ConnectionShape<Staff>> {
    const first = args.first ?? 20;
    const organisationId = args.organisationId ?? actor.organisationId;
    const qb = this.ds
      .getRepository(Staff)
      .createQueryBuilder('s')
      .where(`EXISTS (SELECT 1 FROM assignment a WHERE a.staff_id = s.id AND a.organisation_id = :org AND ${ACTIVE}${args.role ? ' AND a.role = :role' : ''})`, {
        org: organisationId,
        role: args.role,
      })
      .orderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(first + 1);
    if (args.after) {
      const [name, id] = decodeCursor(args.after, 2);
      qb.andWhere('(s.name, s.id) > (:name, :id)', { name, id });
    }
    return toConnection(await qb.getMany(), first, (s) => [s.name, s.id]);
  }

  async createStaff(actor: Actor, input: CreateStaffInput): Promise<Staff> {
    return this.ds.transaction(async (m) => {
      if (await m.getRepository(Staff).existsBy({ hsaId: input.hsaId })) {
        throw conflict('A staff member with this HSA-id is already registered; give them a role with addAssignment', { fields: [{ field: 'input.hsaId', message: 'is already used by another staff member' }] });
      }
      const staff = await m.getRepository(Staff).save(m.getRepository(Staff).create({ hsaId: input.hsaId, name: input.name, professionTitle: input.professionTitle, phone: input.phone ?? null }));
      await m.getRepository(Assignment).insert({ staffId: staff.id, organisationId: actor.organisationId, role: input.role });
      await this.audit.record(actor, [{ operation: 'createStaff', purpose: 'administration', details: { staffId: staff.id, role: input.role } }], m);
      return staff;
    });
  }

  async updateStaff(actor: Actor, input: UpdateStaffInput): Promise<Staff> {
    return this.ds.transaction(async (m) => {
      const staff = await m.getRepository(Staff).findOne({ where: { id: input.staffId }, lock: { mode: 'pessimistic_write' } });
      if (!staff) throw notFound('Staff member');
      await this.requireStaffInOwnOrganisation(m, actor, staff.id);
      if (input.name !== undefined) staff.name = input.name;
      if (input.professionTitle !== undefined) staff.professionTitle = input.professionTitle;
      if (input.phone !== undefined) staff.phone = input.phone;
      await m.getRepository(Staff).save(staff);
      await this.audit.record(actor, [{ operation: 'updateStaff', purpose: 'administration', details: { staffId: staff.id } }], m);
      return staff;
    });
  }

  async addAssignment(actor: Actor, input: AddAssignmentInput): Promise<Assignment> {
    return this.ds.transaction(async (m) => {
      const staff = await m.getRepository(Staff).findOneBy({ hsaId: input.staffHsaId });
      if (!staff) throw notFound('Staff member');
      const held = await m
        .getRepository(Assignment)
        .createQueryBuilder('a')
        .where('a.staffId = :s AND a.organisationId = :o AND a.role = :r AND a.endedAt IS NULL', { s: staff.id, o: actor.organisationId, r: input.role })
        .getExists();
      if (held) throw conflict(`This staff member already holds the role ${input.role} in your organisation`, { fields: [{ field: 'input.role', message: 'is already held by this staff member in this organisation' }] });
      const a = await m.getRepository(Assignment).save(m.getRepository(Assignment).create({ staffId: staff.id, organisationId: actor.organisationId, role: input.role }));
      await this.audit.record(actor, [{ operation: 'addAssignment', purpose: 'administration', details: { staffId: staff.id, assignmentId: a.id, role: input.role } }], m);
      return a;
    });
  }

  async endAssignment(actor: Actor, assignmentId: string): Promise<Assignment> {
    return this.ds.transaction(async (m) => {
      const a = await m.getRepository(Assignment).findOne({ where: { id: assignmentId }, lock: { mode: 'pessimistic_write' } });
      if (!a) throw notFound('Assignment');
      if (a.organisationId !== actor.organisationId) throw forbidden('You administer staff of your own organisation only');
      if (a.id === actor.assignmentId) throw preconditionFailed('You cannot end the assignment you are acting in');
      if (a.endedAt) throw conflict('The assignment has already ended');
      a.endedAt = new Date();
      await m.getRepository(Assignment).save(a);
      await this.audit.record(actor, [{ operation: 'endAssignment', purpose: 'administration', details: { staffId: a.staffId, assignmentId: a.id } }], m);
      return a;
    });
  }

  private async requireStaffInOwnOrganisation(m: EntityManager, actor: Actor, staffId: string): Promise<void> {
    const ok = await m.query(`SELECT 1 FROM assignment a WHERE a.staff_id = $1 AND a.organisation_id = $2 AND ${ACTIVE} LIMIT 1`, [staffId, actor.organisationId]);
    if (ok.length === 0) throw forbidden('You administer staff of your own organisation only');
  }
}
