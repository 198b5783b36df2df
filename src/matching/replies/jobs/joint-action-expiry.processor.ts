import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { WorkerProcessor, type JobProcessor } from '../../../common/queue/job-processor.js';
import { JOB_ID, type JobPayloads } from '../../../common/queue/jobs.js';
import { JobsService } from '../../../common/queue/jobs.service.js';
import { acknowledgeJob } from '../../../common/queue/outbox.js';
import { MatchingTrigger } from '../../matching-trigger.service.js';
import { lockJointAction, settleAtDeadline } from '../lifecycle.js';

/**
 * A joint action's deadline: a delayed job recorded with the approval (and again when a refill
 * moves the deadline: each deadline has its own job id), so it survives restarts and lost queues
 * like every job. Under the joint action's lock: a deadline that moved later is not this job's
 * (the later job settles it), a joint action already settled is left alone; otherwise pending
 * invitations lapse and it is confirmed or cancelled (lifecycle.ts). The job is acknowledged in
 * the same transaction, so several workers, retries or a re-queued job settle it once.
 */
@Injectable()
@WorkerProcessor()
export class JointActionExpiryProcessor implements JobProcessor<'joint-action-expiry'> {
  readonly job = 'joint-action-expiry' as const;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly matching: MatchingTrigger,
    private readonly jobs: JobsService,
  ) {}

  async process(payload: JobPayloads['joint-action-expiry'], _job?: Job): Promise<'settled' | 'not-due' | 'moved' | 'already-settled' | 'unknown'> {
    const outcome = await this.db.transaction(async (tx) => {
      const ja = await lockJointAction(tx, payload.jointActionId);
      const done = () => acknowledgeJob(tx, JOB_ID['joint-action-expiry'](payload));
      if (!ja) return (await done(), 'unknown' as const);
      if (ja.respondBy.getTime() > payload.respondBy) return (await done(), 'moved' as const);
      // a job run early (a clock ahead of the database's) waits for the deadline: retried, not acknowledged
      if (ja.respondBy.getTime() > Date.now()) return 'not-due' as const;
      const freed = await settleAtDeadline(tx, ja);
      if (freed) await this.matching.changedIn(tx, 'PLACE_FREED');
      await done();
      return freed === null ? ('already-settled' as const) : ('settled' as const);
    });
    if (outcome === 'not-due') throw new Error('joint action deadline not reached yet: retried later');
    this.jobs.relaySoon();
    return outcome;
  }
}
