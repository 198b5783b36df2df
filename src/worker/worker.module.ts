import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { AppConfig } from '../common/config/config.js';
import { CommitteeJobsModule } from '../committee/committee.module.js';
import { CoreModule } from '../common/core.module.js';
import { GraphJobsModule } from '../graph/graph.module.js';
import { MatchingJobsModule } from '../matching/matching-jobs.module.js';
import { PreparednessJobsModule } from '../preparedness/preparedness.module.js';
import { WorkerHost } from './worker-host.service.js';

/**
 * The worker process: the shared core and each module's jobs module, no GraphQL and no HTTP. The
 * host finds the processors (@WorkerProcessor()) in those modules itself.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), DiscoveryModule, GraphJobsModule, MatchingJobsModule, CommitteeJobsModule, PreparednessJobsModule],
      providers: [WorkerHost],
    };
  }
}
