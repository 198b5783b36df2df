import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { userIdOf, type Viewer } from '../common/graphql/context.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { Role } from '../identity/role.enum.js';
import { MatchingRun } from './matching.models.js';
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
}
