import pg from 'pg';
import { parentPort } from 'node:worker_threads';
import { runMatching } from '../engine/index.js';
import type { EngineReply, EngineRequest } from './engine-host.js';
import { loadMatchingInputs } from './load-inputs.js';
import { proposalColumns, transferables } from './proposal-columns.js';

/**
 * The process's engine thread (engine-host.ts starts it once and keeps it): says it is ready,
 * then for each request reads the run's inputs itself over its own small pool, so that the
 * inputs never cross threads (a structured clone of every student and offer cost more than the
 * load), runs the pure engine with progress messages, and posts the result. A failure is posted
 * back and the thread stays ready for the next run.
 */
const epoch = (): number => performance.timeOrigin + performance.now();
const port = parentPort!;
let pool: { url: string; pool: pg.Pool } | undefined;

function poolFor(url: string): pg.Pool {
  if (pool?.url !== url) {
    void pool?.pool.end().catch(() => undefined);
    // two connections: the run's two queries go in parallel; idle ones close, the thread holds none between runs
    const p = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 10_000, application_name: 'chifuku-neo-engine' });
    p.on('error', () => undefined); // an idle connection the server dropped: the next query opens another
    pool = { url, pool: p };
  }
  return pool.pool;
}

port.on('message', (m: EngineRequest) => void handle(m));

async function handle(m: EngineRequest): Promise<void> {
  const received = epoch();
  try {
    let inputs = m.inputs;
    let loadedMs = 0;
    if (!inputs) {
      const p = poolFor(m.databaseUrl!);
      inputs = await loadMatchingInputs({ query: async (sql: string) => (await p.query(sql)).rows });
      loadedMs = epoch() - received;
    }
    const computing = epoch();
    const result = runMatching(inputs.students, inputs.offers, {
      themeLabels: m.themeLabels,
      onProgress: (fraction, pairsScored) => port.postMessage({ type: 'progress', fraction, pairsScored }),
    });
    const proposals = proposalColumns(result.proposals);
    const computeMs = epoch() - computing;
    const reply: EngineReply = { type: 'result', result: { ...result, proposals }, students: inputs.students.length, offers: inputs.offers.length, received, loadedMs, computeMs, sent: epoch() };
    port.postMessage(reply, transferables(proposals));
  } catch (err) {
    // a message only: the error of a query or of the engine, never the inputs
    port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
}

port.postMessage({ type: 'ready' });
