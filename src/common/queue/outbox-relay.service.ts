import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobsOptions } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { rows } from '../database/sql.js';
import type { QueueName } from './jobs.js';
import { JobsService } from './jobs.service.js';
import { acknowledgeJob, OUTBOX_KEEP_DONE, recordJobFailure } from './outbox.js';

interface OutboxRow {
  jobId: string;
  queue: QueueName;
  name: string;
  payload: Record<string, unknown>;
  runAfter: Date;
  relayedAt: Date | null;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Hands the outbox's jobs to BullMQ until they are acknowledged. One runs in every API and worker
 * process: each tick is one indexed statement that claims due rows (`FOR UPDATE SKIP LOCKED`, so
 * replicas share the work and never take the same row) and pushes their next look forward.
 *
 * - a row never relayed is added under its deterministic id (BullMQ ignores an id it already
 *   holds), with what is left of its delay;
 * - a row relayed but not acknowledged within OUTBOX_ACK_TIMEOUT_MS (counted from when it may run)
 *   is looked up in BullMQ: still waiting, delayed or active → look again later; completed or
 *   failed for good → the worker's acknowledgement was lost, record it now; unknown → BullMQ lost
 *   it (Redis restarted without its data, or was flushed): add it again;
 * - while the backend is down nothing is lost: rows are retried each tick, and once it answers
 *   again every row in flight is checked at once rather than after the timeout;
 * - done rows older than a day are deleted in small batches, once a minute.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  /** how often each process looks for due rows (it is also woken right after a commit that recorded jobs) */
  static readonly INTERVAL_MS = 1000;
  /** rows per statement, and statements per tick at most */
  static readonly BATCH = 100;
  static readonly MAX_BATCHES_PER_TICK = 10;
  /** a claimed row is left to other relays after this, should this process die before it is done with it */
  static readonly CLAIM_MS = 15_000;
  /** a queue backend that does not answer within this is treated as down for this tick */
  static readonly BACKEND_TIMEOUT_MS = 5000;
  static readonly GC_EVERY_MS = 60_000;
  static readonly GC_BATCH = 500;

  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private backendDown = false;
  private databaseDown = false;
  private lastGc = 0;
  private unsubscribe?: () => void;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.unsubscribe = this.jobs.onRelaySoon(() => this.poke());
    this.poke();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.running;
  }

  /** Relays now (or right after the pass under way): called after a commit that recorded jobs. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = (async () => {
      do {
        this.again = false;
        await this.tick();
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
      if (!this.stopped) {
        this.timer = setTimeout(() => this.poke(), OutboxRelay.INTERVAL_MS);
        this.timer.unref();
      }
    });
  }

  /** One pass, for tests and tools: relays what is due now. */
  async relayNow(): Promise<void> {
    await this.running;
    await this.tick();
  }

  private async tick(): Promise<void> {
    try {
      for (let i = 0; i < OutboxRelay.MAX_BATCHES_PER_TICK && !this.stopped; i++) {
        const { claimed, backendFailed } = await this.relayBatch();
        if (claimed < OutboxRelay.BATCH || backendFailed) break;
      }
      if (Date.now() - this.lastGc >= OutboxRelay.GC_EVERY_MS && !this.stopped) {
        this.lastGc = Date.now();
        await this.collectGarbage();
      }
      if (this.databaseDown) this.logger.log('outbox relay: PostgreSQL answers again');
      this.databaseDown = false;
    } catch (err) {
      // PostgreSQL unreachable: the rows are safe there; try again next tick, and say so once
      if (!this.databaseDown) this.logger.warn(`outbox relay paused, PostgreSQL: ${message(err)}`);
      this.databaseDown = true;
    }
  }

  private async relayBatch(): Promise<{ claimed: number; backendFailed: boolean }> {
    const claimed = await rows<OutboxRow>(
      this.db,
      `UPDATE job_outbox SET next_check_at = now() + $2::int * interval '1 millisecond'
       WHERE job_id IN (
         SELECT job_id FROM job_outbox WHERE done_at IS NULL AND next_check_at <= now()
         ORDER BY next_check_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING job_id AS "jobId", queue, name, payload, run_after AS "runAfter", relayed_at AS "relayedAt"`,
      [OutboxRelay.BATCH, OutboxRelay.CLAIM_MS],
    );
    if (!claimed.length) return { claimed: 0, backendFailed: false };

    const toAdd = claimed.filter((r) => r.relayedAt === null);
    const inFlight: string[] = [];
    let backendFailed = false;
    // relayed before and still not acknowledged: does BullMQ still have it?
    await Promise.all(
      claimed
        .filter((r) => r.relayedAt !== null)
        .map(async (r) => {
          try {
            const queue = this.jobs.queue(r.queue);
            const state = await within(OutboxRelay.BACKEND_TIMEOUT_MS, 'queue backend', queue.getJobState(r.jobId));
            if (state === 'unknown') {
              this.logger.warn(`job ${r.name} ${r.jobId} was not in the queue any more (lost by the queue backend): queueing it again`);
              toAdd.push(r);
            } else if (state === 'completed') {
              await acknowledgeJob(this.db, r.jobId);
            } else if (state === 'failed') {
              const job = await within(OutboxRelay.BACKEND_TIMEOUT_MS, 'queue backend', queue.getJob(r.jobId));
              await recordJobFailure(this.db, r.jobId, job?.failedReason ?? 'failed in the queue', job?.attemptsMade ?? 0, true);
            } else {
              inFlight.push(r.jobId);
            }
          } catch (err) {
            backendFailed = true;
            this.backendTrouble(err);
          }
        }),
    );

    const added: string[] = [];
    const byQueue = new Map<QueueName, OutboxRow[]>();
    for (const r of toAdd) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
    for (const [queueName, list] of byQueue) {
      const now = Date.now();
      try {
        await within(
          OutboxRelay.BACKEND_TIMEOUT_MS,
          'queue backend',
          this.jobs.queue(queueName).addBulk(
            list.map((r) => ({ name: r.name, data: r.payload, opts: { jobId: r.jobId, delay: Math.max(0, r.runAfter.getTime() - now) } satisfies JobsOptions })),
          ),
        );
        added.push(...list.map((r) => r.jobId));
      } catch (err) {
        backendFailed = true;
        this.backendTrouble(err);
      }
    }

    if (added.length) {
      // counted even when the worker finished the job before this bookkeeping (a done row is never checked again)
      await this.db.query(
        `UPDATE job_outbox SET relayed_at = now(), relay_count = relay_count + 1,
           next_check_at = greatest(now(), run_after) + $2::int * interval '1 millisecond'
         WHERE job_id = ANY($1::text[])`,
        [added, this.config.outboxAckTimeoutMs],
      );
    }
    if (inFlight.length) {
      await this.db.query(`UPDATE job_outbox SET next_check_at = now() + $2::int * interval '1 millisecond' WHERE job_id = ANY($1::text[]) AND done_at IS NULL`, [
        inFlight,
        this.config.outboxAckTimeoutMs,
      ]);
    }
    const unsettled = claimed.map((r) => r.jobId).filter((id) => !added.includes(id) && !inFlight.includes(id));
    if (backendFailed && unsettled.length) {
      // not lost, not done: try again at the next tick
      await this.db.query(`UPDATE job_outbox SET next_check_at = now() + $2::int * interval '1 millisecond' WHERE job_id = ANY($1::text[]) AND done_at IS NULL`, [
        unsettled,
        OutboxRelay.INTERVAL_MS,
      ]);
    }
    if (!backendFailed && this.backendDown) await this.backendBack();
    return { claimed: claimed.length, backendFailed };
  }

  private backendTrouble(err: unknown): void {
    if (!this.backendDown) this.logger.warn(`outbox relay: the queue backend does not answer (${message(err)}); jobs stay in the outbox and are relayed when it is back`);
    this.backendDown = true;
  }

  /** The backend answers again after an outage: it may have come back empty, so check every job in flight now. */
  private async backendBack(): Promise<void> {
    this.backendDown = false;
    const [, n] = (await this.db.query(
      `UPDATE job_outbox SET next_check_at = now() WHERE done_at IS NULL AND relayed_at IS NOT NULL AND next_check_at > now()`,
    )) as [unknown, number];
    this.logger.log(`outbox relay: the queue backend answers again; checking ${n} job(s) in flight`);
    this.again = true;
  }

  private async collectGarbage(): Promise<void> {
    for (let i = 0; i < 10 && !this.stopped; i++) {
      const [, deleted] = (await this.db.query(
        `DELETE FROM job_outbox WHERE job_id IN (
           SELECT job_id FROM job_outbox WHERE done_at < now() - interval '${OUTBOX_KEEP_DONE}'
           ORDER BY done_at LIMIT $1 FOR UPDATE SKIP LOCKED)`,
        [OutboxRelay.GC_BATCH],
      )) as [unknown, number];
      if (deleted < OutboxRelay.GC_BATCH) return;
    }
  }
}
