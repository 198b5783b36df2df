import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JOB_ID, JOB_QUEUE, type JobName, type JobPayloads, type QueueName } from './jobs.js';
import { recordJob } from './outbox.js';
import { queueArgs, queueBackendKind, type QueueBackendKind } from './queue-connection.js';

/** What every job gets unless it says otherwise: retries with backoff, a bounded history. */
export const DEFAULT_JOB_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 5000 } as const;

/**
 * Puts jobs on their queues. The API and the worker both produce; only the worker consumes.
 *
 * The way to queue a job is `record(tx, …)` inside the transaction of the change that causes it,
 * then `relaySoon()` after the commit: the job is then in PostgreSQL (the outbox), and the relay
 * hands it to BullMQ, now or whenever the queue backend is back, until a worker acknowledges it.
 */
@Injectable()
export class JobsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly queues = new Map<QueueName, Queue>();
  private readonly wakers = new Set<() => void>();

  readonly backend: QueueBackendKind;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.backend = queueBackendKind(config);
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      const { opts, factory } = queueArgs(this.config, 'producer');
      queue = new Queue(name, { ...opts, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS } }, factory);
      queue.on('error', (err) => this.logger.warn(`queue ${name}: ${err.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Records a job in the outbox, in the caller's transaction (so the job exists exactly when the
   * change that caused it does). Nothing reaches the queue backend here: call `relaySoon()` after
   * the commit, or let the relay find it within a second. Returns the job's deterministic id.
   */
  record<N extends JobName>(tx: DataSource | EntityManager, name: N, payload: JobPayloads[N], opts: { delayMs?: number } = {}): Promise<string> {
    return recordJob(tx, name, payload, opts);
  }

  /** After the commit of a transaction that recorded jobs: relay them now, without waiting for the next tick. Never throws. */
  relaySoon(): void {
    for (const wake of this.wakers) wake();
  }

  /** The relay of this process listens here. Returns the way to stop listening. */
  onRelaySoon(wake: () => void): () => void {
    this.wakers.add(wake);
    return () => this.wakers.delete(wake);
  }

  /**
   * Adds a job to its queue directly, bypassing the outbox (a job lost by the backend stays lost):
   * for tools and tests. A failure is logged and answered with false.
   */
  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: { delayMs?: number } = {}): Promise<boolean> {
    const jobId = JOB_ID[name](payload);
    try {
      await this.queue(JOB_QUEUE[name]).add(name, payload, { jobId, delay: opts.delayMs });
      return true;
    } catch (err) {
      this.logger.warn(`job ${name} ${jobId} not queued: ${err instanceof Error ? err.message : err}`);
      return false;
    }
  }

  // after every onModuleDestroy, so that the relay (which stops there) has finished with the queues
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.queues.clear();
  }
}
