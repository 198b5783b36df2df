import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { ThemesModule } from '../graph/themes.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { TvModule } from '../tv/tv.module.js';
import { CommitteeController } from './committee.controller.js';
import { CommitteePersonalData } from './committee-personal-data.js';
import { CommitteeEventResolver, CommitteeResolver, CommitteeUserResolver, PerspectiveResolver } from './committee.resolver.js';
import { CommitteeService } from './committee.service.js';
import { OpinionGroupsProcessor } from './jobs/opinion-groups.processor.js';
import { PerspectiveHighlightService } from './perspective-highlight.service.js';
import { PerspectiveMapCache } from './map/map-cache.js';
import { NextPerspectiveService } from './next-perspective.service.js';
import { PerspectiveMapService } from './perspective-map.service.js';

/** つどう・新地福委員会: agendas, minutes, perspectives, stances, the perspective map and its files. */
@Module({
  // TvModule: a highlighted perspective is a line of 地福TV's feed, recorded in the highlight's transaction
  imports: [GraphModule, IdentityModule, TvModule],
  controllers: [CommitteeController],
  providers: [
    CommitteeService,
    PerspectiveMapService,
    PerspectiveMapCache,
    NextPerspectiveService,
    PerspectiveHighlightService,
    CommitteeResolver,
    PerspectiveResolver,
    CommitteeEventResolver,
    CommitteeUserResolver,
    CommitteePersonalData,
  ],
  exports: [CommitteeService, PerspectiveMapService],
})
export class CommitteeModule {}

/** The committee's job processors, for the worker (no GraphQL, no HTTP). */
@Module({
  imports: [ThemesModule],
  providers: [CommitteeService, PerspectiveMapService, PerspectiveMapCache, OpinionGroupsProcessor],
})
export class CommitteeJobsModule {}
