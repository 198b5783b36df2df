import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { forbidden } from '../common/errors/domain-error.js';
import { userIdOf, type GqlContext, type Viewer } from '../common/graphql/context.js';
import { MAX_PAGE, PageArgs, type Page } from '../common/graphql/pagination.js';
import { CreateEventInput } from '../graph/event.inputs.js';
import { EventService } from '../graph/event.service.js';
import { Event, EventConnection } from '../graph/graph.models.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { Role } from '../identity/role.enum.js';
import { JointAction } from '../matching/matching.models.js';
import { ActivityService } from './activity.service.js';
import { CommentService } from './comment.service.js';
import { DEFAULT_EPISODE_MS, TvService } from './tv.service.js';
import { ActivityFeedArgs, CreateProgramInput, FeatureArgs, ParticipationArgs, PostCommentArgs, ProgramsArgs, SetReplayArgs } from './tv.inputs.js';
import { Activity, ActivityConnection, Comment, CommentConnection, EpisodeReach, ParticipationPoint, Program } from './tv.models.js';

@Resolver(() => Program)
export class ProgramResolver {
  constructor(private readonly tv: TvService) {}

  @Query(() => [Program], { description: 'newest first, at most first (100)' })
  programs(@Args() args: ProgramsArgs): Promise<Program[]> {
    return this.tv.programs(args.first ?? MAX_PAGE);
  }

  @Query(() => Program, { nullable: true })
  program(@Args('id', { type: () => ID }) id: string): Promise<Program | null> {
    return this.tv.program(id);
  }

  @ResolveField(() => EventConnection, { description: 'episodes in broadcast order' })
  episodes(@Parent() program: Program, @Args() page: PageArgs): Promise<Page<Event>> {
    return this.tv.episodes(program.id, page);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Program, { description: 'coordinator' })
  createProgram(@Args('input') input: CreateProgramInput, @CurrentViewer() viewer: Viewer): Promise<Program> {
    return this.tv.createProgram(input, userIdOf(viewer));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Event, { description: 'coordinator: an episode is an event on platform TV' })
  scheduleEpisode(
    @Args('programId', { type: () => ID }) programId: string,
    @Args('input') input: CreateEventInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Event> {
    return this.tv.scheduleEpisode(programId, input, userIdOf(viewer));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Event, { description: 'coordinator: the replay of an episode that has started' })
  setReplay(@Args() args: SetReplayArgs): Promise<Event> {
    return this.tv.setReplay(args.eventId, args.replayUrl);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Event, { description: 'coordinator: the episode presents an event of another platform or a joint action (exactly one)' })
  feature(@Args() args: FeatureArgs): Promise<Event> {
    return this.tv.feature(args.episodeId, args.eventId, args.jointActionId);
  }

  @Roles(Role.COORDINATOR)
  @Query(() => EpisodeReach, { description: "coordinator: an episode's registered viewers and comments" })
  episodeReach(@Args('eventId', { type: () => ID }) eventId: string): Promise<EpisodeReach> {
    return this.tv.reach(eventId);
  }

  @Roles(Role.COORDINATOR)
  @Query(() => [ParticipationPoint], { description: 'coordinator: participants per platform and month (Asia/Tokyo), for the city reports' })
  platformParticipation(@Args() args: ParticipationArgs): Promise<ParticipationPoint[]> {
    return this.tv.participation(args);
  }
}

/** 地福TV's fields of the shared graph's Event (the core fields live on EventResolver). */
@Resolver(() => Event)
export class TvEventResolver {
  constructor(
    private readonly tv: TvService,
    private readonly events: EventService,
    private readonly commentService: CommentService,
  ) {}

  @ResolveField(() => Program, { nullable: true, description: 'the programme of an episode (TV)' })
  async program(@Parent() event: Event, @Context() ctx: GqlContext): Promise<Program | null> {
    const info = await this.tv.episodeInfo(ctx.loaders, event.id);
    return info ? this.tv.programById(ctx.loaders, info.programId) : null;
  }

  @ResolveField(() => String, { nullable: true })
  async replayUrl(@Parent() event: Event, @Context() ctx: GqlContext): Promise<string | null> {
    return (await this.tv.episodeInfo(ctx.loaders, event.id))?.replayUrl ?? null;
  }

  @ResolveField(() => Boolean, { description: 'true while an episode is on air (from its start to its end, or two hours)' })
  isLive(@Parent() event: Event): boolean {
    const now = Date.now();
    return event.startsAt.getTime() <= now && now < endOf(event);
  }

  @ResolveField(() => String, { nullable: true, description: 'where to watch now: the live link before and during the broadcast, the replay after' })
  async watchUrl(@Parent() event: Event, @Context() ctx: GqlContext): Promise<string | null> {
    if (Date.now() < endOf(event)) return event.onlineUrl;
    return (await this.tv.episodeInfo(ctx.loaders, event.id))?.replayUrl ?? null;
  }

  @ResolveField(() => [Event], { description: 'what an episode presents from the other platforms' })
  async featuredEvents(@Parent() event: Event, @Context() ctx: GqlContext): Promise<Event[]> {
    const ids = await this.tv.featuredEventIds(ctx.loaders, event.id);
    return (await Promise.all(ids.map((id) => this.events.byId(ctx.loaders, id, ctx.viewer)))).filter((e): e is NonNullable<typeof e> => e !== null);
  }

  @ResolveField(() => [JointAction], {
    description:
      "featured joint actions: everyone sees their title, summary, themes and offer; their participants and their gathering's time and place only its parties (coordinators, its students, its organisation's members)",
  })
  async featuredJointActions(@Parent() event: Event, @Context() ctx: GqlContext): Promise<JointAction[]> {
    return this.tv.jointActions(ctx.loaders, await this.tv.featuredJointActionIds(ctx.loaders, event.id));
  }

  @ResolveField(() => CommentConnection, { description: 'oldest first; hidden comments only for coordinators' })
  comments(@Parent() event: Event, @Args() page: PageArgs, @Context() ctx: GqlContext): Promise<Page<Comment>> {
    return this.commentService.list(event.id, page, ctx.viewer);
  }
}

const endOf = (event: Event): number => (event.endsAt ? event.endsAt.getTime() : event.startsAt.getTime() + DEFAULT_EPISODE_MS);

@Resolver(() => Comment)
export class CommentResolver {
  constructor(private readonly comments: CommentService) {}

  @Roles()
  @Mutation(() => Comment, { description: `any signed-in user; at most 10 a minute` })
  postComment(@Args() args: PostCommentArgs, @CurrentViewer() viewer: Viewer): Promise<Comment> {
    if (viewer.kind !== 'user') throw forbidden('この操作にはユーザーとしてのログインが必要です');
    return this.comments.post(args, viewer);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Boolean, { description: 'coordinator: the comment disappears for everyone else' })
  hideComment(@Args('id', { type: () => ID }) id: string, @CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.comments.hide(id, userIdOf(viewer));
  }

  @Subscription(() => Comment, { description: "new comments on an episode as they are posted (graphql-ws); hidden ones are not sent" })
  commentPosted(@Args('eventId', { type: () => ID }) eventId: string, @Context() ctx: GqlContext): AsyncGenerator<{ commentPosted: Comment }> {
    return this.comments.live(eventId, ctx.viewer);
  }
}

@Resolver(() => Activity)
export class ActivityResolver {
  constructor(
    private readonly activities: ActivityService,
    private readonly events: EventService,
    private readonly tv: TvService,
  ) {}

  @Query(() => ActivityConnection, { description: 'the cross-platform stream, newest first; each reader sees only what they may' })
  activityFeed(@Args() args: ActivityFeedArgs, @Context() ctx: GqlContext): Promise<Page<Activity>> {
    return this.activities.feed(ctx.viewer, args.platform, args.first, args.after);
  }

  @ResolveField(() => Event, { nullable: true })
  event(@Parent() a: Activity, @Context() ctx: GqlContext): Promise<Event | null> {
    return a.eventId ? this.events.byId(ctx.loaders, a.eventId, ctx.viewer) : Promise.resolve(null);
  }

  @ResolveField(() => JointAction, { nullable: true, description: 'its participants and gathering only for its parties, as on featuredJointActions' })
  async jointAction(@Parent() a: Activity, @Context() ctx: GqlContext): Promise<JointAction | null> {
    if (!a.jointActionId) return null;
    return (await this.tv.jointActions(ctx.loaders, [a.jointActionId]))[0] ?? null;
  }
}

export const TV_RESOLVERS = [ProgramResolver, TvEventResolver, CommentResolver, ActivityResolver];
