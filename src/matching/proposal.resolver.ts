import { Args, Info, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { userIdOf, type GqlContext, type Viewer } from '../common/graphql/context.js';
import type { Page } from '../common/graphql/pagination.js';
import { selects, selectsOnly } from '../common/graphql/selection.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { Role } from '../identity/role.enum.js';
import { Offer } from '../organizations/offer.models.js';
import { OFFER_TITLE_FIELDS, OfferService } from '../organizations/offer.service.js';
import { Student } from '../students/student.models.js';
import { STUDENT_NAME_FIELDS, StudentService } from '../students/student.service.js';
import { ApproveProposalArgs, ProposalArgs, ProposalsArgs, RejectProposalArgs } from './matching.inputs.js';
import { JointAction, Proposal, ProposalConnection, ProposedParticipant } from './matching.models.js';
import { PLAN_TITLE_FIELDS, ProposalService } from './proposal.service.js';

/** Coordinators only, on every entry point: an organisation member never reads a proposal. */
@Resolver(() => Proposal)
@Roles(Role.COORDINATOR)
export class ProposalResolver {
  constructor(
    private readonly proposalService: ProposalService,
    private readonly offers: OfferService,
  ) {}

  @Query(() => ProposalConnection)
  proposals(@Args() args: ProposalsArgs, @Info() info: GraphQLResolveInfo): Promise<Page<Proposal>> {
    // what the page shows of each proposal is read with the page, in its one statement
    const read = {
      offer: selects(info, ['edges', 'node', 'offer']),
      offerTitles: selectsOnly(info, ['edges', 'node', 'offer'], OFFER_TITLE_FIELDS),
      participants: selects(info, ['edges', 'node', 'participants']),
      // a page that shows no more of each plan than its title (or nothing of it) reads the title only
      planTitles: !selects(info, ['edges', 'node', 'plan']) || selectsOnly(info, ['edges', 'node', 'plan'], PLAN_TITLE_FIELDS),
      // a page that shows no more of its participants' students than their names reads their names only
      studentNames:
        !selects(info, ['edges', 'node', 'participants', 'student']) || selectsOnly(info, ['edges', 'node', 'participants', 'student'], STUDENT_NAME_FIELDS),
    };
    return this.proposalService.list({ status: args.status, offerId: args.offerId }, args, read);
  }

  @Query(() => Proposal, { nullable: true })
  proposal(@Args() { id }: ProposalArgs): Promise<Proposal | null> {
    return this.proposalService.find(id);
  }

  @Mutation(() => Proposal, { description: 'coordinator: invites the organisation and the students (the joint action AWAITING_REPLIES), or refills its live joint action' })
  approveProposal(@Args() args: ApproveProposalArgs, @CurrentViewer() viewer: Viewer): Promise<Proposal> {
    return this.proposalService.approve(args.id, userIdOf(viewer), args.note, { startsAt: args.startsAt, respondBy: args.respondBy });
  }

  @Mutation(() => Proposal)
  rejectProposal(@Args() args: RejectProposalArgs, @CurrentViewer() viewer: Viewer): Promise<Proposal> {
    return this.proposalService.reject(args.id, userIdOf(viewer), args.reason);
  }

  // The field resolvers take graphql-js's own (parent, args, context) and no parameter decorators:
  // Nest then hands graphql-js the bound method itself (its "fast field resolver"), instead of a
  // wrapper that runs the global pipes on each parameter, per object (bench/RESULTS.md, bench:api).
  // Field resolvers never ran the guards (no fieldResolverEnhancers): who may read a proposal is
  // decided once, by @Roles on the root fields.

  @ResolveField(() => Offer)
  offer(p: Proposal, _args: unknown, ctx: GqlContext): Offer | Promise<Offer> {
    return p.read?.offer ?? (this.offers.byId(ctx.loaders, p.offerId) as Promise<Offer>);
  }

  @ResolveField(() => [ProposedParticipant])
  participants(p: Proposal, _args: unknown, ctx: GqlContext): ProposedParticipant[] | Promise<ProposedParticipant[]> {
    return p.read?.participants ?? this.proposalService.participants(ctx.loaders, p.id);
  }

  @ResolveField(() => JointAction, { nullable: true, description: 'set once approved' })
  jointAction(p: Proposal, _args: unknown, ctx: GqlContext): Promise<JointAction | null> {
    return this.proposalService.jointActionOf(ctx.loaders, p.id);
  }
}

@Resolver(() => ProposedParticipant)
@Roles(Role.COORDINATOR)
export class ProposedParticipantResolver {
  constructor(private readonly students: StudentService) {}

  /** graphql-js's own signature, no parameter decorators: Nest's fast field resolver (see ProposalResolver) */
  @ResolveField(() => Student)
  student(p: ProposedParticipant, _args: unknown, ctx: GqlContext): Student | Promise<Student> {
    // read with the participant when it can be: a plain value is completed by graphql-js without a promise
    return p.student ?? (this.students.byId(ctx.loaders, p.studentId) as Promise<Student>);
  }
}
