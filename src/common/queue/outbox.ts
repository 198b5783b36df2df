import type { DataSource, EntityManager } from 'typeorm';
import { rows } from '../database/sql.js';
import { JOB_ID, JOB_QUEUE, type JobName, type JobPayloads } from './jobs.js';

/**
 * The job outbox (table `job_outbox`, migration 1764200000000): a job's cause is recorded in
 * PostgreSQL in the transaction of the change that caused it; the relay (outbox-relay.service.ts)
 * hands it to BullMQ under its deterministic id until a worker acknowledges it. BullMQ may lose it
 * (a Redis restart without persistence): the row stays, and the relay queues it again.
 */
type Sql = DataSource | EntityManager;

/** Done rows are kept this long (for inspection), then deleted by the relay in small batches. */
export const OUTBOX_KEEP_DONE = '1 day';

/**
 * Records a job in the caller's transaction. The same cause (same deterministic id) is recorded
 * once: a second call is a no-op. Returns the job id.
 */
export async function recordJob<N extends JobName>(tx: Sql, name: N, payload: JobPayloads[N], opts: { delayMs?: number } = {}): Promise<string> {
  const params = outboxParams(name, payload, opts);
  await tx.query(`INSERT INTO job_outbox (${OUTBOX_COLUMNS}) VALUES (${outboxValues(1)}) ON CONFLICT (job_id) DO NOTHING`, params);
  return params[0];
}

/** The outbox's columns, in the order of `outboxParams` and `outboxValues`. */
export const OUTBOX_COLUMNS = 'job_id, queue, name, payload, run_after';

/**
 * A job's outbox row as the five parameters of `outboxValues`: for a statement that writes the
 * job's cause and its outbox row together (one statement is atomic without a transaction of its own).
 */
export function outboxParams<N extends JobName>(name: N, payload: JobPayloads[N], opts: { delayMs?: number } = {}): [string, string, string, string, number] {
  return [JOB_ID[name](payload), JOB_QUEUE[name], name, JSON.stringify(payload), Math.max(0, Math.round(opts.delayMs ?? 0))];
}

/** The SQL values of `outboxParams` given as parameters $first to $first+4. */
export function outboxValues(first: number): string {
  const $ = (i: number) => `$${first + i}`;
  return `${$(0)}, ${$(1)}, ${$(2)}, ${$(3)}::jsonb, now() + ${$(4)}::bigint * interval '1 millisecond'`;
}

/**
 * Acknowledges a job: done, never relayed again. Use it in the transaction that writes the job's
 * result where there is one (a crash between the write and the ack cannot then re-run it);
 * the worker host acknowledges every successful job again afterwards, which is a no-op.
 * Returns whether this call acknowledged it.
 */
export async function acknowledgeJob(tx: Sql, jobId: string, attempts?: number): Promise<boolean> {
  const done = await rows<{ job_id: string }>(
    tx,
    `UPDATE job_outbox SET done_at = now(), failed = false, attempts = greatest(attempts, coalesce($2::int, attempts))
     WHERE job_id = $1 AND done_at IS NULL RETURNING job_id`,
    [jobId, attempts ?? null],
  );
  return done.length > 0;
}

/**
 * Records a failed attempt. `final`: BullMQ gave up (its attempts are spent): the row is marked done
 * and failed, so it is not relayed forever; its attempts and last error stay for inspection.
 */
export async function recordJobFailure(tx: Sql, jobId: string, error: string, attempts: number, final: boolean): Promise<void> {
  await tx.query(
    `UPDATE job_outbox SET attempts = greatest(attempts, $2::int), last_error = $3,
       done_at = CASE WHEN $4::boolean THEN now() ELSE done_at END, failed = failed OR $4::boolean
     WHERE job_id = $1 AND done_at IS NULL`,
    [jobId, attempts, error.slice(0, 1000), final],
  );
}
