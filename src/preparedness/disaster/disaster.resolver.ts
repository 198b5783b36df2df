import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { forbidden, notFound } from '../../common/errors/domain-error.js';
import { hasRole, userIdOf, type GqlContext, type Viewer } from '../../common/graphql/context.js';
import type { Page } from '../../common/graphql/pagination.js';
import { CurrentViewer, Roles } from '../../identity/auth.decorators.js';
import { Role } from '../../identity/role.enum.js';
import { SupportNeed } from '../preparedness.models.js';
import { SupportService } from '../support.service.js';
import { ContactCardService } from './contact-card.service.js';
import {
  BoardArgs,
  ContactCardInput,
  DeclareDisasterInput,
  DisasterIdArgs,
  NeedIdArgs,
  ReportSafetyArgs,
  SafetyReportedArgs,
  SupportGapsArgs,
} from './disaster.inputs.js';
import { ContactCard, Disaster, HelpAssignment, SafetyBoardConnection, SafetyCount, SafetyReport, SafetyStatus } from './disaster.models.js';
import { DisasterService } from './disaster.service.js';
import { HelpService } from './help.service.js';
import { SafetyService } from './safety.service.js';

/** Field resolvers run without the guards: the coordinators' fields check the viewer themselves. */
function coordinatorOnly(ctx: GqlContext): string {
  if (!hasRole(ctx.viewer, Role.COORDINATOR)) throw forbidden('コーディネーターのみが見られます');
  return userIdOf(ctx.viewer);
}

@Resolver(() => Disaster)
export class DisasterResolver {
  constructor(
    private readonly disasters: DisasterService,
    private readonly safety: SafetyService,
  ) {}

  @Roles()
  @Query(() => [Disaster], { description: 'any signed-in user: the active disasters (real ones first, then drills)' })
  activeDisasters(): Promise<Disaster[]> {
    return this.disasters.active();
  }

  @Roles(Role.COORDINATOR)
  @Query(() => Disaster, { nullable: true, description: 'coordinator' })
  disaster(@Args() args: DisasterIdArgs): Promise<Disaster | null> {
    return this.disasters.find(args.id);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Disaster, { description: 'coordinator: a disaster (or, with drill, a disaster drill) over areas until endsAt, at most 14 days ahead; the helpers of the areas are notified' })
  declareDisaster(@Args('input') input: DeclareDisasterInput, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<Disaster> {
    return this.disasters.declare(userIdOf(viewer), input, ctx);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Disaster, { description: 'coordinator: ends an active disaster now (contact cards close); CONFLICT when it is already over' })
  endDisaster(@Args() args: DisasterIdArgs, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<Disaster> {
    return this.disasters.end(userIdOf(viewer), args.id, ctx);
  }

  @ResolveField(() => [SafetyCount], { description: 'coordinators: how many needs in the areas stand at each status' })
  safetyCounts(@Parent() d: Disaster, @Context() ctx: GqlContext): Promise<SafetyCount[]> {
    coordinatorOnly(ctx);
    return this.safety.counts(d);
  }

  @ResolveField(() => SafetyBoardConnection, { description: 'coordinators: every need in the areas with its latest report, the least known first' })
  board(@Parent() d: Disaster, @Args() page: BoardArgs, @Context() ctx: GqlContext): Promise<Page<SafetyReport>> {
    return this.safety.board(coordinatorOnly(ctx), d, page, ctx);
  }
}

/** A helper's assignments: their own approved pairings, pseudonymous, with the break-glass contact. */
@Resolver(() => HelpAssignment)
export class HelpAssignmentResolver {
  constructor(
    private readonly help: HelpService,
    private readonly cards: ContactCardService,
    private readonly reports: SafetyService,
  ) {}

  @Roles()
  @Query(() => [HelpAssignment], { description: 'helper: the people the helper is paired with (approved pairings of active pledges)' })
  myHelpAssignments(@CurrentViewer() viewer: Viewer): Promise<HelpAssignment[]> {
    return this.help.assignments(userIdOf(viewer));
  }

  @ResolveField(() => Disaster, { nullable: true, description: "the active disaster over this person's area, if any (a real one before a drill)" })
  disaster(@Parent() a: HelpAssignment, @Context() ctx: GqlContext): Promise<Disaster | null> {
    return this.help.assignmentDisaster(ctx.loaders, a.needId);
  }

  @ResolveField(() => ContactCard, { nullable: true, description: 'only while a disaster covers the area: opening it is audited; null otherwise' })
  contact(@Parent() a: HelpAssignment, @Context() ctx: GqlContext): Promise<ContactCard | null> {
    // an assignment only ever reaches its own helper; checked again against the viewer all the same
    if (ctx.viewer.kind !== 'user' || ctx.viewer.userId !== a.helperId) return Promise.resolve(null);
    return this.cards.open(ctx.viewer.userId, a, ctx);
  }

  @ResolveField(() => SafetyStatus, { description: 'the latest report under the assignment’s disaster; UNKNOWN without one' })
  async safety(@Parent() a: HelpAssignment, @Context() ctx: GqlContext): Promise<SafetyStatus> {
    const d = await this.help.assignmentDisaster(ctx.loaders, a.needId);
    return d ? this.reports.statusIn(ctx.loaders, d.id, a.needId) : SafetyStatus.UNKNOWN;
  }
}

@Resolver(() => SafetyReport)
export class SafetyReportResolver {
  constructor(
    private readonly safety: SafetyService,
    private readonly support: SupportService,
  ) {}

  @Roles()
  @Mutation(() => SafetyReport, { description: 'an approved helper of the need, or a coordinator, while a disaster covers the need’s area' })
  reportSafety(@Args() args: ReportSafetyArgs, @CurrentViewer() viewer: Viewer): Promise<SafetyReport> {
    return this.safety.report(viewer, args);
  }

  @Roles(Role.COORDINATOR)
  @Subscription(() => SafetyReport, { description: 'coordinator: each new safety report of the disaster (graphql-ws)' })
  safetyReported(@Args() args: SafetyReportedArgs, @CurrentViewer() viewer: Viewer): AsyncGenerator<{ safetyReported: SafetyReport }> {
    return this.safety.live(userIdOf(viewer), args.disasterId);
  }

  @ResolveField(() => SupportNeed, { description: 'coordinators (helpers know the person as a HelpAssignment)' })
  async need(@Parent() r: SafetyReport, @Context() ctx: GqlContext): Promise<SupportNeed> {
    coordinatorOnly(ctx);
    const need = await this.support.needById(ctx.loaders, r.needId);
    // erased since the report was read
    if (!need) throw notFound('支援が必要な方');
    return need;
  }

  @ResolveField(() => String, { nullable: true, description: 'coordinators and the reporter' })
  note(@Parent() r: SafetyReport, @Context() ctx: GqlContext): string | null {
    return mayReadReport(r, ctx) ? r.noteText : null;
  }

  @ResolveField(() => String, { nullable: true, description: "a helper's or coordinator's display name (coordinators and the reporter)" })
  reportedBy(@Parent() r: SafetyReport, @Context() ctx: GqlContext): string | null {
    if (!r.reportedById || !mayReadReport(r, ctx)) return null;
    return r.reporterName ?? '削除されたアカウント';
  }
}

/**
 * A report's note and reporter: coordinators and the reporter, nobody else — so a student's words
 * and name (a student may help) never reach another helper. Reports reach no one else today (the
 * board and the subscription are coordinators', reportSafety answers its caller); this holds if
 * one ever does.
 */
const mayReadReport = (r: SafetyReport, ctx: GqlContext): boolean =>
  hasRole(ctx.viewer, Role.COORDINATOR) || (ctx.viewer.kind === 'user' && ctx.viewer.userId === r.reportedById);

/** The day-of fields of a need, and the coordinators' mutations on needs. */
@Resolver(() => SupportNeed)
export class SupportNeedDisasterResolver {
  constructor(
    private readonly help: HelpService,
    private readonly cards: ContactCardService,
    private readonly reports: SafetyService,
  ) {}

  @Roles(Role.COORDINATOR)
  @Query(() => [SupportNeed], { description: 'coordinator: needs with fewer approved helpers than wanted, the largest shortfall first (audited)' })
  supportGaps(@Args() args: SupportGapsArgs, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<SupportNeed[]> {
    return this.help.gaps(userIdOf(viewer), args.first, ctx);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => SupportNeed, { description: "coordinator, with the person's consent; replaces the card (stored encrypted)" })
  setContactCard(
    @Args('needId', { type: () => ID }) needId: string,
    @Args('input') input: ContactCardInput,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: GqlContext,
  ): Promise<SupportNeed> {
    return this.cards.set(userIdOf(viewer), needId, input, ctx);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Boolean, { description: 'coordinator: erases the need, its card, its pairings and its reports' })
  removeSupportNeed(@Args() args: NeedIdArgs, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<boolean> {
    return this.help.remove(userIdOf(viewer), args.needId, ctx);
  }

  @ResolveField(() => Int, { description: 'approved helpers (with active pledges)' })
  approvedHelpers(@Parent() n: SupportNeed, @Context() ctx: GqlContext): Promise<number> {
    coordinatorOnly(ctx);
    return this.help.approvedHelpers(ctx.loaders, n.id);
  }

  @ResolveField(() => Boolean)
  hasContactCard(@Parent() n: SupportNeed, @Context() ctx: GqlContext): Promise<boolean> {
    coordinatorOnly(ctx);
    return this.help.hasContactCard(ctx.loaders, n.id);
  }

  @ResolveField(() => SafetyStatus, { description: 'the latest report in the active real disaster over the area (drills never count); UNKNOWN when none' })
  safety(@Parent() n: SupportNeed, @Context() ctx: GqlContext): Promise<SafetyStatus> {
    coordinatorOnly(ctx);
    return this.reports.needSafety(ctx.loaders, n.id);
  }
}

export const DISASTER_RESOLVERS = [DisasterResolver, HelpAssignmentResolver, SafetyReportResolver, SupportNeedDisasterResolver];
