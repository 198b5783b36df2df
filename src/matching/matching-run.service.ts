import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/ids.js';
import { MatchingRunStatus } from './matching.enums.js';
import type { MatchingRun } from './matching.models.js';
import { MatchingRunEvents } from './matching-run.events.js';
import { MatchingTrigger } from './matching-trigger.service.js';

const COLUMNS = `id, status, progress, pairs_scored::int AS "pairsScored", proposals_created AS "proposalsCreated", cause,
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt", error`;

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
