import pg from 'pg';
import { parentPort, workerData } from 'node:worker_threads';
import { runMatching } from '../engine/index.js';
import type { EngineReply, EngineRequest } from './engine-host.js';
import { INPUT_STATEMENTS, loadMatchingInputs } from './load-inputs.js';
import { proposalColumns, transferables } from './proposal-columns.js';

/**
 * The process's engine thread (engine-host.ts starts it once and keeps it): says it is ready,
 * then for each request reads the run's inputs itself over its own small pool (connected and its
 * statements planned once, before it says it is ready: a run then reads as fast as a warm read), so that the
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
    // two connections: the run's two queries go in parallel. They stay open while the thread lives
    // (engine-host.ts stops an idle thread after ten minutes): a new connection's first statements
    // plan against cold catalog caches and read the inputs at about half the speed of a warm one
    const p = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 0, application_name: 'chifuku-neo-engine' });
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

/** Opens both connections and plans both statements (EXPLAIN reads no rows), so that the first run finds them warm. */
async function warmUp(url: string | undefined): Promise<void> {
  if (!url) return;
  const p = poolFor(url);
  await Promise.all(INPUT_STATEMENTS.map((sql) => p.query(`EXPLAIN ${sql}`))).catch(() => undefined); // a run will say what is wrong
}

void warmUp((workerData as { databaseUrl?: string } | null)?.databaseUrl).then(() => port.postMessage({ type: 'ready' }));
