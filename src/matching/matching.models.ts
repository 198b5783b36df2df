import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/graphql/pagination.js';
import { MatchingRunStatus, ProposalStatus } from './matching.enums.js';

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
  @Field({ description: 'what asked for the run: REQUESTED (a coordinator), OFFER_PUBLISHED or PROFILE_CHANGED' }) cause: string;
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
}

@ObjectType()
export class ProposedParticipant {
  studentId: string;
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

/** A joint action row; title, summary, offer, participants and event are resolved per viewer on JointActionResolver. */
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
}
