import type { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { rows } from '../database/sql.js';
import { acknowledgeJob } from './outbox.js';

export type RunOutcome = 'completed' | 'already-finished' | 'unknown-run';

/** Which rows a run lives in and where its changes are announced. */
export interface RunRows {
  /** the run table: id, status (QUEUED, RUNNING, COMPLETED, FAILED), attempts, progress, started_at, finished_at, error */
  table: string;
  /** the PostgreSQL NOTIFY channel that hears the run id on every change */
  channel: string;
  /** when several kinds of run share the table: only rows of this `kind` are this processor's */
  kind?: string;
  /** how the log names the run ("matching run") */
  label: string;
}

/** Column names are interpolated into SQL: they come from code, never from input, and this keeps it so. */
const COLUMN = /^[a-z_]+$/;
function assertColumns(columns: Record<string, unknown>): string[] {
  const names = Object.keys(columns);
  for (const name of names) if (!COLUMN.test(name)) throw new Error(`run-lifecycle: not a column name: ${name}`);
  return names;
}

/**
 * The life of a run row shared by every run job: claim (QUEUED or RUNNING → RUNNING, one more
 * attempt), progress, FAILED on the job's last attempt only (earlier failures leave it RUNNING for
 * the retry), and COMPLETED in the transaction that writes the run's results and acknowledges its
 * job, so that a run killed midway is simply run again and a finished one returns at once.
 * Every change is announced on the channel. What a run computes and writes is the caller's.
 */
export class RunLifecycle {
  constructor(
    private readonly db: DataSource,
    private readonly runs: RunRows,
    private readonly logger: Logger,
  ) {
    if (!COLUMN.test(runs.table)) throw new Error(`run-lifecycle: not a table name: ${runs.table}`);
  }

  /** Claims the run and does `work` (which ends with `finish`); marks it FAILED when the last attempt throws. */
  async execute(runId: string, job: Job | undefined, work: () => Promise<RunOutcome>): Promise<RunOutcome> {
    const kind = this.runs.kind === undefined ? '' : ' AND kind = $2';
    const params = this.runs.kind === undefined ? [runId] : [runId, this.runs.kind];
    const claimed = await rows<{ id: string }>(
      this.db,
      `UPDATE ${this.runs.table} SET status = 'RUNNING', started_at = coalesce(started_at, now()), attempts = attempts + 1, progress = 0
       WHERE id = $1${kind} AND status IN ('QUEUED', 'RUNNING') RETURNING id`,
      params,
    );
    if (!claimed.length) {
      const known: unknown[] = await this.db.query(`SELECT 1 FROM ${this.runs.table} WHERE id = $1${kind}`, params);
      return known.length ? 'already-finished' : 'unknown-run';
    }
    await this.notify(runId);
    try {
      return await work();
    } catch (err) {
      const lastAttempt = !job || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // ids and a message only: never a person's data in the run's error
      const message = err instanceof Error ? err.message.slice(0, 500) : 'unknown error';
      this.logger.warn(`${this.runs.label} ${runId} failed${lastAttempt ? '' : ' (will retry)'}: ${message}`);
      if (lastAttempt) {
        await this.db.query(
          `UPDATE ${this.runs.table} SET status = 'FAILED', finished_at = clock_timestamp(), error = $2 WHERE id = $1 AND status = 'RUNNING'`,
          [runId, message],
        );
        await this.notify(runId);
      }
      throw err;
    }
  }

  /** Progress of a running run (0..1) with any other columns to update along. */
  async progress(runId: string, progress: number, columns: Record<string, unknown> = {}): Promise<void> {
    const names = assertColumns(columns);
    const sets = names.map((name, i) => `, ${name} = $${i + 3}`).join('');
    await this.db.query(`UPDATE ${this.runs.table} SET progress = $2${sets} WHERE id = $1 AND status = 'RUNNING'`, [
      runId,
      progress,
      ...names.map((n) => columns[n]),
    ]);
    await this.notify(runId);
  }

  /**
   * One transaction: the run row locked, and unless it is no longer RUNNING (another delivery
   * finished it), `write` writes the results and returns the run's result columns; the run becomes
   * COMPLETED with them and the job `jobId` is acknowledged with the result it produced, so that
   * the relay never queues it again.
   */
  async finish(runId: string, jobId: string, write: (tx: EntityManager) => Promise<Record<string, unknown>>): Promise<RunOutcome> {
    const outcome = await this.db.transaction(async (tx) => {
      const [run]: { status: string }[] = await tx.query(`SELECT status FROM ${this.runs.table} WHERE id = $1 FOR UPDATE`, [runId]);
      if (run?.status !== 'RUNNING') return 'already-finished' as const;
      const columns = await write(tx);
      const names = assertColumns(columns);
      const sets = names.map((name, i) => `, ${name} = $${i + 2}`).join('');
      // clock_timestamp, not now(): now() is when this transaction began, before the writes
      await tx.query(
        `UPDATE ${this.runs.table} SET status = 'COMPLETED', progress = 1, finished_at = clock_timestamp(), error = NULL${sets} WHERE id = $1`,
        [runId, ...names.map((n) => columns[n])],
      );
      await acknowledgeJob(tx, jobId);
      return 'completed' as const;
    });
    await this.notify(runId);
    return outcome;
  }

  /** Tells API processes (LISTEN) that the run changed; they push it to subscribers. */
  notify(runId: string): Promise<unknown> {
    return this.db.query('SELECT pg_notify($1, $2)', [this.runs.channel, runId]);
  }
}
