import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext, Viewer } from '../common/graphql/context.js';
import { MAX_PAGE } from '../common/graphql/pagination.js';
import { redact } from '../lib/text/redact.js';
import { EventService } from '../graph/event.service.js';
import { Event } from '../graph/graph.models.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { Offer } from '../organizations/offer.models.js';
import { OfferService } from '../organizations/offer.service.js';
import { Student } from '../students/student.models.js';
import { StudentService } from '../students/student.service.js';
import { JointActionService } from './joint-action.service.js';
import { JointAction, OrganizationInvitation, StudentInvitation } from './matching.models.js';

/**
 * What someone who is not a party learns of a joint action's gathering: its public face (the joint
 * action's title and summary as shown to them) and the month it starts in; no time, place, link
 * or participants.
 */
export function publicFaceOf(gathering: Event, face: { title: string; summary: string }): Event {
  const jst = new Date(gathering.startsAt.getTime() + 9 * 3600_000);
  return {
    ...gathering,
    title: face.title.slice(0, 200),
    description: face.summary.slice(0, 4000),
    startsAt: new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), 1) - 9 * 3600_000),
    endsAt: null,
    location: null,
    onlineUrl: null,
    capacity: null,
    participantCount: 0,
  };
}

/**
 * A joint action is partly public (the contract's "Minors first"): everyone who reaches one (a
 * featured episode, the feed) reads its title, summary, themes and offer, which are built from
 * public facts; only its parties (coordinators, its students, its organisation's members) see who
 * takes part and when and where they meet. A title that names a participant anyway (an
 * organisation's offer title, say) shows the name to parties only.
 */
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

  @ResolveField(() => String, { description: "no participant's name for anyone but its parties" })
  title(@Parent() j: JointAction, @Context() ctx: GqlContext): Promise<string> {
    return this.shown(ctx, j, j.title);
  }

  @ResolveField(() => String, { description: "no participant's name for anyone but its parties" })
  summary(@Parent() j: JointAction, @Context() ctx: GqlContext): Promise<string> {
    return this.shown(ctx, j, j.summary);
  }

  @ResolveField(() => Offer)
  async offer(@Parent() j: JointAction, @Context() ctx: GqlContext): Promise<Offer> {
    return (await this.offers.byId(ctx.loaders, j.offerId))!;
  }

  /** Each Student's personal fields answer only to those allowed (see Student's resolver). */
  @ResolveField(() => [Student], { description: "for its parties (coordinators, its students, its organisation's members); an empty list for everyone else" })
  async participants(@Parent() j: JointAction, @Context() ctx: GqlContext): Promise<Student[]> {
    if (!(await this.jointActions.isParty(ctx.loaders, ctx.viewer, j.id))) return [];
    return this.participantsOf(ctx, j);
  }

  @ResolveField(() => Event, {
    description:
      "the gathering in the shared event graph (platform FUTURE_CONFERENCE); for anyone but its parties only its public face: the joint action's title and summary, the month it starts in (startsAt: the 1st, 00:00 in Kurume), no place, link or participants",
  })
  async event(@Parent() j: JointAction, @Context() ctx: GqlContext): Promise<Event> {
    const gathering = (await this.events.anyById(ctx.loaders, j.eventId))!;
    if (await this.jointActions.isParty(ctx.loaders, ctx.viewer, j.id)) return gathering;
    return publicFaceOf(gathering, { title: await this.shown(ctx, j, j.title), summary: await this.shown(ctx, j, j.summary) });
  }

  @ResolveField(() => OrganizationInvitation, { description: "the organisation's answer (its status to everyone who reaches the joint action)" })
  organizationInvitation(@Parent() j: JointAction): OrganizationInvitation {
    return { status: j.organizationStatus, respondedAt: j.organizationRespondedAt };
  }

  @ResolveField(() => [StudentInvitation], {
    description: "every student's answer for its parties (as for participants); a school portal sees its own students' invitations (it answers for them); an empty list for everyone else",
  })
  async invitations(@Parent() j: JointAction, @Context() ctx: GqlContext): Promise<StudentInvitation[]> {
    const viewer = ctx.viewer;
    if (viewer.kind === 'school') {
      // the portal answers for its students (respondForStudent) and so reads their answers back, never another school's
      const all = await this.jointActions.invitations(ctx.loaders, j.id);
      const students = await Promise.all(all.map((i) => this.students.byId(ctx.loaders, i.studentId)));
      return all.filter((_, k) => students[k]?.schoolId === viewer.schoolId);
    }
    if (!(await this.jointActions.isParty(ctx.loaders, viewer, j.id))) return [];
    return this.jointActions.invitations(ctx.loaders, j.id);
  }

  private async participantsOf(ctx: GqlContext, j: JointAction): Promise<Student[]> {
    const ids = await this.jointActions.participantIds(ctx.loaders, j.id);
    return (await Promise.all(ids.map((id) => this.students.byId(ctx.loaders, id)))).filter((s): s is Student => s !== null);
  }

  private async shown(ctx: GqlContext, j: JointAction, text: string): Promise<string> {
    if (await this.jointActions.isParty(ctx.loaders, ctx.viewer, j.id)) return text;
    return redact(text, (await this.participantsOf(ctx, j)).map((s) => s.displayName));
  }
}

@Resolver(() => StudentInvitation)
export class StudentInvitationResolver {
  constructor(private readonly students: StudentService) {}

  /** Only reached through JointAction.invitations, which answers its parties alone. */
  @ResolveField(() => Student)
  async student(@Parent() i: StudentInvitation, @Context() ctx: GqlContext): Promise<Student> {
    return (await this.students.byId(ctx.loaders, i.studentId))!;
  }
}
