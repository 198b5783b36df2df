import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/graphql/pagination.js';
import { OrganizationKind, ParticipantStatus, ParticipationMode, Platform } from './graph.enums.js';

@ObjectType()
export class Theme {
  @Field({ description: 'stable key, e.g. disaster' }) key: string;
  @Field({ description: 'Japanese label, e.g. 防災' }) label: string;
}

@ObjectType()
export class Organization {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => OrganizationKind) kind: OrganizationKind;
  @Field(() => String, { nullable: true }) area: string | null;
  @Field() description: string;
  @Field() verified: boolean;
}

@ObjectType()
export class Event {
  @Field(() => ID) id: string;
  @Field(() => Platform) platform: Platform;
  @Field() title: string;
  @Field() description: string;
  @Field(() => GraphQLISODateTime) startsAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) endsAt: Date | null;
  @Field(() => ParticipationMode) mode: ParticipationMode;
  @Field(() => String, { nullable: true }) location: string | null;
  @Field(() => String, { nullable: true }) onlineUrl: string | null;
  @Field(() => Int, { nullable: true }) capacity: number | null;
  @Field(() => Int, { description: 'people who have joined (not counting the waiting list)' }) participantCount: number;
  hostOrganizationId: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

/** Resolved fields of Event (host, viewerIsParticipant, viewerStatus, waitlistCount) live on EventResolver. */

@ObjectType()
export class EventEdge {
  @Field() cursor: string;
  @Field(() => Event) node: Event;
}

@ObjectType()
export class EventConnection {
  @Field(() => [EventEdge]) edges: EventEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@ObjectType()
export class Notification {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() title: string;
  @Field() body: string;
  @Field(() => ID, { nullable: true }) eventId: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) readAt: Date | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType()
export class NotificationEdge {
  @Field() cursor: string;
  @Field(() => Notification) node: Notification;
}

@ObjectType()
export class NotificationConnection {
  @Field(() => [NotificationEdge]) edges: NotificationEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}
