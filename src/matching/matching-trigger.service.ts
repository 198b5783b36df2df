import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';
import { JobsService } from '../common/queue/jobs.service.js';

export type RunCause = 'REQUESTED' | 'OFFER_PUBLISHED' | 'PROFILE_CHANGED';

/**
 * Records matching runs and queues them. The run row (the job's cause) is committed before the
 * job is queued; automatic runs are debounced: while one waits, later changes join it.
 */
@Injectable()
export class MatchingTrigger {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A coordinator's run: always a new one, queued at once. */
  async request(requestedBy: string, tx: DataSource | EntityManager = this.db): Promise<string> {
    const [run]: { id: string }[] = await tx.query(`INSERT INTO matching_run (cause, requested_by) VALUES ('REQUESTED', $1) RETURNING id`, [requestedBy]);
    await this.jobs.enqueue('matching-run', { runId: run.id });
    return run.id;
  }

  /**
   * After an offer is published or a profile changes: one waiting automatic run, started after
   * the debounce delay. Call it after the change has committed. Returns the run id, or undefined
   * when automatic runs are off or one is already waiting.
   */
  async changed(cause: Exclude<RunCause, 'REQUESTED'>): Promise<string | undefined> {
    if (this.config.matchingDebounceMs === undefined) return undefined;
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO matching_run (cause) VALUES ($1)
       ON CONFLICT (kind) WHERE status = 'QUEUED' AND cause <> 'REQUESTED' DO NOTHING RETURNING id`,
      [cause],
    );
    if (!rows.length) return undefined;
    await this.jobs.enqueue('matching-run', { runId: rows[0].id }, { delayMs: this.config.matchingDebounceMs });
    return rows[0].id;
  }
}
