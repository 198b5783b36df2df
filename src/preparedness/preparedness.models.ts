import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/graphql/pagination.js';
import { ProposalStatus } from '../matching/matching.enums.js';
import { TimeSlot } from '../lib/slots/slots.js';
import { PreparednessTopic, SupportKind } from './preparedness.enums.js';

@ObjectType({ description: "A 'what if' card that opens a dialogue, e.g. もし夜中に避難指示が出たら？" })
export class Scenario {
  @Field(() => ID) id: string;
  @Field(() => PreparednessTopic) topic: PreparednessTopic;
  @Field() title: string;
  @Field() prompt: string;
  @Field(() => Int) responseCount: number;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType()
export class ScenarioResponse {
  @Field(() => ID) id: string;
  @Field() text: string;
  @Field(() => [SupportKind]) needs: SupportKind[];
  @Field(() => [SupportKind]) canHelpWith: SupportKind[];
  @Field(() => String, { nullable: true, description: 'null when anonymous (coordinators still see it)' }) authorName: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field({ description: 'given after a drill of this scenario took place' }) afterDrill: boolean;
}

@ObjectType()
export class ScenarioResponseEdge {
  @Field() cursor: string;
  @Field(() => ScenarioResponse) node: ScenarioResponse;
}

@ObjectType()
export class ScenarioResponseConnection {
  @Field(() => [ScenarioResponseEdge]) edges: ScenarioResponseEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType({ description: 'people saying they would need (or could give) one kind of help in one area' })
export class SupportTally {
  @Field(() => SupportKind) kind: SupportKind;
  @Field(() => String, { nullable: true, description: "the responders' area; null gathers the areas too small to show alone" }) area: string | null;
  @Field(() => Int, { nullable: true, description: 'null when fewer than 3 people (suppressed: it could identify someone)' }) count: number | null;
  @Field() suppressed: boolean;
}

@ObjectType({ description: "a scenario's needs and offers of help, by kind and area (small counts suppressed)" })
export class ScenarioAggregates {
  @Field(() => Int) responses: number;
  @Field(() => Int, { description: 'responses given after a drill of this scenario' }) responsesAfterDrills: number;
  @Field(() => [SupportTally]) needs: SupportTally[];
  @Field(() => [SupportTally]) offers: SupportTally[];
}

@ObjectType()
export class PlanItem {
  @Field() key: string;
  @Field() label: string;
  @Field() done: boolean;
}

@ObjectType({ description: "A person's own もしもプラン checklist." })
export class PreparednessPlan {
  @Field(() => [PlanItem]) items: PlanItem[];
  @Field(() => Float, { description: '0 to 1' }) progress: number;
}

@ObjectType()
export class SupportPledge {
  @Field(() => ID) id: string;
  helperId: string;
  @Field(() => [SupportKind]) kinds: SupportKind[];
  @Field() area: string;
  @Field(() => [TimeSlot]) slots: TimeSlot[];
  @Field() active: boolean;
}

@ObjectType({ description: 'Someone who would need help; registered by a coordinator with that person\'s consent. Coordinators only.' })
export class SupportNeed {
  @Field(() => ID) id: string;
  @Field({ description: "a pseudonym, never the person's name" }) label: string;
  @Field(() => [SupportKind]) kinds: SupportKind[];
  @Field() area: string;
  @Field(() => [TimeSlot]) slots: TimeSlot[];
  @Field({ description: 'the person agrees to be matched with helpers' }) consent: boolean;
  @Field(() => Int, { description: 'how many approved helpers this person should have; 2 unless set' }) helpersWanted: number;
}

@ObjectType()
export class SupportPairing {
  @Field(() => ID) id: string;
  pledgeId: string;
  needId: string;
  runId: string;
  @Field(() => [SupportKind], { description: 'the kinds of help this helper gives' }) kinds: SupportKind[];
  @Field(() => Float) score: number;
  @Field(() => [String]) reasons: string[];
  @Field(() => ProposalStatus) status: ProposalStatus;
  @Field(() => ID, { nullable: true, description: 'the drill event of an approved pairing' }) drillEventId: string | null;
}

@ObjectType()
export class SupportNeedImportResult {
  @Field(() => Int) created: number;
  @Field(() => Int, { description: 'rows whose register number was already known: updated' }) updated: number;
  @Field(() => Int, { description: 'rows without consent: not imported' }) skipped: number;
  @Field(() => Int, { description: 'known register numbers whose consent the file withdraws' }) consentWithdrawn: number;
}
