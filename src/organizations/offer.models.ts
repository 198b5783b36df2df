import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/graphql/pagination.js';
import { ParticipationMode } from '../graph/graph.enums.js';
import { OfferStatus } from './offer.enums.js';
import { StudentStage } from '../students/student.enums.js';
import { TimeSlot } from '../lib/slots/slots.js';
import type { Organization } from './organization.models.js';

/**
 * An organisation's call for students (募集). `organization` is resolved on OfferResolver through a
 * per-request DataLoader; other modules may return this class from their own fields (Proposal.offer,
 * JointAction.offer) using OfferService.byId.
 */
@ObjectType()
export class Offer {
  @Field(() => ID) id: string;
  /** the owning organisation; not a field: `organization` resolves it */
  organizationId: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => [String], { description: 'theme keys' }) themes: string[];
  @Field(() => Int) capacity: number;
  @Field(() => Int, { description: 'capacity less the places held: students invited and not yet answered, and those who accepted' }) remainingCapacity: number;
  @Field(() => Int, { description: 'the fewest students a joint action of this offer starts with; 1 when not set' }) minParticipants: number;
  @Field(() => [StudentStage]) stages: StudentStage[];
  @Field(() => String, { nullable: true }) area: string | null;
  @Field(() => ParticipationMode) mode: ParticipationMode;
  @Field(() => [TimeSlot], { description: 'when it takes place; empty: any time' }) slots: TimeSlot[];
  @Field(() => OfferStatus) status: OfferStatus;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'when it was first published (DRAFT to OPEN)' }) publishedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'when it was closed' }) closedAt: Date | null;
  /** created_at to the microsecond (ISO, UTC): the keyset of lists; not a field */
  cursorAt: string;
  /** what the list's own statement read with the offer (OfferService.list): `organization` answers from here; not a field */
  read?: { organization?: Organization };
}

@ObjectType()
export class OfferEdge {
  @Field() cursor: string;
  @Field(() => Offer) node: Offer;
}

@ObjectType()
export class OfferConnection {
  @Field(() => [OfferEdge]) edges: OfferEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}
