/**
 * bench:matching's step 3: the real run through the real worker process, timed from the database
 * (started_at, finished_at), the worker's log (the commit) and /proc (CPU time, RSS). The engine's
 * own timings (thread start, hand-over, compute, return: src/matching/run/run-engine.ts) come
 * back in the run's stats.
 */
import type { DataSource } from 'typeorm';
import type { JobsService } from '../../src/common/queue/jobs.service.js';
import type { MatchingStats } from '../../src/matching/engine/index.js';
import type { EngineTimings } from '../../src/matching/run/run-engine.js';
import { procCpuMs, procMemory, type Child } from './machine.js';

export type RunStats = MatchingStats & { loadedMs: number; computedMs: number; writtenMs?: number; writeSteps?: Record<string, number>; engine?: EngineTimings };

export interface WorkerRun {
  id: string;
  stats: RunStats;
  attempts: number;
  proposals: number;
  participants: number;
  /** epochs (ms) on the one clock of this machine */
  startedEpoch: number;
  finishedEpoch: number;
  committedEpoch: number;
  requestEpoch: number;
  /** started_at → proposals committed */
  wallMs: number;
  /** request → COMPLETED committed */
  e2eMs: number;
  waitMs: number;
  recordedMs: number;
  /** finished_at → committed: the final update, the commit and the log line */
  commitMs: number;
  e2eObserved: number;
  runningSeenMs: number;
  cpuRunMs: number;
  idleRss: number;
  peakRss: number;
}

const sleep = (t: number): Promise<void> => new Promise((r) => setTimeout(r, t));

/** Records a run as a coordinator's request does, queues its job directly, and polls until it is done. */
export async function measureRun(db: DataSource, jobs: JobsService, worker: Child): Promise<WorkerRun> {
  const pid = worker.child.pid!;
  const idle = procMemory(pid)!;
  const cpuBefore = procCpuMs(pid) ?? 0;
  let peakSampled = idle.rss;
  const sampler = setInterval(() => {
    const m = procMemory(pid);
    if (m && m.rss > peakSampled) peakSampled = m.rss;
  }, 50);

  const tRequest = performance.now();
  const requestEpoch = Date.now();
  const [run]: { id: string }[] = await db.query(`INSERT INTO matching_run (cause) VALUES ('REQUESTED') RETURNING id`);
  if (!(await jobs.enqueue('matching-run', { runId: run.id }))) throw new Error('the job could not be queued');
  let status = 'QUEUED';
  let runningSeenMs = NaN;
  const deadline = Date.now() + 60 * 60_000;
  try {
    while (status !== 'COMPLETED' && status !== 'FAILED') {
      if (Date.now() > deadline) throw new Error('the run did not finish within an hour');
      if (worker.child.exitCode !== null) throw new Error(`the worker exited (${worker.child.exitCode}):\n${worker.output().slice(-3000)}`);
      await sleep(50);
      [{ status }] = await db.query('SELECT status FROM matching_run WHERE id = $1', [run.id]);
      if (status === 'RUNNING' && Number.isNaN(runningSeenMs)) runningSeenMs = performance.now() - tRequest;
    }
  } finally {
    clearInterval(sampler);
  }
  const e2eObserved = performance.now() - tRequest;
  const after = procMemory(pid)!;
  const cpuRunMs = (procCpuMs(pid) ?? 0) - cpuBefore;
  if (status === 'FAILED') {
    const [{ error }] = await db.query('SELECT error FROM matching_run WHERE id = $1', [run.id]);
    throw new Error(`the run FAILED: ${error}\n--- worker output ---\n${worker.output().slice(-3000)}`);
  }
  // the processor logs its summary line right after the finishing transaction committed: its pino
  // time is when the run's proposals became visible (finished_at is clock_timestamp() before the commit)
  await worker.waitFor(`matching run ${run.id}:`, 10_000);
  const committedEpoch = worker
    .output()
    .split('\n')
    .map((l) => {
      try {
        return JSON.parse(l) as { time?: number; msg?: string };
      } catch {
        return {};
      }
    })
    .find((l) => l.msg?.includes(`matching run ${run.id}:`))?.time;
  if (committedEpoch === undefined) throw new Error('no summary log line from the worker');
  const [r] = await db.query(
    `SELECT status, error, attempts, proposals_created, stats,
            extract(epoch FROM finished_at - started_at) * 1000 AS recorded_ms,
            extract(epoch FROM started_at) * 1000 AS started_epoch,
            extract(epoch FROM finished_at) * 1000 AS finished_epoch,
            (SELECT count(*)::int FROM proposal_participant pp JOIN proposal p ON p.id = pp.proposal_id WHERE p.run_id = matching_run.id) AS participants
     FROM matching_run WHERE id = $1`,
    [run.id],
  );
  if (r.status !== 'COMPLETED') throw new Error(`run ${r.status}: ${r.error}`);
  // one clock: PostgreSQL, the worker and this process run on the same machine
  const startedEpoch = Number(r.started_epoch);
  const finishedEpoch = Number(r.finished_epoch);
  return {
    id: run.id,
    stats: r.stats as RunStats,
    attempts: r.attempts,
    proposals: r.proposals_created,
    participants: r.participants,
    startedEpoch,
    finishedEpoch,
    committedEpoch,
    requestEpoch,
    wallMs: committedEpoch - startedEpoch,
    e2eMs: committedEpoch - requestEpoch,
    waitMs: startedEpoch - requestEpoch,
    recordedMs: Number(r.recorded_ms),
    commitMs: committedEpoch - finishedEpoch,
    e2eObserved,
    runningSeenMs,
    cpuRunMs,
    idleRss: idle.rss,
    peakRss: Math.max(after.hwm, peakSampled),
  };
}
