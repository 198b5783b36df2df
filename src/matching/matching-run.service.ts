import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/ids.js';
import { MatchingRunStatus } from './matching.enums.js';
import { badInput } from '../common/errors/domain-error.js';
import { decodeCursor, DEFAULT_PAGE, encodeCursor, toPage, type Page, type PageArgs } from '../common/graphql/pagination.js';
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
  ) {}

  async request(coordinatorId: string): Promise<MatchingRun> {
    return (await this.find(await this.trigger.request(coordinatorId)))!;
  }

  async find(id: string): Promise<MatchingRun | null> {
    if (!isUuid(id)) return null;
    const [run]: MatchingRun[] = await this.db.query(`SELECT ${COLUMNS} FROM matching_run WHERE id = $1`, [id]);
    return run ?? null;
  }

  /** The students a run left out and why (coordinators), by student id, keyset-paged. */
  async unplaced(runId: string, page: PageArgs): Promise<Page<UnplacedStudent>> {
    const first = page.first ?? DEFAULT_PAGE;
    const params: unknown[] = [runId];
    let after = '';
    if (page.after) {
      const [id] = decodeCursor(page.after, ['string']) as [string];
      if (!isUuid(id)) throw badInput([{ field: 'after', message: 'カーソルが正しくありません (invalid cursor)' }]);
      params.push(id);
      after = `AND u.student_id > $2::uuid`;
    }
    params.push(first + 1);
    const [found, [{ n }]] = await Promise.all([
      this.db.query(
        `SELECT u.student_id AS "studentId", u.reason::text AS reason, u.nearest_offer_id AS "nearestOfferId", u.score, u.cutoff, u.student_id::text AS "cursorKey"
         FROM matching_run_unplaced u WHERE u.run_id = $1 ${after} ORDER BY u.student_id LIMIT $${params.length}`,
        params,
      ) as Promise<UnplacedStudent[]>,
      this.db.query('SELECT count(*)::int AS n FROM matching_run_unplaced WHERE run_id = $1', [runId]) as Promise<{ n: number }[]>,
    ]);
    return toPage(found, first, n, (u) => encodeCursor([u.cursorKey]));
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
