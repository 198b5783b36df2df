import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { userIdOf, type GqlContext, type Viewer } from '../common/graphql/context.js';
import type { Page } from '../common/graphql/pagination.js';
import { Event } from '../graph/graph.models.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { User } from '../identity/identity.models.js';
import { Role } from '../identity/role.enum.js';
import { MatchingRun } from '../matching/matching.models.js';
import { DISASTER_RESOLVERS } from './disaster/disaster.resolver.js';
import {
  CreateScenarioInput,
  ImportNeedsArgs,
  PairingsArgs,
  PledgeSupportInput,
  RegisterSupportNeedInput,
  RejectPairingArgs,
  ResponsesArgs,
  ScenarioResponseInput,
  ScenariosArgs,
  ScheduleDrillInput,
  SetPlanItemArgs,
} from './preparedness.inputs.js';
import {
  PreparednessPlan,
  Scenario,
  ScenarioAggregates,
  ScenarioResponse,
  ScenarioResponseConnection,
  SupportNeed,
  SupportNeedImportResult,
  SupportPairing,
  SupportPledge,
} from './preparedness.models.js';
import { PreparednessService } from './preparedness.service.js';
import { SupportService } from './support.service.js';

/** Scenarios, responses and the もしもプラン: any signed-in user. */
@Resolver(() => Scenario)
@Roles()
export class ScenarioResolver {
  constructor(private readonly preparedness: PreparednessService) {}

  @Query(() => [Scenario])
  scenarios(@Args() args: ScenariosArgs): Promise<Scenario[]> {
    return this.preparedness.scenarios(args.topic);
  }

  @Query(() => Scenario, { nullable: true })
  scenario(@Args('id', { type: () => ID }) id: string): Promise<Scenario | null> {
    return this.preparedness.scenario(id);
  }

  @ResolveField(() => ScenarioResponseConnection, { description: 'oldest first' })
  responses(@Parent() s: Scenario, @Args() page: ResponsesArgs, @CurrentViewer() viewer: Viewer): Promise<Page<ScenarioResponse>> {
    return this.preparedness.responses(viewer, s.id, page);
  }

  @ResolveField(() => [Event])
  sessions(@Parent() s: Scenario, @Context() ctx: GqlContext): Promise<Event[]> {
    return this.preparedness.sessions(ctx.loaders, s.id);
  }

  @ResolveField(() => ScenarioAggregates, { description: 'needs and offers of help by kind and area; counts under 3 people suppressed' })
  aggregates(@Parent() s: Scenario): Promise<ScenarioAggregates> {
    return this.preparedness.aggregates(s.id);
  }

  @Roles(Role.COORDINATOR, Role.ORGANIZATION_MEMBER)
  @Mutation(() => Scenario, { description: 'coordinator or organisation member' })
  createScenario(@Args('input') input: CreateScenarioInput, @CurrentViewer() viewer: Viewer): Promise<Scenario> {
    return this.preparedness.createScenario(viewer, input);
  }

  @Mutation(() => ScenarioResponse)
  respondToScenario(
    @Args('scenarioId', { type: () => ID }) scenarioId: string,
    @Args('input') input: ScenarioResponseInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ScenarioResponse> {
    return this.preparedness.respond(viewer, scenarioId, input);
  }

  @Query(() => PreparednessPlan, { description: 'the printable page: GET /preparedness/plan.pdf with the same Bearer token' })
  myPreparednessPlan(@CurrentViewer() viewer: Viewer): Promise<PreparednessPlan> {
    return this.preparedness.plan(userIdOf(viewer));
  }

  @Mutation(() => PreparednessPlan)
  setPlanItem(@Args() args: SetPlanItemArgs, @CurrentViewer() viewer: Viewer): Promise<PreparednessPlan> {
    return this.preparedness.setPlanItem(userIdOf(viewer), args.key, args.done);
  }
}

/** Helpers' pledges: their own; the helper is shown to themselves and to coordinators (pairings). */
@Resolver(() => SupportPledge)
@Roles()
export class SupportPledgeResolver {
  constructor(private readonly support: SupportService) {}

  @Query(() => [SupportPledge])
  mySupportPledges(@CurrentViewer() viewer: Viewer): Promise<SupportPledge[]> {
    return this.support.myPledges(userIdOf(viewer));
  }

  @Roles(Role.RESIDENT, Role.ORGANIZATION_MEMBER, Role.COORDINATOR)
  @Mutation(() => SupportPledge, { description: 'residents, organisation members and coordinators (not students)' })
  pledgeSupport(@Args('input') input: PledgeSupportInput, @CurrentViewer() viewer: Viewer): Promise<SupportPledge> {
    return this.support.pledge(viewer, input);
  }

  @Mutation(() => SupportPledge, { description: 'the helper stops their pledge; open pairings with it are withdrawn' })
  withdrawSupportPledge(@Args('id', { type: () => ID }) id: string, @CurrentViewer() viewer: Viewer): Promise<SupportPledge> {
    return this.support.withdrawPledge(userIdOf(viewer), id);
  }

  @ResolveField(() => User)
  async helper(@Parent() p: SupportPledge, @Context() ctx: GqlContext): Promise<User> {
    return (await this.support.helper(ctx.loaders, p.helperId))!;
  }
}

/** Needs and pairings: coordinators alone, every read audited. */
@Resolver(() => SupportPairing)
@Roles(Role.COORDINATOR)
export class SupportPairingResolver {
  constructor(private readonly support: SupportService) {}

  @Query(() => [SupportPairing], { description: 'coordinator' })
  supportPairings(@Args() args: PairingsArgs, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<SupportPairing[]> {
    return this.support.pairings(userIdOf(viewer), args.status, ctx);
  }

  @Query(() => [SupportNeed], { description: 'coordinator: the needs registered (every read audited)' })
  supportNeeds(@CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<SupportNeed[]> {
    return this.support.needs(userIdOf(viewer), ctx);
  }

  @Mutation(() => SupportNeed, { description: 'coordinator' })
  registerSupportNeed(@Args('input') input: RegisterSupportNeedInput, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<SupportNeed> {
    return this.support.registerNeed(userIdOf(viewer), input, ctx);
  }

  @Mutation(() => SupportNeed, { description: 'coordinator: the person withdrew (false) or gave again (true) their consent' })
  setSupportNeedConsent(
    @Args('id', { type: () => ID }) id: string,
    @Args('consent') consent: boolean,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: GqlContext,
  ): Promise<SupportNeed> {
    return this.support.setConsent(userIdOf(viewer), id, consent, ctx);
  }

  @Mutation(() => SupportNeedImportResult, { description: 'coordinator: needs from the city’s 避難行動要支援者名簿 CSV; all or nothing, errors by line' })
  importSupportNeeds(@Args() args: ImportNeedsArgs, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<SupportNeedImportResult> {
    return this.support.importNeeds(userIdOf(viewer), args.csv, ctx);
  }

  @Mutation(() => MatchingRun, { description: 'coordinator: pairs pledges with needs on the worker, as a matching run' })
  requestSupportMatching(@CurrentViewer() viewer: Viewer): Promise<MatchingRun> {
    return this.support.requestRun(userIdOf(viewer));
  }

  @Mutation(() => SupportPairing)
  approveSupportPairing(@Args('id', { type: () => ID }) id: string, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<SupportPairing> {
    return this.support.approve(userIdOf(viewer), id, ctx);
  }

  @Mutation(() => SupportPairing)
  rejectSupportPairing(@Args() args: RejectPairingArgs, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<SupportPairing> {
    return this.support.reject(userIdOf(viewer), args.id, args.reason, ctx);
  }

  @Mutation(() => SupportPairing, { description: 'coordinator: a drill event (platform PREPAREDNESS) for an approved pairing' })
  scheduleSupportDrill(@Args('input') input: ScheduleDrillInput, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<SupportPairing> {
    return this.support.scheduleDrill(viewer, input, ctx);
  }

  @ResolveField(() => SupportPledge)
  async pledge(@Parent() p: SupportPairing, @Context() ctx: GqlContext): Promise<SupportPledge> {
    return (await this.support.pledgeById(ctx.loaders, p.pledgeId))!;
  }

  @ResolveField(() => SupportNeed)
  async need(@Parent() p: SupportPairing, @Context() ctx: GqlContext): Promise<SupportNeed> {
    return (await this.support.needById(ctx.loaders, p.needId))!;
  }

  @ResolveField(() => Event, { nullable: true })
  drill(@Parent() p: SupportPairing, @Context() ctx: GqlContext): Promise<Event | null> {
    return this.support.drillEvent(ctx.loaders, p.drillEventId);
  }
}

export const PREPAREDNESS_RESOLVERS = [ScenarioResolver, SupportPledgeResolver, SupportPairingResolver, ...DISASTER_RESOLVERS];
