import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/graphql/pagination.js';
import type { Offer } from '../organizations/offer.models.js';
import type { Student } from '../students/student.models.js';
import { InvitationStatus, JointActionStatus, MatchingRunStatus, ProposalStatus, UnplacedReason } from './matching.enums.js';

@ObjectType()
export class MatchingRun {
  @Field(() => ID) id: string;
  @Field(() => MatchingRunStatus) status: MatchingRunStatus;
  @Field(() => Float, { description: '0 to 1' }) progress: number;
  @Field(() => Int) pairsScored: number;
  @Field(() => Int) proposalsCreated: number;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) startedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt: Date | null;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field({ description: 'what asked for the run: REQUESTED (a coordinator), OFFER_PUBLISHED, PROFILE_CHANGED or PLACE_FREED (a decline, an expiry, a withdrawal)' }) cause: string;
  @Field(() => Int, { description: 'places left open by declined or expired invitations (or withdrawals, cancellations) that this run filled again' })
  refilledPlaces: number;
}

@ObjectType()
export class JointActionPlan {
  @Field() title: string;
  @Field() summary: string;
  @Field(() => [String]) themes: string[];
}

/** A proposal row; offer, participants and jointAction are resolved on ProposalResolver. */
@ObjectType()
export class Proposal {
  @Field(() => ID) id: string;
  offerId: string;
  runId: string;
  @Field(() => Float, { description: '0 to 1' }) score: number;
  @Field(() => JointActionPlan) plan: JointActionPlan;
  @Field(() => ProposalStatus) status: ProposalStatus;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) decisionNote: string | null;
  /**
   * What the page's own statement read with the proposal because the query asks for it
   * (ProposalService.list): `offer` and `participants` answer from here, at once, without a
   * loader's statement or promise. Not fields.
   */
  read?: { offer?: Offer; participants?: ProposedParticipant[] };
}

@ObjectType()
export class ProposedParticipant {
  studentId: string;
  /** the student, when the read that found the participant read it too (ProposalService.participants); not a field of its own: `student` is resolved */
  student?: Student;
  @Field(() => Float, { description: '0 to 1' }) score: number;
  @Field(() => [String], { description: 'why this student fits this offer, in words a coordinator reads' }) reasons: string[];
}

@ObjectType()
export class ProposalEdge {
  @Field() cursor: string;
  @Field(() => Proposal) node: Proposal;
}

@ObjectType()
export class ProposalConnection {
  @Field(() => [ProposalEdge]) edges: ProposalEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

/**
 * A joint action row; title, summary, offer, participants, invitations, organizationInvitation and
 * event are resolved per viewer on JointActionResolver.
 */
@ObjectType()
export class JointAction {
  @Field(() => ID) id: string;
  title: string;
  summary: string;
  @Field(() => [String]) themes: string[];
  offerId: string;
  eventId: string;
  proposalId: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => JointActionStatus) status: JointActionStatus;
  @Field(() => GraphQLISODateTime, { description: 'pending invitations expire at this instant' }) respondBy: Date;
  organizationStatus: InvitationStatus;
  organizationRespondedAt: Date | null;
}

/** A student's invitation to a joint action; `student` is resolved (who sees a student here is as for participants). */
@ObjectType()
export class StudentInvitation {
  studentId: string;
  @Field(() => InvitationStatus) status: InvitationStatus;
  @Field(() => GraphQLISODateTime, { nullable: true }) respondedAt: Date | null;
}

@ObjectType()
export class OrganizationInvitation {
  @Field(() => InvitationStatus) status: InvitationStatus;
  @Field(() => GraphQLISODateTime, { nullable: true }) respondedAt: Date | null;
}

/** A matchable student the run could not place, and why (coordinators only); student and nearestOffer are resolved. */
@ObjectType({ description: 'A matchable student the run could not place, and why (coordinators only).' })
export class UnplacedStudent {
  studentId: string;
  nearestOfferId: string | null;
  @Field(() => UnplacedReason) reason: UnplacedReason;
  @Field(() => Float, { nullable: true, description: "for OUTSCORED: the student's score for nearestOffer (0 to 1)" }) score: number | null;
  @Field(() => Float, { nullable: true, description: 'for OUTSCORED: the lowest score of a student placed in nearestOffer by this run' }) cutoff: number | null;
  /** keyset of the list: not a field */
  cursorKey: string;
}

@ObjectType()
export class UnplacedStudentEdge {
  @Field() cursor: string;
  @Field(() => UnplacedStudent) node: UnplacedStudent;
}

@ObjectType()
export class UnplacedStudentConnection {
  @Field(() => [UnplacedStudentEdge]) edges: UnplacedStudentEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}
