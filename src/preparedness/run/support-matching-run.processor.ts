import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../../common/database/sql.js';
import { WorkerProcessor, type JobProcessor } from '../../common/queue/job-processor.js';
import { JOB_ID, type JobPayloads } from '../../common/queue/jobs.js';
import { RunLifecycle, type RunOutcome } from '../../common/queue/run-lifecycle.js';
import { RUN_CHANNEL } from '../../matching/matching-run.events.js';
import { HELPER_MAX_LOAD } from '../preparedness.enums.js';
import { planSupportPairings, type NeedInput, type PledgeInput } from './support-engine.js';

/**
 * A matching run of kind SUPPORT, with the run machinery of student matching (matching_run rows,
 * claim, progress notifications on the same channel, one finishing transaction that acknowledges
 * the job): read active pledges and consented needs, assign with the shared engine, then in one
 * transaction supersede the pairings still open from earlier runs and write this run's. Nothing is
 * written before that transaction, so a killed run is simply run again; a finished run returns at once.
 */
@Injectable()
@WorkerProcessor()
export class SupportMatchingRunProcessor implements JobProcessor<'support-matching-run'> {
  readonly job = 'support-matching-run' as const;
  private readonly logger = new Logger(SupportMatchingRunProcessor.name);
  private readonly lifecycle: RunLifecycle;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    // the same rows and channel as student matching's runs: its subscribers hear these runs too
    this.lifecycle = new RunLifecycle(db, { table: 'matching_run', channel: RUN_CHANNEL, kind: 'SUPPORT', label: 'support matching run' }, this.logger);
  }

  async process({ runId }: JobPayloads['support-matching-run'], job?: Job): Promise<RunOutcome> {
    return this.lifecycle.execute(runId, job, () => this.run(runId));
  }

  private async run(runId: string): Promise<RunOutcome> {
    const started = Date.now();
    const { pledges, needs } = await loadSupportInputs(this.db);
    const loadedMs = Date.now() - started;
    const result = planSupportPairings(pledges, needs, HELPER_MAX_LOAD);
    const computedMs = Date.now() - started - loadedMs;

    const outcome = await this.lifecycle.finish(runId, JOB_ID['support-matching-run']({ runId }), async (tx) => {
      // this run replaces the proposals still open from earlier runs
      await tx.query(`UPDATE support_pairing SET status = 'SUPERSEDED' WHERE status = 'PROPOSED' AND run_id <> $1`, [runId]);
      const created = await writePairings(tx, runId, result.pairings);
      const stats = { ...result.stats, loadedMs, computedMs };
      return { pairs_scored: result.stats.candidateEdges, proposals_created: created, stats: JSON.stringify(stats) };
    });
    this.logger.log(`support matching run ${runId}: ${pledges.length} pledges × ${needs.length} needs, ${result.pairings.length} pairings`);
    return outcome;
  }
}

/**
 * Active pledges with the load their helper's approved pairings take (people, over the helper's
 * active pledges); consented needs with how many helpers they want, the helpers approved for them
 * (active pledges: a withdrawn pledge no longer counts as help) and those a coordinator rejected,
 * and the kinds already given.
 */
export async function loadSupportInputs(db: DataSource | EntityManager): Promise<{ pledges: PledgeInput[]; needs: NeedInput[] }> {
  const [pledges, needs] = await Promise.all([
    rows<PledgeInput>(
      db,
      `SELECT p.id, p.helper_id AS "helperId", p.kinds::text[] AS kinds, p.area, p.slots::text[] AS slots,
              (SELECT count(DISTINCT a.need_id) FROM support_pairing a JOIN support_pledge q ON q.id = a.pledge_id
               WHERE q.helper_id = p.helper_id AND q.active AND a.status = 'APPROVED')::int AS used
       FROM support_pledge p
       WHERE p.active ORDER BY p.id`,
    ),
    rows<NeedInput>(
      db,
      `SELECT n.id, n.kinds::text[] AS kinds, n.area, n.slots::text[] AS slots, n.consent, n.helpers_wanted AS wanted,
              ARRAY(SELECT DISTINCT q.helper_id::text FROM support_pairing a JOIN support_pledge q ON q.id = a.pledge_id
                    WHERE a.need_id = n.id AND a.status = 'APPROVED' AND q.active) AS "approvedHelperIds",
              ARRAY(SELECT DISTINCT q.helper_id::text FROM support_pairing a JOIN support_pledge q ON q.id = a.pledge_id
                    WHERE a.need_id = n.id AND a.status = 'REJECTED') AS "rejectedHelperIds",
              ARRAY(SELECT DISTINCT k FROM support_pairing a JOIN support_pledge q ON q.id = a.pledge_id, unnest(a.kinds::text[]) k
                    WHERE a.need_id = n.id AND a.status = 'APPROVED' AND q.active) AS covered
       FROM support_need n WHERE n.consent ORDER BY n.id`,
    ),
  ]);
  return { pledges, needs };
}

async function writePairings(tx: EntityManager, runId: string, pairings: ReturnType<typeof planSupportPairings>['pairings']): Promise<number> {
  if (!pairings.length) return 0;
  // kinds are enum values (no commas) and travel as one text per pairing; reasons as JSON
  const inserted: unknown[] = await tx.query(
    `INSERT INTO support_pairing (run_id, pledge_id, need_id, kinds, score, reasons)
     SELECT $1, r.pledge, r.need, string_to_array(r.kinds, ',')::support_kind[], r.score,
            ARRAY(SELECT jsonb_array_elements_text(r.reasons::jsonb))
     FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::real[], $6::text[]) AS r(pledge, need, kinds, score, reasons)
     ON CONFLICT (run_id, pledge_id, need_id) DO NOTHING RETURNING 1`,
    [
      runId,
      pairings.map((p) => p.pledgeId),
      pairings.map((p) => p.needId),
      pairings.map((p) => p.kinds.join(',')),
      pairings.map((p) => p.score),
      pairings.map((p) => JSON.stringify(p.reasons)),
    ],
  );
  return inserted.length;
}
