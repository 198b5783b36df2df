import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../common/config/config.js';
import { CommitteeJobsModule } from '../committee/committee.module.js';
import { OpinionGroupsProcessor } from '../committee/jobs/opinion-groups.processor.js';
import { CoreModule } from '../common/core.module.js';
import { JOB_PROCESSORS, type JobProcessor } from '../common/queue/job-processor.js';
import { GraphJobsModule } from '../graph/graph.module.js';
import { WaitlistPromotedProcessor } from '../graph/jobs/waitlist-promoted.processor.js';
import { MatchingJobsModule } from '../matching/matching-jobs.module.js';
import { JointActionExpiryProcessor } from '../matching/replies/jobs/joint-action-expiry.processor.js';
import { JointActionInvitedProcessor } from '../matching/replies/jobs/joint-action-invited.processor.js';
import { MatchingRunProcessor } from '../matching/run/matching-run.processor.js';
import { PreparednessJobsModule } from '../preparedness/preparedness.module.js';
import { DisasterDeclaredProcessor } from '../preparedness/disaster/disaster-declared.processor.js';
import { SupportMatchingRunProcessor } from '../preparedness/run/support-matching-run.processor.js';
import { WorkerHost } from './worker-host.service.js';

/** The worker process: the shared core and the job processors, no GraphQL and no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), GraphJobsModule, MatchingJobsModule, CommitteeJobsModule, PreparednessJobsModule],
      providers: [
        {
          provide: JOB_PROCESSORS,
          inject: [
            WaitlistPromotedProcessor,
            MatchingRunProcessor,
            JointActionInvitedProcessor,
            JointActionExpiryProcessor,
            OpinionGroupsProcessor,
            SupportMatchingRunProcessor,
            DisasterDeclaredProcessor,
          ],
          useFactory: (...processors: JobProcessor[]) => processors,
        },
        WorkerHost,
      ],
    };
  }
}
