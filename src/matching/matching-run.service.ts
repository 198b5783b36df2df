import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/ids.js';
import { JobsService } from '../common/queue/jobs.service.js';
import { MatchingRunStatus } from './matching.enums.js';
import { keysetPage } from '../common/graphql/keyset-page.js';
import { decodeIdCursor, type Page, type PageArgs } from '../common/graphql/pagination.js';
import type { MatchingRun, UnplacedStudent } from './matching.models.js';
import { MatchingRunEvents } from './matching-run.events.js';
import { MatchingTrigger } from './matching-trigger.service.js';

const COLUMNS = `id, status, progress, pairs_scored::int AS "pairsScored", proposals_created AS "proposalsCreated", cause,
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt", error, refilled_places AS "refilledPlaces"`;

const finished = (run: MatchingRun) => run.status === MatchingRunStatus.COMPLETED || run.status === MatchingRunStatus.FAILED;

@Injectable()
export class MatchingRunService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly trigger: MatchingTrigger,
    private readonly events: MatchingRunEvents,
    private readonly jobs: JobsService,
  ) {}

  /**
   * A coordinator's run, answered as it was recorded (QUEUED): read in the transaction that records
   * it, since a worker may claim it the moment the relay hands it over (read after, it could already
   * be RUNNING). The job is relayed once that transaction has committed.
   */
  async request(coordinatorId: string): Promise<MatchingRun> {
    const run = await this.db.transaction(async (tx) => {
      const id = await this.trigger.request(coordinatorId, tx);
      const [row]: MatchingRun[] = await tx.query(`SELECT ${COLUMNS} FROM matching_run WHERE id = $1`, [id]);
      return row;
    });
    this.jobs.relaySoon();
    return run;
  }

  async find(id: string): Promise<MatchingRun | null> {
    if (!isUuid(id)) return null;
    const [run]: MatchingRun[] = await this.db.query(`SELECT ${COLUMNS} FROM matching_run WHERE id = $1`, [id]);
    return run ?? null;
  }

  /** The students a run left out and why (coordinators), by student id, keyset-paged. */
  async unplaced(runId: string, page: PageArgs): Promise<Page<UnplacedStudent>> {
    return keysetPage<UnplacedStudent>(
      this.db,
      {
        columns: `u.student_id AS "studentId", u.reason::text AS reason, u.nearest_offer_id AS "nearestOfferId", u.score, u.cutoff, u.student_id::text AS "cursorKey"`,
        from: 'matching_run_unplaced u',
        where: ['u.run_id = $1'],
        params: [runId],
        keys: [{ sql: 'u.student_id', type: 'uuid' }],
        direction: 'ASC',
      },
      { ...page, decode: decodeIdCursor, cursor: (u) => [u.cursorKey] },
    );
  }

  /** The run now, then each change, until it completes or fails (the subscription's stream). */
  async *updates(id: string): AsyncGenerator<{ matchingRunUpdated: MatchingRun }> {
    const abort = new AbortController();
    try {
      const changes = await this.events.subscribe(abort.signal);
      let run = await this.find(id);
      if (!run) return;
      yield { matchingRunUpdated: run };
      while (!finished(run)) {
        const { value, done } = await changes.next();
        if (done) return;
        if (value[0] !== id) continue;
        run = (await this.find(id))!;
        yield { matchingRunUpdated: run };
      }
    } finally {
      abort.abort();
    }
  }
}
