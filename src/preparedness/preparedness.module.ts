import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { TvModule } from '../tv/tv.module.js';
import { PreparednessController } from './preparedness.controller.js';
import { PreparednessPersonalData } from './preparedness-personal-data.js';
import { PREPAREDNESS_RESOLVERS } from './preparedness.resolver.js';
import { PreparednessService } from './preparedness.service.js';
import { SupportMatchingRunProcessor } from './run/support-matching-run.processor.js';
import { SupportService } from './support.service.js';

/** そなえる・みんなのもしも: scenarios, もしもプラン (and its PDF), pledges, needs, pairings, drills. */
@Module({
  // TvModule: an opened scenario is a line of 地福TV's feed, recorded in the scenario's transaction
  imports: [GraphModule, IdentityModule, TvModule],
  controllers: [PreparednessController],
  providers: [PreparednessService, SupportService, PreparednessPersonalData, ...PREPAREDNESS_RESOLVERS],
})
export class PreparednessModule {}

/** The SUPPORT matching run's processor, for the worker. */
@Module({ providers: [SupportMatchingRunProcessor], exports: [SupportMatchingRunProcessor] })
export class PreparednessJobsModule {}
