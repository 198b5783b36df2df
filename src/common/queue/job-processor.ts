import type { Job } from 'bullmq';
import type { JobName, JobPayloads } from './jobs.js';

/**
 * One processor per job. It receives ids, re-reads the state from PostgreSQL, and returns early
 * when the work is already done, so that a job run twice (retry, stalled worker) does it once.
 */
export interface JobProcessor<N extends JobName = JobName> {
  readonly job: N;
  process(payload: JobPayloads[N], job: Job<JobPayloads[N]>): Promise<unknown>;
}

export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');
