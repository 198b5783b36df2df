import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { userIdOf, type Viewer } from '../common/graphql/context.js';
import { PageArgs, type Page } from '../common/graphql/pagination.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { Notification, NotificationConnection } from './graph.models.js';
import { NotificationService } from './notification.service.js';

@Resolver(() => Notification)
export class NotificationResolver {
  constructor(private readonly notifications: NotificationService) {}

  @Roles()
  @Query(() => NotificationConnection, { description: "the caller's notifications, newest first" })
  myNotifications(
    @CurrentViewer() viewer: Viewer,
    @Args() page: PageArgs,
    @Args('unreadOnly', { type: () => Boolean, nullable: true, defaultValue: false }) unreadOnly: boolean,
  ): Promise<Page<Notification>> {
    return this.notifications.listFor(userIdOf(viewer), page, unreadOnly);
  }

  @Roles()
  @Mutation(() => Notification)
  markNotificationRead(@Args('id', { type: () => ID }) id: string, @CurrentViewer() viewer: Viewer): Promise<Notification> {
    return this.notifications.markRead(userIdOf(viewer), id);
  }
}
