import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { ThemeService } from '../graph/theme.service.js';
import { IdentityModule } from '../identity/identity.module.js';
import { CommitteeController } from './committee.controller.js';
import { CommitteeEventResolver, CommitteeResolver, CommitteeUserResolver, PerspectiveResolver } from './committee.resolver.js';
import { CommitteeService } from './committee.service.js';
import { OpinionGroupsProcessor } from './jobs/opinion-groups.processor.js';
import { PerspectiveMapService } from './perspective-map.service.js';

/** つどう・新地福委員会: agendas, minutes, perspectives, stances, the perspective map and its files. */
@Module({
  imports: [GraphModule, IdentityModule],
  controllers: [CommitteeController],
  providers: [CommitteeService, PerspectiveMapService, CommitteeResolver, PerspectiveResolver, CommitteeEventResolver, CommitteeUserResolver],
  exports: [CommitteeService, PerspectiveMapService],
})
export class CommitteeModule {}

/** The committee's job processors, for the worker (no GraphQL, no HTTP). */
@Module({
  providers: [ThemeService, CommitteeService, PerspectiveMapService, OpinionGroupsProcessor],
  exports: [OpinionGroupsProcessor],
})
export class CommitteeJobsModule {}
