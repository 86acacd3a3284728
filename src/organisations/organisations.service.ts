import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Actor } from '../common/actor';
import { AuditService } from '../audit/audit.service';
import { conflict, forbidden, notFound, preconditionFailed } from '../common/errors';
import { ConnectionShape, keyset } from '../common/pagination';
import { Assignment } from './assignment.entity';
import { AddAssignmentInput, CreateStaffInput, OrganisationsArgs, StaffMembersArgs, UpdateStaffInput } from './dto/staff.input';
import { Organisation } from './organisation.entity';
import { Staff } from './staff.entity';

const ACTIVE = 'a.valid_from <= now() AND (a.ended_at IS NULL OR a.ended_at > now())';

/** Organisations, and staff, by name. */
const ORGANISATION_PAGES = keyset<Organisation>([
  { sql: 'o.name', type: 'varchar', of: (o) => o.name },
  { sql: 'o.id', type: 'uuid', of: (o) => o.id },
]);
const STAFF_PAGES = keyset<Staff>([
  { sql: 's.name', type: 'varchar', of: (s) => s.name },
  { sql: 's.id', type: 'uuid', of: (s) => s.id },
]);

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(args: OrganisationsArgs): Promise<ConnectionShape<Organisation>> {
    const first = args.first ?? 20;
    const qb = this.ds
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .orderBy(ORGANISATION_PAGES.order)
      .limit(first + 1);
    if (args.kind) qb.andWhere('o.kind = :kind', { kind: args.kind });
    const named = {};
    const after = ORGANISATION_PAGES.where(args.after, named);
    if (after) qb.andWhere(after, named);
    return ORGANISATION_PAGES.page(await qb.getMany(), first);
  }

  async get(id: string): Promise<Organisation> {
    const org = await this.ds.getRepository(Organisation).findOneBy({ id });
    if (!org) throw notFound('Organisation');
    return org;
  }

  /** A unit by its HSA-id (reference data), for commands run outside a request; null when there is none. */
  async byHsaId(hsaId: string): Promise<Organisation | null> {
    return this.ds.getRepository(Organisation).findOneBy({ hsaId });
  }

  /** Every unit of these kinds, by HSA-id (reference data: the reserve routine's scheduled run visits each). */
  async ofKinds(kinds: readonly string[]): Promise<Organisation[]> {
    if (kinds.length === 0) return [];
    return this.ds
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where('o.kind IN (:...kinds)', { kinds: [...kinds] })
      .orderBy('o.hsaId', 'ASC')
      .getMany();
  }

  async staffMembers(actor: Actor, args: StaffMembersArgs): Promise<ConnectionShape<Staff>> {
    const first = args.first ?? 20;
    const organisationId = args.organisationId ?? actor.organisationId;
    const qb = this.ds
      .getRepository(Staff)
      .createQueryBuilder('s')
      .where(
        `EXISTS (SELECT 1 FROM assignment a WHERE a.staff_id = s.id AND a.organisation_id = :org AND ${ACTIVE}${args.role ? ' AND a.role = :role' : ''})`,
        {
          org: organisationId,
          role: args.role,
        },
      )
      .orderBy(STAFF_PAGES.order)
      .limit(first + 1);
    const named = {};
    const after = STAFF_PAGES.where(args.after, named);
    if (after) qb.andWhere(after, named);
    return STAFF_PAGES.page(await qb.getMany(), first);
  }

  async createStaff(actor: Actor, input: CreateStaffInput): Promise<Staff> {
    return this.ds.transaction(async (m) => {
      if (await m.getRepository(Staff).existsBy({ hsaId: input.hsaId })) {
        throw conflict('A staff member with this HSA-id is already registered; give them a role with addAssignment', {
          fields: [{ field: 'input.hsaId', message: 'is already used by another staff member' }],
        });
      }
      const staff = await m
        .getRepository(Staff)
        .save(m.getRepository(Staff).create({ hsaId: input.hsaId, name: input.name, professionTitle: input.professionTitle, phone: input.phone ?? null }));
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
      const held = await m.getRepository(Assignment).existsBy({ staffId: staff.id, organisationId: actor.organisationId, role: input.role, endedAt: IsNull() });
      if (held)
        throw conflict(`This staff member already holds the role ${input.role} in your organisation`, {
          fields: [{ field: 'input.role', message: 'is already held by this staff member in this organisation' }],
        });
      const a = await m
        .getRepository(Assignment)
        .save(m.getRepository(Assignment).create({ staffId: staff.id, organisationId: actor.organisationId, role: input.role }));
      await this.audit.record(
        actor,
        [{ operation: 'addAssignment', purpose: 'administration', details: { staffId: staff.id, assignmentId: a.id, role: input.role } }],
        m,
      );
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
    const ok = await m.query(`SELECT 1 FROM assignment a WHERE a.staff_id = $1 AND a.organisation_id = $2 AND ${ACTIVE} LIMIT 1`, [
      staffId,
      actor.organisationId,
    ]);
    if (ok.length === 0) throw forbidden('You administer staff of your own organisation only');
  }
}
