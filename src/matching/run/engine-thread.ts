import { parentPort, workerData } from 'node:worker_threads';
import { runMatching, type MatchingOptions, type OfferInput, type StudentInput } from '../engine/index.js';

/** Runs the pure engine off the main thread: progress messages while it works, then the result. */
const { students, offers, themeLabels } = workerData as { students: StudentInput[]; offers: OfferInput[]; themeLabels: MatchingOptions['themeLabels'] };
const result = runMatching(students, offers, {
  themeLabels,
  onProgress: (fraction, pairsScored) => parentPort!.postMessage({ type: 'progress', fraction, pairsScored }),
});
parentPort!.postMessage({ type: 'result', result });
