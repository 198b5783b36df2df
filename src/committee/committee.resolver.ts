import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { hasRole, userIdOf, type GqlContext, type Viewer } from '../common/graphql/context.js';
import { PageArgs, type Page } from '../common/graphql/pagination.js';
import { EventService } from '../graph/event.service.js';
import { Event } from '../graph/graph.models.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { User } from '../identity/identity.models.js';
import { authorNameFor } from '../identity/author-name.policy.js';
import { Role } from '../identity/role.enum.js';
import { Generation, Sector, Stance } from './committee.enums.js';
import { AddAgendaItemArgs, AddPerspectiveInput, HighlightPerspectiveArgs, NextPerspectiveArgs, PerspectiveMapArgs, ReactArgs, SetMinutesArgs, UpdateMyProfileInput } from './committee.inputs.js';
import { AgendaItem, Perspective, PerspectiveConnection, PerspectiveMap } from './committee.models.js';
import { CommitteeService } from './committee.service.js';
import { NextPerspectiveService } from './next-perspective.service.js';
import { PerspectiveHighlightService } from './perspective-highlight.service.js';
import { MAX_RANGE_DAYS, PerspectiveMapService } from './perspective-map.service.js';

/** つどう・新地福委員会: agendas, minutes, perspectives, stances and the perspective map. */
@Resolver()
export class CommitteeResolver {
  constructor(
    private readonly committee: CommitteeService,
    private readonly maps: PerspectiveMapService,
    private readonly events: EventService,
    private readonly highlights: PerspectiveHighlightService,
    private readonly nextPerspectives: NextPerspectiveService,
  ) {}

  @Roles()
  @Query(() => PerspectiveConnection, { description: "signed-in users: a meeting's perspectives, oldest first" })
  perspectives(@Args('eventId', { type: () => ID }) eventId: string, @Args() page: PageArgs): Promise<Page<Perspective>> {
    return this.committee.list(eventId, page);
  }

  @Query(() => PerspectiveMap, {
    description: `over one meeting, or over every committee meeting between from and to (at most ${MAX_RANGE_DAYS} days); a scope of more than ${PerspectiveMapService.maxPerspectives} perspectives or ${PerspectiveMapService.maxStances} stances is refused with BAD_USER_INPUT, never cut short`,
  })
  async perspectiveMap(@Args() args: PerspectiveMapArgs): Promise<PerspectiveMap> {
    return this.maps.map(await this.maps.scopeOf(args));
  }

  @Roles()
  @Query(() => Perspective, {
    nullable: true,
    description:
      'participant: the perspective to show this person next (one they have not reacted to), or null when none is left; those that tell opinion groups apart and those few have seen come first',
  })
  nextPerspective(@Args() args: NextPerspectiveArgs, @CurrentViewer() viewer: Viewer): Promise<Perspective | null> {
    return this.nextPerspectives.next(args.eventId, userIdOf(viewer));
  }

  @Roles()
  @Mutation(() => AgendaItem, { description: 'coordinator or host' })
  addAgendaItem(@Args() args: AddAgendaItemArgs, @CurrentViewer() viewer: Viewer): Promise<AgendaItem> {
    return this.committee.addAgendaItem(args.eventId, args.title, viewer);
  }

  @Roles()
  @Mutation(() => Event, { description: 'coordinator or host' })
  async setMinutes(@Args() args: SetMinutesArgs, @CurrentViewer() viewer: Viewer): Promise<Event> {
    await this.committee.setMinutes(args.eventId, args.minutes, viewer);
    return (await this.events.findById(args.eventId))!;
  }

  @Roles()
  @Mutation(() => Perspective, { description: 'a participant of the event' })
  addPerspective(@Args('input') input: AddPerspectiveInput, @CurrentViewer() viewer: Viewer): Promise<Perspective> {
    return this.committee.addPerspective(input, userIdOf(viewer));
  }

  @Roles()
  @Mutation(() => Perspective, { description: 'a participant of the event; one stance per person, changeable' })
  react(@Args() args: ReactArgs, @CurrentViewer() viewer: Viewer): Promise<Perspective> {
    return this.committee.react(args.perspectiveId, args.stance, userIdOf(viewer));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Perspective, {
    description: "coordinator: the statement goes public as a PERSPECTIVE_HIGHLIGHTED line of activityFeed (quoting it and naming the meeting, never the author); a second call changes nothing",
  })
  highlightPerspective(@Args() args: HighlightPerspectiveArgs, @CurrentViewer() viewer: Viewer): Promise<Perspective> {
    return this.highlights.highlight(args.perspectiveId, userIdOf(viewer));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Perspective, { description: 'coordinator: takes a highlight back; its line leaves activityFeed (a second call changes nothing)' })
  unhighlightPerspective(@Args() args: HighlightPerspectiveArgs): Promise<Perspective> {
    return this.highlights.unhighlight(args.perspectiveId);
  }
}

/** Who sees what of a perspective: the author of an anonymous one only coordinators; generation and sector only in aggregate. */
@Resolver(() => Perspective)
export class PerspectiveResolver {
  constructor(
    private readonly committee: CommitteeService,
    private readonly events: EventService,
  ) {}

  @ResolveField(() => Event)
  async event(@Parent() p: Perspective, @Context() ctx: GqlContext): Promise<Event> {
    return (await this.events.byId(ctx.loaders, p.eventId, ctx.viewer))!;
  }

  @ResolveField(() => AgendaItem, { nullable: true })
  agendaItem(@Parent() p: Perspective, @Context() ctx: GqlContext): Promise<AgendaItem | null> {
    return p.agendaItemId ? this.committee.agendaItemById(ctx.loaders, p.agendaItemId) : Promise.resolve(null);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'null when posted anonymously (coordinators still know the author), and for callers not signed in; a student author shows as 生徒さん to everyone but the student and coordinators',
  })
  async authorName(@Parent() p: Perspective, @Context() ctx: GqlContext): Promise<string | null> {
    if (!p.authorId || ctx.viewer.kind !== 'user') return null;
    return authorNameFor(ctx.viewer, await this.committee.authorOf(ctx.loaders, p.authorId), { anonymous: p.anonymous });
  }

  @ResolveField(() => Boolean, { description: "true once a coordinator has made it public on 地福TV's activityFeed (highlightPerspective)" })
  highlighted(@Parent() p: Perspective): boolean {
    return p.highlightedAt !== null && p.highlightedAt !== undefined;
  }

  @ResolveField(() => Boolean, { description: 'true when the perspective was posted anonymously' })
  anonymous(@Parent() p: Perspective): boolean {
    return p.anonymous;
  }

  @ResolveField(() => Generation, { nullable: true, description: "the author's self-declared generation: coordinators only (others see it in aggregate, in perspectiveMap)" })
  async generation(@Parent() p: Perspective, @Context() ctx: GqlContext): Promise<Generation | null> {
    if (!p.authorId || !hasRole(ctx.viewer, Role.COORDINATOR)) return null;
    return (await this.committee.profileOf(ctx.loaders, p.authorId))?.generation ?? null;
  }

  @ResolveField(() => Sector, { nullable: true, description: "the author's self-declared sector: coordinators only (others see it in aggregate, in perspectiveMap)" })
  async sector(@Parent() p: Perspective, @Context() ctx: GqlContext): Promise<Sector | null> {
    if (!p.authorId || !hasRole(ctx.viewer, Role.COORDINATOR)) return null;
    return (await this.committee.profileOf(ctx.loaders, p.authorId))?.sector ?? null;
  }

  @ResolveField(() => Int)
  async agreeCount(@Parent() p: Perspective, @Context() ctx: GqlContext): Promise<number> {
    return (await this.committee.countsOf(ctx.loaders, p.id)).agree;
  }

  @ResolveField(() => Int)
  async disagreeCount(@Parent() p: Perspective, @Context() ctx: GqlContext): Promise<number> {
    return (await this.committee.countsOf(ctx.loaders, p.id)).disagree;
  }

  @ResolveField(() => Int)
  async passCount(@Parent() p: Perspective, @Context() ctx: GqlContext): Promise<number> {
    return (await this.committee.countsOf(ctx.loaders, p.id)).pass;
  }

  @ResolveField(() => Stance, { nullable: true })
  viewerStance(@Parent() p: Perspective, @Context() ctx: GqlContext): Promise<Stance | null> {
    return ctx.viewer.kind === 'user' ? this.committee.stanceOf(ctx.loaders, ctx.viewer.userId, p.id) : Promise.resolve(null);
  }
}

/** Event's committee fields: the agenda and the minutes. */
@Resolver(() => Event)
export class CommitteeEventResolver {
  constructor(private readonly committee: CommitteeService) {}

  @ResolveField(() => [AgendaItem], { description: 'committee meetings: the agenda in order (empty for other events)' })
  agenda(@Parent() event: Event, @Context() ctx: GqlContext): Promise<AgendaItem[]> {
    return this.committee.agendaOf(ctx.loaders, event.id);
  }

  @ResolveField(() => String, { nullable: true, description: 'committee meetings: the minutes (議事録)' })
  minutes(@Parent() event: Event, @Context() ctx: GqlContext): Promise<string | null> {
    return this.committee.minutesOf(ctx.loaders, event.id);
  }
}

/** User's self-declared generation and sector: the user and coordinators see them; everyone else only in aggregate. */
@Resolver(() => User)
export class CommitteeUserResolver {
  constructor(private readonly committee: CommitteeService) {}

  @Roles(Role.RESIDENT, Role.COORDINATOR, Role.ORGANIZATION_MEMBER)
  @Mutation(() => User, { description: "signed-in residents, coordinators and organisation members: one's own name, area, generation and sector (fields left out stay as they are; null clears area, generation and sector)" })
  updateMyProfile(@Args('input') input: UpdateMyProfileInput, @CurrentViewer() viewer: Viewer): Promise<User> {
    return this.committee.updateMyProfile(userIdOf(viewer), input);
  }

  @ResolveField(() => Generation, { nullable: true, description: 'self-declared; only the user and coordinators see it' })
  async generation(@Parent() user: User, @Context() ctx: GqlContext): Promise<Generation | null> {
    if (!this.mayRead(user, ctx)) return null;
    return (await this.committee.profileOf(ctx.loaders, user.id))?.generation ?? null;
  }

  @ResolveField(() => Sector, { nullable: true, description: 'self-declared; only the user and coordinators see it' })
  async sector(@Parent() user: User, @Context() ctx: GqlContext): Promise<Sector | null> {
    if (!this.mayRead(user, ctx)) return null;
    return (await this.committee.profileOf(ctx.loaders, user.id))?.sector ?? null;
  }

  private mayRead(user: User, ctx: GqlContext): boolean {
    return ctx.viewer.kind === 'user' && (ctx.viewer.userId === user.id || hasRole(ctx.viewer, Role.COORDINATOR));
  }
}
