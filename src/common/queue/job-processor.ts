import { DiscoveryService } from '@nestjs/core';
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

/**
 * Marks a provider as a JobProcessor that the worker runs. The worker finds every marked provider
 * of its modules at start-up (worker-host.service.ts), so a new processor is added in one place: its
 * module's providers, with this decorator. The worker refuses to start when a job has no processor.
 */
export const WorkerProcessor = DiscoveryService.createDecorator<undefined>();
