import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventEntity, EventParticipantEntity } from './event.entity.js';
import { EventResolver } from './event.resolver.js';
import { EventService } from './event.service.js';
import { GraphPersonalData } from './graph-personal-data.js';
import { WaitlistPromotedProcessor } from './jobs/waitlist-promoted.processor.js';
import { NotificationEntity } from './notification.entity.js';
import { NotificationResolver } from './notification.resolver.js';
import { NotificationService } from './notification.service.js';
import { OrganizationEntity, OrganizationMemberEntity } from './organization.entity.js';
import { OrganizationService } from './organization.service.js';
import { ThemeEntity } from './theme.entity.js';
import { ThemeResolver } from './theme.resolver.js';
import { ThemesModule } from './themes.module.js';

/**
 * The graph's entities, registered by both its modules: the API and the worker each load the
 * entities of the modules they import (autoLoadEntities), and ThemeService reads ThemeEntity in both.
 */
const GRAPH_ENTITIES = TypeOrmModule.forFeature([OrganizationEntity, OrganizationMemberEntity, ThemeEntity, EventEntity, EventParticipantEntity, NotificationEntity]);

/** The shared graph: themes, organisations, events of all four platforms, notifications. */
@Module({
  // ThemesModule is re-exported: importers of GraphModule get its one ThemeService
  imports: [GRAPH_ENTITIES, ThemesModule],
  providers: [EventService, OrganizationService, NotificationService, EventResolver, ThemeResolver, NotificationResolver, GraphPersonalData],
  exports: [EventService, OrganizationService, ThemesModule, NotificationService],
})
export class GraphModule {}

/** The graph's job processors, for the worker. */
@Module({ imports: [GRAPH_ENTITIES], providers: [WaitlistPromotedProcessor] })
export class GraphJobsModule {}
