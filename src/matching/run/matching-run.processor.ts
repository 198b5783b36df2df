import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { WorkerProcessor, type JobProcessor } from '../../common/queue/job-processor.js';
import { JOB_ID, type JobPayloads } from '../../common/queue/jobs.js';
import { RunLifecycle, type RunOutcome } from '../../common/queue/run-lifecycle.js';
import { ThemeService } from '../../graph/theme.service.js';
import { RUN_CHANNEL } from '../matching-run.events.js';
import { runEngine } from './run-engine.js';
import { writeProposals, writeUnplaced } from './write-proposals.js';

/**
 * One matching run: claim it, read matchable students and eligible offers, score and assign
 * (pure engine), then write the proposals and finish the run in one transaction. Nothing is
 * written before that transaction, so a run killed midway is simply run again; a run that
 * already finished returns at once, so duplicated or retried jobs create nothing twice.
 */
@Injectable()
@WorkerProcessor()
export class MatchingRunProcessor implements JobProcessor<'matching-run'> {
  readonly job = 'matching-run' as const;
  private readonly logger = new Logger(MatchingRunProcessor.name);
  private readonly lifecycle: RunLifecycle;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly themes: ThemeService,
  ) {
    this.lifecycle = new RunLifecycle(db, { table: 'matching_run', channel: RUN_CHANNEL, label: 'matching run' }, this.logger);
  }

  async process({ runId }: JobPayloads['matching-run'], job?: Job): Promise<RunOutcome> {
    return this.lifecycle.execute(runId, job, () => this.run(runId));
  }

  private async run(runId: string): Promise<RunOutcome> {
    const started = Date.now();
    const vocabulary = await this.themes.all();

    let lastReport = 0;
    const pending: Promise<unknown>[] = [];
    // reads the matchable students and eligible offers (load-inputs.ts) and computes, in the engine thread
    const { result, loadedMs, ...inputs } = await runEngine(this.db, Object.fromEntries(vocabulary.map((t) => [t.key, t.label])), (fraction, pairsScored) => {
      // at most every 5 %: each report is a row update and a notification
      if (fraction - lastReport < 0.05 && fraction < 1) return;
      lastReport = fraction;
      pending.push(this.lifecycle.progress(runId, Math.min(0.95, fraction * 0.95), { pairs_scored: pairsScored }));
    });
    await Promise.allSettled(pending);
    const computedMs = Date.now() - started - loadedMs;

    const outcome = await this.lifecycle.finish(runId, JOB_ID['matching-run']({ runId }), async (tx) => {
      const writing = Date.now();
      const writeSteps: Record<string, number> = {};
      const { created, refilled } = await writeProposals(tx, runId, result.proposals, writeSteps);
      const unplacedAt = Date.now();
      await writeUnplaced(tx, runId, result.unplaced);
      writeSteps.unplaced = Date.now() - unplacedAt;
      const stats = { ...result.stats, loadedMs, computedMs, writtenMs: Date.now() - writing, writeSteps };
      return { pairs_scored: result.stats.pairsScored, proposals_created: created, stats: JSON.stringify(stats), refilled_places: refilled };
    });
    this.logger.log(
      `matching run ${runId}: ${inputs.students} students × ${inputs.offers} offers, ${result.stats.candidatePairs} candidate pairs, ` +
        `${result.proposals.length} proposals, load ${loadedMs} ms, compute ${computedMs} ms`,
    );
    return outcome;
  }
}
