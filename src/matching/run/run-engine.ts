import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../../common/paths.js';
import { runMatching, type MatchingResult, type OfferInput, type StudentInput } from '../engine/index.js';

/**
 * The engine is CPU-bound and synchronous. Run in a worker thread, it leaves the job's event loop
 * free: BullMQ keeps renewing the job's lock and progress reaches the database while it computes.
 * When no compiled thread script exists (TypeScript run directly), it runs inline.
 */
export async function runEngine(
  students: StudentInput[],
  offers: OfferInput[],
  themeLabels: Record<string, string>,
  onProgress: (fraction: number, pairsScored: number) => void,
): Promise<MatchingResult> {
  const script = threadScript();
  if (!script) return runMatching(students, offers, { themeLabels, onProgress });
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { students, offers, themeLabels } });
    worker.on('message', (m: { type: 'progress'; fraction: number; pairsScored: number } | { type: 'result'; result: MatchingResult }) => {
      if (m.type === 'progress') onProgress(m.fraction, m.pairsScored);
      else resolve(m.result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`matching engine thread exited with ${code}`)));
  });
}

function threadScript(): string | undefined {
  const here = fileURLToPath(new URL('./engine-thread.js', import.meta.url));
  if (existsSync(here)) return here;
  const built = join(PROJECT_ROOT, 'dist', 'src', 'matching', 'run', 'engine-thread.js');
  return existsSync(built) ? built : undefined;
}
