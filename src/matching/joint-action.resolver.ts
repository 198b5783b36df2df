import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext, Viewer } from '../common/graphql/context.js';
import { MAX_PAGE } from '../common/graphql/pagination.js';
import { EventService } from '../graph/event.service.js';
import { Event } from '../graph/graph.models.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { Offer } from '../organizations/offer.models.js';
import { OfferService } from '../organizations/offer.service.js';
import { Student } from '../students/student.models.js';
import { StudentService } from '../students/student.service.js';
import { JointActionService } from './joint-action.service.js';
import { JointAction } from './matching.models.js';

@Resolver(() => JointAction)
export class JointActionResolver {
  constructor(
    private readonly jointActions: JointActionService,
    private readonly offers: OfferService,
    private readonly students: StudentService,
    private readonly events: EventService,
  ) {}

  @Roles()
  @Query(() => [JointAction], { description: "students: their own; organisation members: those on their organisation's offers (newest first)" })
  myJointActions(
    @CurrentViewer() viewer: Viewer,
    @Args('first', { type: () => Int, nullable: true, defaultValue: MAX_PAGE }) first: number,
  ): Promise<JointAction[]> {
    return this.jointActions.mine(viewer, Math.min(Math.max(first, 1), MAX_PAGE));
  }

  @ResolveField(() => Offer)
  async offer(@Parent() j: JointAction, @Context() ctx: GqlContext): Promise<Offer> {
    return (await this.offers.byId(ctx.loaders, j.offerId))!;
  }

  /** Students as objects whose personal fields answer only to those allowed (see Student's resolver). */
  @ResolveField(() => [Student])
  async participants(@Parent() j: JointAction, @Context() ctx: GqlContext): Promise<Student[]> {
    const ids = await this.jointActions.participantIds(ctx.loaders, j.id);
    return (await Promise.all(ids.map((id) => this.students.byId(ctx.loaders, id)))).filter((s): s is Student => s !== null);
  }

  @ResolveField(() => Event, { description: 'the gathering in the shared event graph (platform FUTURE_CONFERENCE)' })
  async event(@Parent() j: JointAction, @Context() ctx: GqlContext): Promise<Event> {
    return (await this.events.byId(ctx.loaders, j.eventId))!;
  }
}
