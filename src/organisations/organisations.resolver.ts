import { Args, Field, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IdArg } from '../common/id.pipe';
import { Actor } from '../common/actor';
import { CurrentActor, Loaders } from '../common/ctx.decorator';
import { RequestLoaders } from '../common/loaders';
import { checkedArgs, Connection, FieldArgs, firstOf, ListArgs } from '../common/pagination';
import { Role } from '../common/roles';
import { Principal, principalOf } from '../common/organisation-kind';
import { Assignment } from './assignment.entity';
import { AddAssignmentInput, CreateStaffInput, OrganisationsArgs, StaffMembersArgs, UpdateStaffInput } from './dto/staff.input';
import { Organisation } from './organisation.entity';
import { OrganisationLoaders } from './organisations.loader';
import { OrganisationsService } from './organisations.service';
import { Staff } from './staff.entity';
import { GqlContext } from '../common/graphql-context';

const OrganisationConnection = Connection(Organisation, 'Organisation', 'A page of care units.');
const StaffConnection = Connection(Staff, 'Staff', 'A page of staff members.');

@ObjectType({ description: 'Who is asking: the signed-in staff member and the assignment (organisation + role) this request acts in.' })
export class Me {
  @Field(() => Staff, { description: 'The signed-in staff member (the token’s `sub`, a personal HSA-id).' })
  staff: Staff;
  @Field(() => Assignment, { description: 'The assignment this request acts in; access is decided by its organisation and role.' })
  assignment: Assignment;
  @Field(() => Organisation, {
    description: 'The organisation (care unit) of that assignment: the unit whose care relationships decide which patients you reach.',
  })
  organisation: Organisation;
  @Field(() => Role, { description: 'The role of that assignment; decides which operations you may call (docs/ACCESS.md).' })
  role: Role;
}

@Resolver(() => Organisation)
export class OrganisationsResolver {
  constructor(private readonly service: OrganisationsService) {}

  @Query(() => Me, { description: 'The signed-in staff member and the assignment this request acts in.' })
  async me(@CurrentActor() actor: Actor, @Loaders() loaders: RequestLoaders): Promise<Me> {
    const l = loaders.get(OrganisationLoaders);
    const [staff, organisation, assignments] = await Promise.all([
      l.staff.load(actor.staffId),
      l.organisation.load(actor.organisationId),
      l.activeAssignmentsOfStaff.load(actor.staffId),
    ]);
    const assignment = assignments.find((a) => a.id === actor.assignmentId)!;
    return { staff: staff!, organisation: organisation!, assignment, role: actor.role };
  }

  @Query(() => OrganisationConnection, { description: 'Care units known to the service, by name.' })
  organisations(@Args() args: OrganisationsArgs) {
    return this.service.list(args);
  }

  @Query(() => Organisation, { description: 'One care unit.' })
  organisation(@IdArg('id', 'The unit’s id in this service (`Organisation.id`), not its HSA-id.') id: string) {
    return this.service.get(id);
  }

  @Query(() => StaffConnection, { description: 'Staff holding an assignment in a care unit now (the staff directory), by name.' })
  staffMembers(@CurrentActor() actor: Actor, @Args() args: StaffMembersArgs) {
    return this.service.staffMembers(actor, args);
  }

  @Mutation(() => Staff, { description: 'ADMIN: register a staff member with a role in your organisation.' })
  createStaff(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The staff member’s HSA-id, name, title and the role they get in your organisation.' }) input: CreateStaffInput,
  ) {
    return this.service.createStaff(actor, input);
  }

  @Mutation(() => Staff, { description: 'ADMIN: correct the name, profession title or work phone of a staff member of your organisation.' })
  updateStaff(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'Which staff member, and the details to correct; fields left out are kept.' }) input: UpdateStaffInput,
  ) {
    return this.service.updateStaff(actor, input);
  }

  @Mutation(() => Assignment, { description: 'ADMIN: give an existing staff member a role in your organisation.' })
  addAssignment(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The staff member (by personal HSA-id) and the role to give them in your organisation.' }) input: AddAssignmentInput,
  ) {
    return this.service.addAssignment(actor, input);
  }

  @Mutation(() => Assignment, { description: 'ADMIN: end an assignment in your organisation. Tokens naming it stop working at once.' })
  endAssignment(
    @CurrentActor() actor: Actor,
    @IdArg('assignmentId', 'The assignment to end (`Assignment.id`); it must be in your organisation.') assignmentId: string,
  ) {
    return this.service.endAssignment(actor, assignmentId);
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'The unit this one belongs to, e.g. the hospital of a ward.' })
  parent(org: Organisation, _args: unknown, ctx: GqlContext) {
    const loaders = ctx.loaders;
    return org.parentId ? loaders.get(OrganisationLoaders).organisation.load(org.parentId) : null;
  }

  @ResolveField(() => Principal, {
    description:
      'The principal (huvudman) that runs the unit: the region or the municipality. Follows from the kind, except for a mobile team, which is registered with the principal that runs it.',
  })
  principal(org: Organisation): Principal {
    return principalOf(org.kind, org.principal);
  }
}

@Resolver(() => Staff)
export class StaffResolver {
  @ResolveField(() => [Assignment], { description: 'Assignments held now, oldest first: the first `first` of them.' })
  async assignments(staff: Staff, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    return firstOf(await ctx.loaders.get(OrganisationLoaders).activeAssignmentsOfStaff.load(staff.id), first);
  }
}

@Resolver(() => Assignment)
export class AssignmentResolver {
  @ResolveField(() => Organisation, { description: 'The organisation (care unit) the role is held in.' })
  organisation(a: Assignment, _args: unknown, ctx: GqlContext) {
    const loaders = ctx.loaders;
    return loaders.get(OrganisationLoaders).organisation.load(a.organisationId);
  }

  @ResolveField(() => Staff, { description: 'The staff member who holds the assignment.' })
  staff(a: Assignment, _args: unknown, ctx: GqlContext) {
    const loaders = ctx.loaders;
    return loaders.get(OrganisationLoaders).staff.load(a.staffId);
  }
}
