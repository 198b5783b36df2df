import { Module } from '@nestjs/common';
import { EventResolver } from './event.resolver.js';
import { EventService } from './event.service.js';
import { GraphPersonalData } from './graph-personal-data.js';
import { WaitlistPromotedProcessor } from './jobs/waitlist-promoted.processor.js';
import { NotificationResolver } from './notification.resolver.js';
import { NotificationService } from './notification.service.js';
import { OrganizationService } from './organization.service.js';
import { ThemeResolver } from './theme.resolver.js';
import { ThemeService } from './theme.service.js';

/** The shared graph: themes, organisations, events of all four platforms, notifications. */
@Module({
  providers: [EventService, OrganizationService, ThemeService, NotificationService, EventResolver, ThemeResolver, NotificationResolver, GraphPersonalData],
  exports: [EventService, OrganizationService, ThemeService, NotificationService],
})
export class GraphModule {}

/** The graph's job processors, for the worker. */
@Module({ providers: [WaitlistPromotedProcessor], exports: [WaitlistPromotedProcessor] })
export class GraphJobsModule {}
