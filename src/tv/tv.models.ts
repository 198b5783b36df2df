import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '../common/graphql/pagination.js';
import { Platform } from '../graph/graph.enums.js';

@ObjectType({ description: '地福TVの番組: 回 (episodes) は platform TV のイベント' })
export class Program {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType()
export class Comment {
  @Field(() => ID) id: string;
  @Field({ description: "the author's display name; a student's name shows only to the student and coordinators" }) authorName: string;
  @Field() text: string;
  @Field(() => Int, { nullable: true, description: 'seconds into the replay, for a comment on a moment' }) atSecond: number | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field({ description: 'true when a coordinator hid it (only coordinators still see it)' }) hidden: boolean;
  @Field({ description: "true for the viewer's own comment" }) mine: boolean;
  eventId: string;
}

@ObjectType()
export class CommentEdge {
  @Field() cursor: string;
  @Field(() => Comment) node: Comment;
}

@ObjectType()
export class CommentConnection {
  @Field(() => [CommentEdge]) edges: CommentEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

export enum ActivityKind {
  EVENT_SCHEDULED = 'EVENT_SCHEDULED',
  JOINT_ACTION_STARTED = 'JOINT_ACTION_STARTED',
  PERSPECTIVE_HIGHLIGHTED = 'PERSPECTIVE_HIGHLIGHTED',
  SCENARIO_OPENED = 'SCENARIO_OPENED',
  EPISODE_PUBLISHED = 'EPISODE_PUBLISHED',
  DISASTER_DECLARED = 'DISASTER_DECLARED',
}
registerEnumType(ActivityKind, {
  name: 'ActivityKind',
  valuesMap: {
    EVENT_SCHEDULED: { description: 'イベントの予定' },
    JOINT_ACTION_STARTED: { description: '協働アクションの開始 (題名のみ)' },
    PERSPECTIVE_HIGHLIGHTED: { description: '注目の視点' },
    SCENARIO_OPENED: { description: 'もしもシナリオの公開' },
    EPISODE_PUBLISHED: { description: '地福TVの番組回' },
    DISASTER_DECLARED: { description: 'みんなのもしも: 災害対応（または防災訓練）の開始 (題名と地区のみ)' },
  },
});

/** Japanese labels of the kinds, for clients and the feeds. */
export const ACTIVITY_LABELS: Record<ActivityKind, string> = {
  EVENT_SCHEDULED: 'イベントの予定',
  JOINT_ACTION_STARTED: '協働アクションが始まりました',
  PERSPECTIVE_HIGHLIGHTED: '注目の視点',
  SCENARIO_OPENED: 'もしもシナリオが公開されました',
  EPISODE_PUBLISHED: '地福TVの新しい回',
  DISASTER_DECLARED: '災害対応・防災訓練の開始',
};

@ObjectType({ description: 'One line of the cross-platform feed that 地福TV spreads.' })
export class Activity {
  @Field(() => ID) id: string;
  @Field(() => ActivityKind) kind: ActivityKind;
  @Field(() => Platform) platform: Platform;
  @Field() title: string;
  @Field({ description: 'Japanese label of the kind, e.g. イベントの予定' }) label: string;
  @Field(() => GraphQLISODateTime) occurredAt: Date;
  eventId: string | null;
  jointActionId: string | null;
}

@ObjectType()
export class ActivityEdge {
  @Field() cursor: string;
  @Field(() => Activity) node: Activity;
}

@ObjectType()
export class ActivityConnection {
  @Field(() => [ActivityEdge]) edges: ActivityEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType({ description: "an episode's reach, for the city's reports (coordinators)" })
export class EpisodeReach {
  @Field(() => ID) eventId: string;
  @Field(() => Int, { description: 'people who registered (joined the episode)' }) registeredViewers: number;
  @Field(() => Int, { description: 'comments, hidden ones included' }) comments: number;
  @Field(() => Int, { description: 'comments hidden by coordinators' }) hiddenComments: number;
  @Field(() => Int, { description: 'different people who commented' }) commenters: number;
}

@ObjectType({ description: "one month of a platform's participation (Asia/Tokyo months)" })
export class ParticipationPoint {
  @Field(() => Platform) platform: Platform;
  @Field({ description: 'YYYY-MM (Asia/Tokyo)' }) month: string;
  @Field(() => Int, { description: 'events starting in the month' }) events: number;
  @Field(() => Int, { description: 'joined participations in those events' }) participations: number;
  @Field(() => Int, { description: 'different people who joined them' }) participants: number;
}
