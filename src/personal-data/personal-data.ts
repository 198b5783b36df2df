import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';

/**
 * One module's share of what the service holds on a student, and how to hand it over and erase it.
 * Every module that keeps a student's data provides one (a provider marked @PersonalData()), the
 * registry finds them all, and `withdrawStudent` and `exportStudentData` run every one of them in
 * one transaction: a module added later cannot be forgotten by either. test/e2e/personal-data.spec
 * checks that the steps together cover every column that points at a student's account.
 */
export interface PersonalDataStep {
  /** `table.column` of each column pointing at the student (their id) whose rows this step exports and erases */
  readonly covers: readonly string[];
  /** the module's data on the student, as top-level sections of the export (names unique across steps) */
  export(tx: EntityManager, studentId: string): Promise<Record<string, unknown>>;
  /**
   * erases it, inside the withdrawal's transaction, which already holds the student row FOR NO KEY
   * UPDATE (step 1 of matching/lock-order.ts)
   */
  erase(tx: EntityManager, studentId: string): Promise<void>;
}

/**
 * Marks a provider as a PersonalDataStep. `order`: erasure runs in ascending order (default 100);
 * the matching graph lets go of the student first (10), the student's own row is anonymised last
 * (1000).
 */
export const PersonalData = DiscoveryService.createDecorator<{ order?: number } | undefined>();
