import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { StudentsModule } from '../students/students.module.js';
import { JointActionResolver, StudentInvitationResolver } from './joint-action.resolver.js';
import { JointActionService } from './joint-action.service.js';
import { MatchingPersonalData } from './matching-personal-data.js';
import { MatchingRunEvents } from './matching-run.events.js';
import { MatchingRunResolver, UnplacedStudentResolver } from './matching-run.resolver.js';
import { MatchingRunService } from './matching-run.service.js';
import { MatchingTriggerModule } from './matching-trigger.module.js';
import { ProposalResolver, ProposedParticipantResolver } from './proposal.resolver.js';
import { ProposalService } from './proposal.service.js';
import { OfferInterestService } from './replies/offer-interest.service.js';
import { RepliesService } from './replies/replies.service.js';
import { OfferInterestResolver, RepliesResolver } from './replies/replies.resolver.js';

/** The API side of matching: runs, proposals and decisions, joint actions. */
@Module({
  imports: [GraphModule, StudentsModule, OrganizationsModule, MatchingTriggerModule],
  providers: [
    MatchingRunEvents,
    MatchingRunService,
    ProposalService,
    JointActionService,
    MatchingRunResolver,
    ProposalResolver,
    ProposedParticipantResolver,
    JointActionResolver,
    StudentInvitationResolver,
    UnplacedStudentResolver,
    RepliesService,
    OfferInterestService,
    RepliesResolver,
    OfferInterestResolver,
    MatchingPersonalData,
  ],
})
export class MatchingModule {}
