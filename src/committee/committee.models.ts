import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/graphql/pagination.js';
import { Generation, Sector, StanceDirection } from './committee.enums.js';

@ObjectType()
export class AgendaItem {
  @Field(() => ID) id: string;
  eventId: string;
  @Field() title: string;
  @Field(() => Int) position: number;
}

/** A perspective row; the author, counts and viewer's stance are resolved per viewer (CommitteeResolver). */
@ObjectType({ description: 'A viewpoint voiced in a committee dialogue (視点).' })
export class Perspective {
  @Field(() => ID) id: string;
  eventId: string;
  agendaItemId: string | null;
  authorId: string | null;
  anonymous: boolean;
  @Field() text: string;
  @Field(() => [String], { description: 'theme keys (Query.themes)' }) themes: string[];
  @Field(() => GraphQLISODateTime) createdAt: Date;
  /** when a coordinator made it public on 地福TV's feed (PerspectiveResolver.highlighted) */
  highlightedAt?: Date | null;
}

@ObjectType()
export class PerspectiveEdge {
  @Field() cursor: string;
  @Field(() => Perspective) node: Perspective;
}

@ObjectType()
export class PerspectiveConnection {
  @Field(() => [PerspectiveEdge]) edges: PerspectiveEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType()
export class ThemeCount {
  @Field() theme: string;
  @Field({ description: 'Japanese label of the theme' }) label: string;
  @Field(() => Int, { description: 'perspectives with this theme' }) count: number;
}

@ObjectType()
export class GenerationCount {
  @Field(() => Generation, { nullable: true, description: 'null: not declared, or merged because fewer than 3 people would be shown' })
  generation: Generation | null;
  @Field(() => Int, { description: 'participants; never fewer than 3' }) count: number;
}

@ObjectType()
export class SectorCount {
  @Field(() => Sector, { nullable: true, description: 'null: not declared, or merged because fewer than 3 people would be shown' })
  sector: Sector | null;
  @Field(() => Int, { description: 'participants; never fewer than 3' }) count: number;
}

@ObjectType()
export class KeywordCount {
  @Field() term: string;
  @Field(() => Int, { description: 'perspectives in which the term occurs' }) count: number;
}

@ObjectType({ description: 'Why a perspective stands for an opinion group.' })
export class RepresentativeStance {
  @Field(() => Perspective) perspective: Perspective;
  @Field(() => StanceDirection, { description: 'whether the group agrees or disagrees with it more than the others do' }) direction: StanceDirection;
  @Field(() => Float, { description: '(n + 1) / (seen + 2) of the group members who saw it, in that direction' }) groupRate: number;
  @Field(() => Float, { description: 'the same rate among everyone outside the group who took a stance on it' }) otherRate: number;
  @Field(() => Float, { description: 'one-sided z of the difference between the two rates (two-proportion test, counts + 1 as in Polis); every representative has z > 1.2816 (90 %)' })
  z: number;
}

@ObjectType({ description: 'A perspective with the agreement behind a consensus list.' })
export class ConsensusStance {
  @Field(() => Perspective) perspective: Perspective;
  @Field(() => Float, { description: 'group-informed consensus: the product over the groups of (agrees + 1) / (seen + 2)' }) score: number;
}

@ObjectType({ description: "One participant's place on the map: anonymous, no id, only for participants that were clustered." })
export class MapPoint {
  @Field(() => Float) x: number;
  @Field(() => Float) y: number;
  @Field(() => Int, { description: 'OpinionGroup.id' }) group: number;
}

@ObjectType()
export class OpinionGroup {
  @Field(() => Int) id: number;
  @Field(() => Int, { description: 'participants in the group; groups under 3 people are never formed' }) size: number;
  @Field(() => [Perspective], { description: 'the perspectives that set this group apart (those of representativeStances)' }) representative: Perspective[];
  @Field(() => [RepresentativeStance], { description: 'up to 5, the strongest first, each with its statistics; only statements that pass both of Polis\'s tests at 90 %' })
  representativeStances: RepresentativeStance[];
  @Field({ description: "a short Japanese label built from the group's representative perspectives" }) label: string;
}

@ObjectType({ description: '見える化 and 言語化 of a dialogue: what was said, by whom (in aggregate), where people agree.' })
export class PerspectiveMap {
  @Field(() => Int) perspectives: number;
  @Field(() => Int, { description: 'people who posted or took a stance' }) participants: number;
  @Field(() => [ThemeCount]) byTheme: ThemeCount[];
  @Field(() => [GenerationCount]) byGeneration: GenerationCount[];
  @Field(() => [SectorCount]) bySector: SectorCount[];
  @Field(() => [KeywordCount], { description: 'content words (nouns and their compounds) by the number of perspectives they occur in' }) keywords: KeywordCount[];
  @Field(() => [Perspective], { description: 'agreed on across opinion groups: a majority in every group, significant at 90 % (may be empty; consensusRanked never is)' })
  consensus: Perspective[];
  @Field(() => [Perspective], { description: 'agreed by some groups, rejected by others (significantly), by the spread of agreement between groups' }) divisive: Perspective[];
  @Field(() => [OpinionGroup]) opinionGroups: OpinionGroup[];
  @Field({ description: 'a short Japanese summary built from the above' }) summary: string;
  @Field({ description: 'true while the opinion groups of a large map are being computed on the worker (the statistics shown are those of computedAt, or empty)' })
  groupsPending: boolean;
  @Field(() => Int, { description: 'participants with enough stances to be placed on the map and grouped' }) clusteredParticipants: number;
  @Field(() => Int, { description: 'the fewest stances a participant needs to be grouped: min(7, perspectives)' }) minStancesToCluster: number;
  @Field(() => [ConsensusStance], { description: 'group-informed consensus, highest first (at most 20); never empty while any perspective has a stance' })
  consensusRanked: ConsensusStance[];
  @Field(() => [ConsensusStance], { description: 'agreed across every generation that took part: the same measure over the self-declared generations with at least 3 people (at most 20)' })
  acrossGenerations: ConsensusStance[];
  @Field(() => [MapPoint], { description: 'the participants on two axes of their stances, coloured by group; empty under 7 clustered participants or without groups' })
  points: MapPoint[];
  @Field({ description: 'a hash of the inputs and the method: equal maps have equal fingerprints' }) fingerprint: string;
  @Field(() => GraphQLISODateTime, { description: 'when these statistics were computed (maps of the same fingerprint are served from a cache)' }) computedAt: Date;
}
