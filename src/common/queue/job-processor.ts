import type { Job } from 'bullmq';
import type { JobName, JobPayloads } from './jobs.js';

/**
 * One processor per job. It receives ids, re-reads the state from PostgreSQL, and returns early
 * when the work is already done, so that a job run twice (retry, stalled worker, a job queued
 * again by the outbox relay) does it once. When `process` returns, the worker host acknowledges
 * the job's outbox row; a processor that writes its result in one transaction may acknowledge
 * there already (`acknowledgeJob` in outbox.ts), so that a crash between the two cannot re-run it.
 */
export interface JobProcessor<N extends JobName = JobName> {
  readonly job: N;
  process(payload: JobPayloads[N], job: Job<JobPayloads[N]>): Promise<unknown>;
}

export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');
