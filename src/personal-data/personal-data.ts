import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';

/**
 * Whose data a step holds: a student (erased by `withdrawStudent`, exported by `exportStudentData`),
 * or a person in need of help registered pseudonymously by a coordinator (erased by
 * `removeSupportNeed`).
 */
export type DataSubject = 'student' | 'supportNeed';

/**
 * One module's share of what the service holds on a person, and how to hand it over and erase it.
 * Every module that keeps a student's (or a needy person's) data provides one (a provider marked
 * @PersonalData()), the registry finds them all, and the erasure (and the export) run every one of
 * them in one transaction: a module added later cannot be forgotten. test/e2e/personal-data.spec
 * checks that the steps together cover every column that points at an account, a student or a
 * support need.
 */
export interface PersonalDataStep {
  /** whose data; 'student' when absent */
  readonly subject?: DataSubject;
  /** `table.column` of each column pointing at the student (their id) whose rows this step exports and erases */
  readonly covers: readonly string[];
  /**
   * the module's data on the student, as top-level sections of the export (names unique across
   * steps); student steps only (a needy person's data has no export of its own: coordinators hold it)
   */
  export?(tx: EntityManager, subjectId: string): Promise<Record<string, unknown>>;
  /**
   * erases it, inside the erasure's transaction, which already holds the subject's row (a
   * student's FOR NO KEY UPDATE: step 1 of matching/lock-order.ts; a need's FOR UPDATE)
   */
  erase(tx: EntityManager, subjectId: string): Promise<void>;
}

/**
 * Marks a provider as a PersonalDataStep. `order`: erasure runs in ascending order (default 100);
 * the matching graph lets go of the student first (10), the student's own row is anonymised last
 * (1000).
 */
export const PersonalData = DiscoveryService.createDecorator<{ order?: number } | undefined>();
