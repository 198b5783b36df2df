import { Foundation1764000000000 } from './1764000000000-foundation.js';
import { FutureConference1764100000000 } from './1764100000000-future-conference.js';

/** Every migration, in order. Listed explicitly: globs do not survive ESM builds. */
export const migrations = [Foundation1764000000000, FutureConference1764100000000];
