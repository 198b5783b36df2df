import type { EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';

/**
 * The one order in which transactions lock the rows of the matching graph. Every path that locks
 * more than one of these tables takes them in this order, and the rows of one table in id order,
 * so that no two of them can wait on each other (no deadlock, whatever runs at once):
 *
 *   1. student        consent changes and withdrawals FOR NO KEY UPDATE; runs and approvals
 *                     FOR SHARE (the students they are about to propose or seat), so a consent
 *                     change waits for them, or they wait for it and see it
 *   2. proposal       a run superseding the open ones, an approval or rejection deciding one,
 *                     a student leaving the open ones
 *   3. joint_action   a student leaving one (and later, the replies to it)
 *   4. offer          its approved_count taken by an approval or given back by a departure
 *   5. event          its participant_count (joins, leaves, a gathering's participants)
 *
 * Rows created in the transaction (a new joint action, its gathering) are invisible to everyone
 * else until it commits and need no place in the order.
 */
export const LOCK_ORDER = ['student', 'proposal', 'joint_action', 'offer', 'event'] as const;

/** A student may be proposed or seated: consent (not needed at university) and not withdrawn. */
export const CONSENTING_SQL = `s.withdrawn_at IS NULL AND (s.guardian_consent OR s.stage = 'UNIVERSITY')`;

/**
 * Step 1 for runs and approvals: takes a share lock on the students, in id order, and returns those
 * who may still be proposed or seated (`condition` over alias `s`). A consent change in flight is
 * waited for and its result seen; one that starts later waits until this transaction ends.
 */
export async function shareLockStudents(tx: EntityManager, studentIds: readonly string[], condition = CONSENTING_SQL): Promise<Set<string>> {
  if (!studentIds.length) return new Set();
  const locked = await rows<{ id: string }>(
    tx,
    `SELECT s.id FROM student s WHERE s.id = ANY($1::uuid[]) AND ${condition} ORDER BY s.id FOR SHARE OF s`,
    [[...new Set(studentIds)]],
  );
  return new Set(locked.map((r) => r.id));
}
