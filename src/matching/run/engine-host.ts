import { Worker } from 'node:worker_threads';
import type { MatchingResult, OfferInput, StudentInput } from '../engine/index.js';
import type { ProposalColumns } from './proposal-columns.js';

/** The engine's result with its proposals as the writes bind them (proposal-columns.ts). */
export type EngineResult = Omit<MatchingResult, 'proposals'> & { proposals: ProposalColumns };

/** What the main thread asks of the engine thread: the inputs themselves, or where to read them. */
export interface EngineRequest {
  themeLabels: Record<string, string>;
  /** the thread reads the inputs itself (load-inputs.ts) from this database */
  databaseUrl?: string;
  /** or is handed them (structured clone) */
  inputs?: { students: StudentInput[]; offers: OfferInput[] };
}

/** The thread's answer; times in ms, epochs in ms since 1970 (one clock for every thread of the process). */
export interface EngineReply {
  type: 'result';
  result: EngineResult;
  students: number;
  offers: number;
  /** when the thread got the request */
  received: number;
  /** reading the inputs in the thread (0 when they were handed over) */
  loadedMs: number;
  computeMs: number;
  /** when the thread posted the result */
  sent: number;
}

type Message = { type: 'ready' } | { type: 'progress'; fraction: number; pairsScored: number } | { type: 'failed'; message: string } | EngineReply;

interface InFlight {
  resolve: (reply: EngineReply) => void;
  reject: (err: Error) => void;
  onProgress: (fraction: number, pairsScored: number) => void;
}

/**
 * One warm engine thread for the process: started once (at the worker's boot, or by the first
 * run), reused by every run, one run at a time (the engine is CPU-bound and synchronous; a second
 * request waits for the first), started again if it dies (the run in flight fails and is retried
 * like any failed job). Unreferenced while idle, so it never keeps a process alive, and stopped
 * after `idleMs` without a run (it holds the heap of the last run's garbage until then).
 * `stop()` lets the run in flight finish, then terminates it (the worker's shutdown).
 */
export class EngineThreadHost {
  private worker?: Worker;
  private ready?: Promise<void>;
  private isReady = false;
  private failReady?: (err: Error) => void;
  private current?: InFlight;
  private tail: Promise<unknown> = Promise.resolve();
  private idleTimer?: NodeJS.Timeout;

  constructor(
    private readonly script: string,
    private readonly idleMs = 10 * 60_000,
    /** the database the thread reads the inputs from: it connects and prepares before it says it is ready */
    private readonly databaseUrl?: string,
  ) {}

  /** Starts the thread unless it runs; resolves once it is ready. */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(this.script, { workerData: { databaseUrl: this.databaseUrl } });
    worker.unref();
    this.worker = worker;
    this.isReady = false;
    this.ready = new Promise<void>((resolve, reject) => {
      this.failReady = reject;
      worker.on('message', (m: Message) => {
        if (m.type === 'ready') {
          this.isReady = true;
          resolve();
        } else this.onMessage(m);
      });
    });
    this.ready.catch(() => undefined); // a thread that dies before it is ready fails the run waiting for it, not the process
    worker.once('error', (err) => this.died(worker, err));
    worker.once('exit', (code) => this.died(worker, new Error(`matching engine thread exited with ${code}`)));
    return this.ready;
  }

  /** One run on the thread, after the one in flight; `startMs` is how long it waited for the thread to be ready. */
  run(request: EngineRequest, onProgress: InFlight['onProgress']): Promise<EngineReply & { warm: boolean; startMs: number }> {
    const next = this.tail.then(() => this.runNow(request, onProgress));
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Lets the run in flight (and those queued) finish, then terminates the thread. */
  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    // until no run is in flight or queued (one may be queued while we wait)
    for (let tail = this.tail; ; tail = this.tail) {
      await tail;
      if (tail === this.tail) break;
    }
    const worker = this.worker;
    this.forget();
    await worker?.terminate();
  }

  private async runNow(request: EngineRequest, onProgress: InFlight['onProgress']): Promise<EngineReply & { warm: boolean; startMs: number }> {
    clearTimeout(this.idleTimer);
    const warm = this.isReady;
    const t0 = performance.now();
    await this.start();
    const startMs = performance.now() - t0;
    const worker = this.worker!;
    worker.ref(); // a run in progress keeps the process alive
    try {
      const reply = await new Promise<EngineReply>((resolve, reject) => {
        this.current = { resolve, reject, onProgress };
        worker.postMessage(request);
      });
      return { ...reply, warm, startMs };
    } finally {
      this.current = undefined;
      if (this.worker === worker) {
        worker.unref();
        this.idleTimer = setTimeout(() => void this.stop(), this.idleMs).unref();
      }
    }
  }

  private onMessage(m: Exclude<Message, { type: 'ready' }>): void {
    const c = this.current;
    if (!c) return;
    if (m.type === 'progress') c.onProgress(m.fraction, m.pairsScored);
    else if (m.type === 'failed') c.reject(new Error(m.message));
    else c.resolve(m);
  }

  private died(worker: Worker, err: Error): void {
    if (this.worker !== worker) return; // a thread stopped on purpose
    const [failReady, current] = [this.failReady, this.current];
    this.forget();
    failReady?.(err);
    current?.reject(err);
  }

  private forget(): void {
    this.worker = undefined;
    this.ready = undefined;
    this.isReady = false;
    this.failReady = undefined;
  }
}
