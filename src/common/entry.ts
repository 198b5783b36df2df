import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './config/config.js';

/** True when this module is the script node was started with. */
export function isEntryPoint(moduleUrl: string): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(fileURLToPath(moduleUrl)) === realpathSync(process.argv[1]);
  } catch {
    return false;
  }
}

/** Runs a start-up; a bad configuration prints its one clear message, anything else its error, and exits 1. */
export function runOrExit(start: () => Promise<unknown>): void {
  start().catch((err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  });
}

/**
 * `shutdownHooks: false` when the caller stops the app itself: `npm start` runs the API, the worker
 * and the embedded database in one process and closes them in order on one signal handler (two
 * handlers would close the API twice).
 */
export interface StartOptions {
  shutdownHooks?: boolean;
}
