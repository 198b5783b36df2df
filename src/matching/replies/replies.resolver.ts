import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { forbidden } from '../../common/errors/domain-error.js';
import type { GqlContext, Viewer } from '../../common/graphql/context.js';
import { CurrentViewer, Roles, SchoolPortal } from '../../identity/auth.decorators.js';
import { Role } from '../../identity/role.enum.js';
import { Offer } from '../../organizations/offer.models.js';
import { OfferInterest } from '../matching.enums.js';
import { JointAction } from '../matching.models.js';
import { OfferInterestService } from './offer-interest.service.js';
import { RepliesService } from './replies.service.js';
import { OfferInterestArgs, RespondArgs, RespondForStudentArgs } from './replies.inputs.js';

const asUser = (viewer: Viewer): Viewer & { kind: 'user' } => {
  if (viewer.kind !== 'user') throw forbidden('この操作にはユーザーとしてのログインが必要です');
  return viewer;
};

/** Both sides answer (replies.graphql): the invited students, their school portals, the organisation; and students' interests. */
@Resolver()
export class RepliesResolver {
  constructor(
    private readonly replies: RepliesService,
    private readonly interests: OfferInterestService,
  ) {}

  @Roles(Role.STUDENT, Role.ORGANIZATION_MEMBER)
  @Mutation(() => JointAction, { description: "student (own invitation) or organisation member (the organisation's invitation)" })
  respondToJointAction(@Args() args: RespondArgs, @CurrentViewer() viewer: Viewer): Promise<JointAction> {
    return this.replies.respond(viewer, args.jointActionId, args.accept);
  }

  @SchoolPortal()
  @Mutation(() => JointAction, { description: 'school portal (x-api-key): a reply the student gave through the portal' })
  respondForStudent(@Args() args: RespondForStudentArgs, @CurrentViewer() viewer: Viewer): Promise<JointAction> {
    if (viewer.kind !== 'school') throw forbidden('この操作は学校ポータルの API キーでのみ行えます');
    return this.replies.forStudent(viewer.schoolId, args.externalRef, args.jointActionId, args.accept);
  }

  @Roles(Role.STUDENT)
  @Mutation(() => Offer, { description: 'student' })
  setOfferInterest(@Args() args: OfferInterestArgs, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<Offer> {
    return this.interests.set(ctx.loaders, asUser(viewer), args.offerId, args.interest);
  }

  @Roles(Role.STUDENT)
  @Query(() => [Offer], { description: 'student: the offers the student marked, newest first' })
  myOfferInterests(@CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<Offer[]> {
    return this.interests.mine(ctx.loaders, asUser(viewer));
  }
}

@Resolver(() => Offer)
export class OfferInterestResolver {
  constructor(private readonly interests: OfferInterestService) {}

  @ResolveField(() => OfferInterest, { nullable: true, description: "the viewing student's own interest in this offer, when a student asks" })
  viewerInterest(@Parent() offer: Offer, @Context() ctx: GqlContext): Promise<OfferInterest | null> {
    return this.interests.viewerInterest(ctx.loaders, ctx.viewer, offer.id);
  }
}
