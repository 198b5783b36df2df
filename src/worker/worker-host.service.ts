import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';
import { JOB_PROCESSORS, type JobProcessor } from '../common/queue/job-processor.js';
import { JOB_QUEUE, QUEUES, type JobName, type QueueName } from '../common/queue/jobs.js';
import { queueArgs } from '../common/queue/queue-connection.js';

/** Runs one BullMQ Worker per queue and hands each job to its processor by name. */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly workers: Worker[] = [];
  private readonly byJob: Map<JobName, JobProcessor>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_PROCESSORS) processors: JobProcessor[],
  ) {
    this.byJob = new Map(processors.map((p) => [p.job, p]));
    const missing = (Object.keys(JOB_QUEUE) as JobName[]).filter((name) => !this.byJob.has(name));
    if (missing.length) throw new Error(`no processor for jobs: ${missing.join(', ')}`);
  }

  onApplicationBootstrap(): void {
    const queues = new Set<QueueName>(Object.values(JOB_QUEUE));
    for (const name of queues) {
      const { opts, factory } = queueArgs(this.config, 'worker');
      const worker = new Worker(
        name,
        async (job) => {
          const processor = this.byJob.get(job.name as JobName);
          if (!processor) throw new Error(`unknown job ${job.name}`);
          return processor.process(job.data as never, job as never);
        },
        {
          ...opts,
          // matching runs are CPU-bound: one at a time per worker process, and their lock outlives a long run
          concurrency: name === QUEUES.matching ? 1 : 4,
          // a worker that dies mid-job leaves it "stalled": once its lock lapses another worker takes
          // it; processors are idempotent, so running it again does no harm. The engine runs in a
          // thread, so a long run keeps renewing its lock.
          lockDuration: this.config.jobLockMs,
          stalledInterval: this.config.jobLockMs,
          maxStalledCount: 2,
        },
        factory,
      );
      // ids only: job data never reaches the logs
      worker.on('completed', (job, result) => this.logger.log(`job ${job.name} ${job.id} done: ${JSON.stringify(result)}`));
      worker.on('failed', (job, err) => this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`));
      worker.on('error', (err) => this.logger.warn(`worker ${name}: ${err.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`processing queues: ${[...queues].join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
  }
}
