import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { forbidden } from '../common/errors/domain-error.js';
import { hasRole, userIdOf, type GqlContext, type Viewer } from '../common/graphql/context.js';
import { PageArgs, type Page } from '../common/graphql/pagination.js';
import { Offer } from '../organizations/offer.models.js';
import { OfferService } from '../organizations/offer.service.js';
import { Student } from '../students/student.models.js';
import { StudentService } from '../students/student.service.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { Role } from '../identity/role.enum.js';
import { MatchingRun, UnplacedStudent, UnplacedStudentConnection } from './matching.models.js';
import { UNPLACED_REASON_TEXT, UnplacedReason } from './matching.enums.js';
import { MatchingRunService } from './matching-run.service.js';

@Resolver(() => MatchingRun)
@Roles(Role.COORDINATOR)
export class MatchingRunResolver {
  constructor(private readonly runs: MatchingRunService) {}

  @Mutation(() => MatchingRun, { description: 'coordinator' })
  requestMatchingRun(@CurrentViewer() viewer: Viewer): Promise<MatchingRun> {
    return this.runs.request(userIdOf(viewer));
  }

  @Query(() => MatchingRun, { nullable: true })
  matchingRun(@Args('id', { type: () => ID }) id: string): Promise<MatchingRun | null> {
    return this.runs.find(id);
  }

  @Subscription(() => MatchingRun, { description: 'coordinator: progress of a run until it completes or fails' })
  matchingRunUpdated(@Args('id', { type: () => ID }) id: string): AsyncGenerator<{ matchingRunUpdated: MatchingRun }> {
    return this.runs.updates(id);
  }

  @ResolveField(() => UnplacedStudentConnection, { description: 'coordinators: matchable students the run could not place, and why' })
  unplaced(@Parent() run: MatchingRun, @Args() page: PageArgs, @Context() ctx: GqlContext): Promise<Page<UnplacedStudent>> {
    // a run reaches coordinators only; the field says so again, whatever path reaches it later
    if (!hasRole(ctx.viewer, Role.COORDINATOR)) throw forbidden();
    return this.runs.unplaced(run.id, page);
  }
}

@Resolver(() => UnplacedStudent)
export class UnplacedStudentResolver {
  constructor(
    private readonly students: StudentService,
    private readonly offers: OfferService,
  ) {}

  @ResolveField(() => Student)
  async student(@Parent() u: UnplacedStudent, @Context() ctx: GqlContext): Promise<Student> {
    return (await this.students.byId(ctx.loaders, u.studentId))!;
  }

  @ResolveField(() => String, { description: 'the reason in Japanese, for the portal to show or rephrase (for OUTSCORED with the score and the cutoff)' })
  reasonText(@Parent() u: UnplacedStudent): string {
    const text = UNPLACED_REASON_TEXT[u.reason];
    if (u.reason !== UnplacedReason.OUTSCORED || u.score === null || u.cutoff === null) return text;
    return `${text}（本人の適合度 ${u.score.toFixed(2)}、その募集で決まった生徒の最低 ${u.cutoff.toFixed(2)}）`;
  }

  @ResolveField(() => Offer, { nullable: true, description: 'for OUTSCORED: the compatible offer the student fits best' })
  nearestOffer(@Parent() u: UnplacedStudent, @Context() ctx: GqlContext): Promise<Offer | null> {
    return u.nearestOfferId ? this.offers.byId(ctx.loaders, u.nearestOfferId) : Promise.resolve(null);
  }
}
