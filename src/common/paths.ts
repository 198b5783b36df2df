import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project's root (where package.json is), from src/ under ts or dist/src/ when built. */
function findRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${from}`);
}

export const PROJECT_ROOT = findRoot(import.meta.dirname);
