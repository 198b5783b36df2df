import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { userIdOf, type GqlContext, type Viewer } from '../common/graphql/context.js';
import type { Page } from '../common/graphql/pagination.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { Role } from '../identity/role.enum.js';
import { Offer } from '../organizations/offer.models.js';
import { OfferService } from '../organizations/offer.service.js';
import { Student } from '../students/student.models.js';
import { StudentService } from '../students/student.service.js';
import { ApproveProposalArgs, ProposalArgs, ProposalsArgs, RejectProposalArgs } from './matching.inputs.js';
import { JointAction, Proposal, ProposalConnection, ProposedParticipant } from './matching.models.js';
import { ProposalService } from './proposal.service.js';

/** Coordinators only, on every entry point: an organisation member never reads a proposal. */
@Resolver(() => Proposal)
@Roles(Role.COORDINATOR)
export class ProposalResolver {
  constructor(
    private readonly proposalService: ProposalService,
    private readonly offers: OfferService,
  ) {}

  @Query(() => ProposalConnection)
  proposals(@Args() args: ProposalsArgs): Promise<Page<Proposal>> {
    return this.proposalService.list({ status: args.status, offerId: args.offerId }, args);
  }

  @Query(() => Proposal, { nullable: true })
  proposal(@Args() { id }: ProposalArgs): Promise<Proposal | null> {
    return this.proposalService.find(id);
  }

  @Mutation(() => Proposal)
  approveProposal(@Args() args: ApproveProposalArgs, @CurrentViewer() viewer: Viewer): Promise<Proposal> {
    return this.proposalService.approve(args.id, userIdOf(viewer), args.note, args.startsAt);
  }

  @Mutation(() => Proposal)
  rejectProposal(@Args() args: RejectProposalArgs, @CurrentViewer() viewer: Viewer): Promise<Proposal> {
    return this.proposalService.reject(args.id, userIdOf(viewer), args.reason);
  }

  @ResolveField(() => Offer)
  async offer(@Parent() p: Proposal, @Context() ctx: GqlContext): Promise<Offer> {
    return (await this.offers.byId(ctx.loaders, p.offerId))!;
  }

  @ResolveField(() => [ProposedParticipant])
  participants(@Parent() p: Proposal, @Context() ctx: GqlContext): Promise<ProposedParticipant[]> {
    return this.proposalService.participants(ctx.loaders, p.id);
  }

  @ResolveField(() => JointAction, { nullable: true, description: 'set once approved' })
  jointAction(@Parent() p: Proposal, @Context() ctx: GqlContext): Promise<JointAction | null> {
    return this.proposalService.jointActionOf(ctx.loaders, p.id);
  }
}

@Resolver(() => ProposedParticipant)
@Roles(Role.COORDINATOR)
export class ProposedParticipantResolver {
  constructor(private readonly students: StudentService) {}

  @ResolveField(() => Student)
  async student(@Parent() p: ProposedParticipant, @Context() ctx: GqlContext): Promise<Student> {
    return (await this.students.byId(ctx.loaders, p.studentId))!;
  }
}
