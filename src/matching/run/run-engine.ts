import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../../common/paths.js';
import { runMatching, type MatchingStats } from '../engine/index.js';
import { EngineThreadHost, type EngineResult } from './engine-host.js';
import { loadMatchingInputs } from './load-inputs.js';
import { proposalColumns } from './proposal-columns.js';

/** Where a run's engine time went besides the engine itself (ms; epochs in ms since 1970, one clock for all threads). */
export interface EngineTimings {
  /** warm: the process's engine thread was ready; started: it was started for this run; inline: no compiled thread script */
  thread: 'warm' | 'started' | 'inline';
  /** how the inputs reached the engine */
  handOver: string;
  /** waiting for the thread to be ready (0 when warm) */
  startMs: number;
  /** the request posted until the thread has it (and, when handed over, its inputs) */
  handOverMs: number;
  /** the engine, and its proposals shaped into the columns the writes bind */
  computeMs: number;
  /** the result posted by the thread until the main thread has it */
  returnMs: number;
  requestedAt: number;
  returnedAt: number;
}

export interface EngineRun {
  result: EngineResult & { stats: MatchingStats & { engine: EngineTimings } };
  /** how many students and offers the run read */
  students: number;
  offers: number;
  /** reading the inputs (in the engine thread when it reads them itself) */
  loadedMs: number;
}

const epoch = (): number => performance.timeOrigin + performance.now();

let host: EngineThreadHost | undefined;
/**
 * The process's engine thread (made on first use, for the database it reads from), or undefined
 * when no compiled thread script exists (TypeScript run directly).
 */
export function engineThread(databaseUrl: string | undefined): EngineThreadHost | undefined {
  if (!host) {
    const script = threadScript();
    if (script) host = new EngineThreadHost(script, undefined, databaseUrl);
  }
  return host;
}

const urlOf = (db: DataSource): string | undefined => (db.options as { url?: string }).url;

/**
 * Reads the run's inputs and runs the engine. The engine is CPU-bound and synchronous: in the
 * process's warm engine thread it leaves the job's event loop free (BullMQ keeps renewing the
 * job's lock, progress reaches the database while it computes), and the thread reads the inputs
 * itself, so that they are never copied between threads. Inline (no thread script) it reads and
 * computes here.
 */
export async function runEngine(db: DataSource, themeLabels: Record<string, string>, onProgress: (fraction: number, pairsScored: number) => void): Promise<EngineRun> {
  const requestedAt = epoch();
  const databaseUrl = urlOf(db);
  const thread = engineThread(databaseUrl);
  if (!thread) {
    const inputs = await loadMatchingInputs(db);
    const loadedMs = epoch() - requestedAt;
    const computing = epoch();
    const result = runMatching(inputs.students, inputs.offers, { themeLabels, onProgress });
    const proposals = proposalColumns(result.proposals);
    const engine: EngineTimings = { thread: 'inline', handOver: 'none (inline)', startMs: 0, handOverMs: 0, computeMs: epoch() - computing, returnMs: 0, requestedAt, returnedAt: epoch() };
    return { result: { ...result, proposals, stats: { ...result.stats, engine } }, students: inputs.students.length, offers: inputs.offers.length, loadedMs: Math.round(loadedMs) };
  }
  // a data source configured without a URL: read here and hand the inputs over
  const inputs = databaseUrl ? undefined : await loadMatchingInputs(db);
  const loadedHere = epoch() - requestedAt;
  const reply = await thread.run({ themeLabels, databaseUrl, inputs }, onProgress);
  const returnedAt = epoch();
  const engine: EngineTimings = {
    thread: reply.warm ? 'warm' : 'started',
    handOver: inputs ? 'structured clone' : 'none: the thread reads the inputs itself',
    startMs: reply.startMs,
    handOverMs: Math.max(0, reply.received - (requestedAt + loadedHere + reply.startMs)),
    computeMs: reply.computeMs,
    returnMs: returnedAt - reply.sent,
    requestedAt,
    returnedAt,
  };
  return { result: { ...reply.result, stats: { ...reply.result.stats, engine } }, students: reply.students, offers: reply.offers, loadedMs: Math.round(inputs ? loadedHere : reply.loadedMs) };
}

/** Starts the worker's engine thread at boot (the first run finds it warm) and stops it at shutdown. */
@Injectable()
export class EngineThreadLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MatchingEngine');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onApplicationBootstrap(): void {
    // a thread that fails to start fails the first run instead, which starts it again; "ready" (its
    // connections open, its statements planned) is what bench:matching waits for, so that its run
    // finds the thread warm, as a run after boot does
    engineThread(urlOf(this.db))
      ?.start()
      .then(() => this.logger.log('engine thread ready'))
      .catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await host?.stop();
  }
}

function threadScript(): string | undefined {
  const here = fileURLToPath(new URL('./engine-thread.js', import.meta.url));
  if (existsSync(here)) return here;
  const built = join(PROJECT_ROOT, 'dist', 'src', 'matching', 'run', 'engine-thread.js');
  return existsSync(built) ? built : undefined;
}
