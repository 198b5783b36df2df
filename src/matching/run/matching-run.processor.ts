import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { rows } from '../../common/database/sql.js';
import type { JobProcessor } from '../../common/queue/job-processor.js';
import { JOB_ID, type JobPayloads } from '../../common/queue/jobs.js';
import { acknowledgeJob } from '../../common/queue/outbox.js';
import { ThemeService } from '../../graph/theme.service.js';
import { RUN_CHANNEL } from '../matching-run.events.js';
import { runEngine } from './run-engine.js';
import { writeProposals, writeUnplaced } from './write-proposals.js';

type Outcome = 'completed' | 'already-finished' | 'unknown-run';

/**
 * One matching run: claim it, read matchable students and eligible offers, score and assign
 * (pure engine), then write the proposals and finish the run in one transaction. Nothing is
 * written before that transaction, so a run killed midway is simply run again; a run that
 * already finished returns at once, so duplicated or retried jobs create nothing twice.
 */
@Injectable()
export class MatchingRunProcessor implements JobProcessor<'matching-run'> {
  readonly job = 'matching-run' as const;
  private readonly logger = new Logger(MatchingRunProcessor.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly themes: ThemeService,
  ) {}

  async process({ runId }: JobPayloads['matching-run'], job?: Job): Promise<Outcome> {
    const claimed = await rows<{ id: string }>(
      this.db,
      `UPDATE matching_run SET status = 'RUNNING', started_at = coalesce(started_at, now()), attempts = attempts + 1, progress = 0
       WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') RETURNING id`,
      [runId],
    );
    if (!claimed.length) {
      const known: unknown[] = await this.db.query('SELECT 1 FROM matching_run WHERE id = $1', [runId]);
      return known.length ? 'already-finished' : 'unknown-run';
    }
    await this.notify(runId);
    try {
      return await this.run(runId);
    } catch (err) {
      const lastAttempt = !job || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // ids and a message only: never a student's data in the run's error
      const message = err instanceof Error ? err.message.slice(0, 500) : 'unknown error';
      this.logger.warn(`matching run ${runId} failed${lastAttempt ? '' : ' (will retry)'}: ${message}`);
      if (lastAttempt) {
        await this.db.query(`UPDATE matching_run SET status = 'FAILED', finished_at = clock_timestamp(), error = $2 WHERE id = $1 AND status = 'RUNNING'`, [runId, message]);
        await this.notify(runId);
      }
      throw err;
    }
  }

  private async run(runId: string): Promise<Outcome> {
    const started = Date.now();
    const vocabulary = await this.themes.all();

    let lastReport = 0;
    const pending: Promise<unknown>[] = [];
    // reads the matchable students and eligible offers (load-inputs.ts) and computes, in the engine thread
    const { result, loadedMs, ...inputs } = await runEngine(this.db, Object.fromEntries(vocabulary.map((t) => [t.key, t.label])), (fraction, pairsScored) => {
      // at most every 5 %: each report is a row update and a notification
      if (fraction - lastReport < 0.05 && fraction < 1) return;
      lastReport = fraction;
      pending.push(this.progress(runId, Math.min(0.95, fraction * 0.95), pairsScored));
    });
    await Promise.allSettled(pending);
    const computedMs = Date.now() - started - loadedMs;

    const outcome = await this.db.transaction(async (tx) => {
      const [run]: { status: string }[] = await tx.query('SELECT status FROM matching_run WHERE id = $1 FOR UPDATE', [runId]);
      if (run?.status !== 'RUNNING') return 'already-finished' as const;
      const writing = Date.now();
      const { created, refilled } = await writeProposals(tx, runId, result.proposals);
      await writeUnplaced(tx, runId, result.unplaced);
      const stats = { ...result.stats, loadedMs, computedMs, writtenMs: Date.now() - writing };
      // clock_timestamp, not now(): now() is when this transaction began, before the writes
      await tx.query(
        `UPDATE matching_run SET status = 'COMPLETED', progress = 1, finished_at = clock_timestamp(), pairs_scored = $2, proposals_created = $3, stats = $4, error = NULL,
           refilled_places = $5
         WHERE id = $1`,
        [runId, result.stats.pairsScored, created, JSON.stringify(stats), refilled],
      );
      // the job's outbox row is acknowledged with the result it produced: the relay never queues it again
      await acknowledgeJob(tx, JOB_ID['matching-run']({ runId }));
      return 'completed' as const;
    });
    await this.notify(runId);
    this.logger.log(
      `matching run ${runId}: ${inputs.students} students × ${inputs.offers} offers, ${result.stats.candidatePairs} candidate pairs, ` +
        `${result.proposals.length} proposals, load ${loadedMs} ms, compute ${computedMs} ms`,
    );
    return outcome;
  }

  private async progress(runId: string, progress: number, pairsScored: number): Promise<void> {
    await this.db.query(`UPDATE matching_run SET progress = $2, pairs_scored = $3 WHERE id = $1 AND status = 'RUNNING'`, [runId, progress, pairsScored]);
    await this.notify(runId);
  }

  /** Tells API processes (LISTEN) that the run changed; they push it to subscribers. */
  private notify(runId: string): Promise<unknown> {
    return this.db.query('SELECT pg_notify($1, $2)', [RUN_CHANNEL, runId]);
  }
}
