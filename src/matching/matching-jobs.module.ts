import { Module } from '@nestjs/common';
import { ThemesModule } from '../graph/themes.module.js';
import { MatchingTriggerModule } from './matching-trigger.module.js';
import { JointActionExpiryProcessor } from './replies/jobs/joint-action-expiry.processor.js';
import { JointActionInvitedProcessor } from './replies/jobs/joint-action-invited.processor.js';
import { MatchingRunProcessor } from './run/matching-run.processor.js';
import { EngineThreadLifecycle } from './run/run-engine.js';

/** The worker side of matching: the run, and the joint actions' invitations and deadlines. */
@Module({
  imports: [MatchingTriggerModule, ThemesModule],
  providers: [EngineThreadLifecycle, MatchingRunProcessor, JointActionInvitedProcessor, JointActionExpiryProcessor],
})
export class MatchingJobsModule {}
