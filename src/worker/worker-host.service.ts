import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Worker, type Job, type WorkerOptions } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';
import { WorkerProcessor, type JobProcessor } from '../common/queue/job-processor.js';
import { JOB_QUEUE, QUEUES, type JobName, type QueueName } from '../common/queue/jobs.js';
import { acknowledgeJob, recordJobFailure } from '../common/queue/outbox.js';
import { queueArgs } from '../common/queue/queue-connection.js';

/**
 * How a worker holds its jobs, and what happens to the jobs of a worker that dies (SIGKILL, OOM,
 * a lost machine). Explicit rather than BullMQ's defaults, and documented in the README:
 *
 * - `lockDuration` = JOB_LOCK_MS (30 s): a job is held under a lock that the worker renews every
 *   half of it while the processor runs (the matching engine runs in a thread, so even a long,
 *   CPU-bound run keeps renewing). A dead worker stops renewing.
 * - `stalledInterval` = JOB_LOCK_MS: every worker checks this often for active jobs whose lock
 *   lapsed ("stalled") and moves them back to waiting, where any worker takes them: a dead
 *   worker's job is running again within about two JOB_LOCK_MS. Processors are idempotent
 *   (nothing is written before one final transaction, or one deduplicated statement), so the
 *   second run does the work once.
 * - `maxStalledCount` = 2: a job that stalls a third time (it kills its worker each time, say) is
 *   failed for good instead of taking down worker after worker; its outbox row records the failure.
 * - `attempts` = 5 with exponential backoff from 1 s (jobs.service.ts): a processor that throws is
 *   retried; after the fifth failure the job is failed for good, and its outbox row marked failed.
 */
export function workerSettings(config: Pick<AppConfig, 'jobLockMs'>, queue: QueueName): Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> {
  return {
    // matching runs are CPU-bound: one at a time per worker process
    concurrency: queue === QUEUES.matching ? 1 : 4,
    lockDuration: config.jobLockMs,
    stalledInterval: config.jobLockMs,
    maxStalledCount: 2,
  };
}

/**
 * Runs one BullMQ Worker per queue and hands each job to its processor by name. When a processor
 * returns, the job's outbox row is acknowledged (done: the relay never queues it again) before
 * BullMQ records the completion; a job that fails for good is marked failed there too.
 */
@Injectable()
export class WorkerHost implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly workers: Worker[] = [];
  private readonly byJob = new Map<JobName, JobProcessor>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Every @WorkerProcessor() of the worker's modules, by job; each job must have exactly one. */
  onModuleInit(): void {
    const seen = new Set<unknown>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: WorkerProcessor.KEY })) {
      // a class provided by two modules is two instances of one processor
      if (!wrapper.instance || seen.has(wrapper.metatype)) continue;
      seen.add(wrapper.metatype);
      const processor = wrapper.instance as JobProcessor;
      if (this.byJob.has(processor.job)) throw new Error(`two processors for job ${processor.job}: ${this.byJob.get(processor.job)!.constructor.name} and ${wrapper.name}`);
      this.byJob.set(processor.job, processor);
    }
    const missing = (Object.keys(JOB_QUEUE) as JobName[]).filter((name) => !this.byJob.has(name));
    if (missing.length) throw new Error(`no processor for jobs: ${missing.join(', ')}`);
  }

  onApplicationBootstrap(): void {
    const queues = new Set<QueueName>(Object.values(JOB_QUEUE));
    for (const name of queues) {
      const { opts, factory } = queueArgs(this.config, 'worker');
      const worker = new Worker(name, (job) => this.process(job), { ...opts, ...workerSettings(this.config, name) }, factory);
      // ids only: job data never reaches the logs
      worker.on('completed', (job, result) => this.logger.log(`job ${job.name} ${job.id} done: ${JSON.stringify(result)}`));
      worker.on('failed', (job, err) => void this.failed(job, err));
      // a dead worker's job, taken back to waiting (a job failed for stalling too often is recorded by the outbox relay)
      worker.on('stalled', (jobId) => this.logger.warn(`job ${jobId} stalled (its worker stopped renewing the lock): queued again`));
      worker.on('error', (err) => this.logger.warn(`worker ${name}: ${err.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`processing queues: ${[...queues].join(', ')}`);
  }

  private async process(job: Job): Promise<unknown> {
    const processor = this.byJob.get(job.name as JobName);
    if (!processor) throw new Error(`unknown job ${job.name}`);
    const result = await processor.process(job.data as never, job as never);
    // a failure here fails the attempt: BullMQ retries it, and the idempotent processor finds it done
    if (job.id) await acknowledgeJob(this.db, job.id, job.attemptsMade + 1);
    return result;
  }

  private async failed(job: Job | undefined, err: Error): Promise<void> {
    // for good when BullMQ will not try again: it then sets finishedOn (attempts spent, an unrecoverable error, stalled too often)
    const final = !!job && (!!job.finishedOn || job.attemptsMade >= (job.opts.attempts ?? 1));
    this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}${final ? ', final' : ''}): ${err.message}`);
    if (!job?.id) return;
    try {
      await recordJobFailure(this.db, job.id, err.message, job.attemptsMade, final);
    } catch (e) {
      // the relay finds the job failed in BullMQ later and records it then
      this.logger.warn(`job ${job.id}: failure not recorded in the outbox: ${e instanceof Error ? e.message : e}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
  }
}
