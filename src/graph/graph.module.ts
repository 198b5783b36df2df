import { Module } from '@nestjs/common';
import { EventResolver } from './event.resolver.js';
import { EventService } from './event.service.js';
import { GraphPersonalData } from './graph-personal-data.js';
import { WaitlistPromotedProcessor } from './jobs/waitlist-promoted.processor.js';
import { NotificationResolver } from './notification.resolver.js';
import { NotificationService } from './notification.service.js';
import { OrganizationService } from './organization.service.js';
import { ThemeResolver } from './theme.resolver.js';
import { ThemesModule } from './themes.module.js';

/** The shared graph: themes, organisations, events of all four platforms, notifications. */
@Module({
  // ThemesModule is re-exported: importers of GraphModule get its one ThemeService
  imports: [ThemesModule],
  providers: [EventService, OrganizationService, NotificationService, EventResolver, ThemeResolver, NotificationResolver, GraphPersonalData],
  exports: [EventService, OrganizationService, ThemesModule, NotificationService],
})
export class GraphModule {}

/** The graph's job processors, for the worker. */
@Module({ providers: [WaitlistPromotedProcessor], exports: [WaitlistPromotedProcessor] })
export class GraphJobsModule {}
