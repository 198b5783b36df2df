import type { EntityManager } from 'typeorm';

/**
 * What a change to students asks of the matching graph. Matching sits above students (it reads
 * them), so students do not import it: they declare this port, and matching provides it
 * (matching-trigger.module.ts, a global module of the composition roots).
 */
export interface StudentMatching {
  /**
   * In the caller's transaction, which holds the students' rows FOR NO KEY UPDATE: they leave every
   * open proposal and live invitation, their places go back, and a debounced run is asked for when
   * any did. Returns the places given back.
   */
  release(tx: EntityManager, studentIds: readonly string[]): Promise<number>;
  /** After a profile change has committed: the debounced automatic run. */
  profileChanged(): Promise<unknown>;
}

export const STUDENT_MATCHING = Symbol('STUDENT_MATCHING');
