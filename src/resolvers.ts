import { CommitteeEventResolver, CommitteeResolver, CommitteeUserResolver, PerspectiveResolver } from './committee/committee.resolver.js';
import { EventResolver } from './graph/event.resolver.js';
import { NotificationResolver } from './graph/notification.resolver.js';
import { ThemeResolver } from './graph/theme.resolver.js';
import { IdentityResolver } from './identity/identity.resolver.js';
import { JointActionResolver, StudentInvitationResolver } from './matching/joint-action.resolver.js';
import { MatchingRunResolver, UnplacedStudentResolver } from './matching/matching-run.resolver.js';
import { OfferInterestResolver, RepliesResolver } from './matching/replies/replies.resolver.js';
import { ProposalResolver, ProposedParticipantResolver } from './matching/proposal.resolver.js';
import { OfferResolver } from './organizations/offer.resolver.js';
import { OrganizationsResolver } from './organizations/organizations.resolver.js';
import { PREPAREDNESS_RESOLVERS } from './preparedness/preparedness.resolver.js';
import { PrivacyResolver } from './privacy/privacy.resolver.js';
import { StudentResolver } from './students/student.resolver.js';
import { TV_RESOLVERS } from './tv/tv.resolver.js';

/** Every resolver, for emitting the schema without a database (src/schema.ts); a test checks it matches the app's. */
export const RESOLVERS = [
  IdentityResolver,
  ThemeResolver,
  EventResolver,
  NotificationResolver,
  OrganizationsResolver,
  OfferResolver,
  StudentResolver,
  MatchingRunResolver,
  ProposalResolver,
  ProposedParticipantResolver,
  JointActionResolver,
  StudentInvitationResolver,
  UnplacedStudentResolver,
  RepliesResolver,
  OfferInterestResolver,
  PrivacyResolver,
  CommitteeResolver,
  PerspectiveResolver,
  CommitteeEventResolver,
  CommitteeUserResolver,
  ...TV_RESOLVERS,
  ...PREPAREDNESS_RESOLVERS,
];
