import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type GqlContext, type Viewer } from '../common/graphql/context.js';
import { PageArgs, type Page } from '../common/graphql/pagination.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { Role } from '../identity/role.enum.js';
import { CreateEventInput, EventFilter } from './event.inputs.js';
import { EventService } from './event.service.js';
import { ParticipantStatus } from './graph.enums.js';
import { Event, EventConnection, Organization } from './graph.models.js';
import { OrganizationService } from './organization.service.js';

@Resolver(() => Event)
export class EventResolver {
  constructor(
    private readonly eventService: EventService,
    private readonly organizations: OrganizationService,
  ) {}

  @Query(() => EventConnection)
  events(
    @Args('filter', { type: () => EventFilter, nullable: true }) filter: EventFilter,
    @Args() page: PageArgs,
    @Context() ctx: GqlContext,
  ): Promise<Page<Event>> {
    return this.eventService.list(filter, page, ctx.viewer);
  }

  @Query(() => Event, { nullable: true, description: "null also for a joint action's gathering the viewer is not a party of" })
  event(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext): Promise<Event | null> {
    return this.eventService.byId(ctx.loaders, id, ctx.viewer);
  }

  @Roles(Role.COORDINATOR, Role.ORGANIZATION_MEMBER)
  @Mutation(() => Event, { description: 'coordinator, or a member of the host organisation once it is verified' })
  createEvent(@Args('input') input: CreateEventInput, @CurrentViewer() viewer: Viewer): Promise<Event> {
    return this.eventService.create(input, viewer);
  }

  @Roles()
  @Mutation(() => Event, { description: "signed-in users; a full event puts the caller on its waiting list; a joint action's gathering is not joined this way" })
  joinEvent(@Args('eventId', { type: () => ID }) eventId: string, @CurrentViewer() viewer: Viewer): Promise<Event> {
    return this.eventService.join(eventId, viewer);
  }

  @Roles()
  @Mutation(() => Event, { description: 'signed-in users; the first person waiting takes the freed place' })
  leaveEvent(@Args('eventId', { type: () => ID }) eventId: string, @CurrentViewer() viewer: Viewer): Promise<Event> {
    return this.eventService.leave(eventId, viewer);
  }

  @ResolveField(() => Organization, { nullable: true })
  host(@Parent() event: Event, @Context() ctx: GqlContext): Promise<Organization | null> {
    return event.hostOrganizationId ? this.organizations.byId(ctx.loaders, event.hostOrganizationId) : Promise.resolve(null);
  }

  @ResolveField(() => Boolean, { description: 'true when the viewer has joined (not when only on the waiting list)' })
  async viewerIsParticipant(@Parent() event: Event, @Context() ctx: GqlContext): Promise<boolean> {
    return (await this.viewerStatus(event, ctx)) === ParticipantStatus.JOINED;
  }

  @ResolveField(() => ParticipantStatus, { nullable: true, description: "the viewer's place: JOINED, WAITLISTED, or null" })
  viewerStatus(@Parent() event: Event, @Context() ctx: GqlContext): Promise<ParticipantStatus | null> {
    return ctx.viewer.kind === 'user' ? this.eventService.statusOf(ctx.loaders, ctx.viewer.userId, event.id) : Promise.resolve(null);
  }

  @ResolveField(() => Int, { description: 'people on the waiting list of a full event' })
  waitlistCount(@Parent() event: Event, @Context() ctx: GqlContext): Promise<number> {
    return this.eventService.waitlistCount(ctx.loaders, event.id);
  }
}
