import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';
import { JobsService } from '../common/queue/jobs.service.js';
import { OUTBOX_COLUMNS, outboxParams, outboxValues } from '../common/queue/outbox.js';

export type RunCause = 'REQUESTED' | 'OFFER_PUBLISHED' | 'PROFILE_CHANGED' | 'PLACE_FREED';

/**
 * Records matching runs and queues them. The run row (the job's cause) and its job's outbox row
 * are written in one transaction, so a run is never recorded without its job (the relay hands the
 * job to BullMQ, now or once the queue backend is back); automatic runs are debounced: while one
 * waits, later changes join it.
 */
@Injectable()
export class MatchingTrigger {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A coordinator's run: always a new one, queued at once. Given the caller's transaction, the run
   * and its job are written in it (a savepoint), and the caller relays after its commit
   * (`jobs.relaySoon()`): relayed before, the job would not be visible yet.
   */
  async request(requestedBy: string, tx: DataSource | EntityManager = this.db): Promise<string> {
    const runId = await tx.transaction(async (t) => {
      const [run]: { id: string }[] = await t.query(`INSERT INTO matching_run (cause, requested_by) VALUES ('REQUESTED', $1) RETURNING id`, [requestedBy]);
      await this.jobs.record(t, 'matching-run', { runId: run.id });
      return run.id;
    });
    if (tx === this.db) this.jobs.relaySoon();
    return runId;
  }

  /**
   * After an offer is published or a profile changes: one waiting automatic run, started after
   * the debounce delay. Call it after the change has committed. Returns the run id, or undefined
   * when automatic runs are off or one is already waiting. One statement, no transaction of its
   * own: a roster or an offer pays one round trip for it, not three.
   */
  async changed(cause: Exclude<RunCause, 'REQUESTED'>): Promise<string | undefined> {
    const runId = await this.changedIn(this.db, cause);
    if (runId) this.jobs.relaySoon();
    return runId;
  }

  /**
   * The same, inside the caller's transaction (a place given back asks for a run in the very
   * transaction that gives it back): the caller relays after its commit (`jobs.relaySoon()`).
   * The run and its outbox row are one statement (writable CTE): the job is recorded exactly when
   * the run is, and not at all when a run already waits.
   */
  async changedIn(tx: DataSource | EntityManager, cause: Exclude<RunCause, 'REQUESTED'>): Promise<string | undefined> {
    const delayMs = this.config.matchingDebounceMs;
    if (delayMs === undefined) return undefined;
    const runId = randomUUID();
    // the debounce is the job's run_after: it survives a restart of the queue backend too
    const rows: { job_id: string }[] = await tx.query(
      `WITH run AS (
         INSERT INTO matching_run (id, cause) VALUES ($1, $2)
         ON CONFLICT (kind) WHERE status = 'QUEUED' AND cause <> 'REQUESTED' DO NOTHING RETURNING id
       )
       INSERT INTO job_outbox (${OUTBOX_COLUMNS}) SELECT ${outboxValues(3)} FROM run
       ON CONFLICT (job_id) DO NOTHING RETURNING job_id`,
      [runId, cause, ...outboxParams('matching-run', { runId }, { delayMs })],
    );
    // a fresh run id, so its job's id is new too: a row back means the run was recorded
    return rows.length ? runId : undefined;
  }
}
