import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/graphql/pagination.js';
import { Generation, Sector } from './committee.enums.js';

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

@ObjectType()
export class OpinionGroup {
  @Field(() => Int) id: number;
  @Field(() => Int, { description: 'participants in the group; groups under 3 people are never formed' }) size: number;
  @Field(() => [Perspective], { description: 'the perspectives that set this group apart' }) representative: Perspective[];
}

@ObjectType({ description: '見える化 and 言語化 of a dialogue: what was said, by whom (in aggregate), where people agree.' })
export class PerspectiveMap {
  @Field(() => Int) perspectives: number;
  @Field(() => Int, { description: 'people who posted or took a stance' }) participants: number;
  @Field(() => [ThemeCount]) byTheme: ThemeCount[];
  @Field(() => [GenerationCount]) byGeneration: GenerationCount[];
  @Field(() => [SectorCount]) bySector: SectorCount[];
  @Field(() => [KeywordCount]) keywords: KeywordCount[];
  @Field(() => [Perspective], { description: 'agreed on across opinion groups' }) consensus: Perspective[];
  @Field(() => [Perspective], { description: 'agreed by some groups, rejected by others' }) divisive: Perspective[];
  @Field(() => [OpinionGroup]) opinionGroups: OpinionGroup[];
  @Field({ description: 'a short Japanese summary built from the above' }) summary: string;
  @Field({ description: 'true while the opinion groups of a large map are being computed on the worker (the groups shown are older or empty)' })
  groupsPending: boolean;
}
