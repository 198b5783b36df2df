import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JOB_ID, JOB_QUEUE, type JobName, type JobPayloads, type QueueName } from './jobs.js';
import { queueArgs, queueBackendKind, type QueueBackendKind } from './queue-connection.js';

/** Puts jobs on their queues. The API and the worker both produce; only the worker consumes. */
@Injectable()
export class JobsService implements OnModuleDestroy {
  private readonly logger = new Logger(JobsService.name);
  private readonly queues = new Map<QueueName, Queue>();

  readonly backend: QueueBackendKind;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.backend = queueBackendKind(config);
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      const { opts, factory } = queueArgs(this.config, 'producer');
      queue = new Queue(name, { ...opts, defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 5000 } }, factory);
      queue.on('error', (err) => this.logger.warn(`queue ${name}: ${err.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Queues a job under its deterministic id. The cause is already committed in PostgreSQL; when
   * the queue backend is down the job is logged as not queued rather than failing the request.
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

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.queues.clear();
  }
}
