import type { EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';

/**
 * The one order in which transactions lock the rows of the matching graph. Every path that locks
 * more than one of these tables takes them in this order, and the rows of one table in id order,
 * so that no two of them can wait on each other (no deadlock, whatever runs at once):
 *
 *   1. student        consent changes, withdrawals and approvals (the students they invite)
 *                     FOR NO KEY UPDATE; runs (the students they are about to propose) and a
 *                     student's own answer FOR SHARE: a consent change waits for them, or they
 *                     wait for it and see it, and a run waits for an approval inviting the same
 *                     student and then leaves them out
 *   2. proposal       a run superseding the open ones, an approval or rejection deciding one,
 *                     a student leaving the open ones
 *   3. joint_action   its invitations, the organisation's answer and its status change only
 *                     under its row's lock: answers, the deadline, a refill, a student leaving
 *   4. offer          its approved_count taken by an approval or given back (a decline, an
 *                     expiry, a withdrawal, a cancellation), its freed_places counted by a run
 *   5. event          its participant_count (joins, leaves, a gathering's participants)
 *
 * Rows created in the transaction (a new joint action, its gathering) are invisible to everyone
 * else until it commits and need no place in the order.
 */
export const LOCK_ORDER = ['student', 'proposal', 'joint_action', 'offer', 'event'] as const;

/** A student may be proposed or seated: consent (not needed at university) and not withdrawn. */
export const CONSENTING_SQL = `s.withdrawn_at IS NULL AND (s.guardian_consent OR s.stage = 'UNIVERSITY')`;

/** No live invitation (pending or accepted, in a joint action not cancelled): the student is not placed yet. */
export const NOT_PLACED_SQL = `NOT EXISTS (SELECT 1 FROM joint_action_invitation li JOIN joint_action lja ON lja.id = li.joint_action_id
  WHERE li.student_id = s.id AND li.status IN ('PENDING', 'ACCEPTED') AND lja.status <> 'CANCELLED')`;

/**
 * Step 1 for approvals: locks the students FOR NO KEY UPDATE, in id order, and returns those who
 * may be invited now (consenting, and not placed in another joint action). A run about to propose
 * them waits for this transaction and then sees the invitation.
 */
export async function lockStudentsToInvite(tx: EntityManager, studentIds: readonly string[]): Promise<Set<string>> {
  if (!studentIds.length) return new Set();
  const ids = [...new Set(studentIds)].sort();
  await tx.query('SELECT s.id FROM student s WHERE s.id = ANY($1::uuid[]) ORDER BY s.id FOR NO KEY UPDATE OF s', [ids]);
  const ok = await rows<{ id: string }>(tx, `SELECT s.id FROM student s WHERE s.id = ANY($1::uuid[]) AND ${CONSENTING_SQL} AND ${NOT_PLACED_SQL}`, [ids]);
  return new Set(ok.map((r) => r.id));
}

/**
 * Step 1 for runs and answers: takes a share lock on the students, in id order, and returns those
 * who may still be proposed or seated (`condition` over alias `s`). A consent change in flight is
 * waited for and its result seen; one that starts later waits until this transaction ends.
 */
export async function shareLockStudents(tx: EntityManager, studentIds: readonly string[], condition = CONSENTING_SQL): Promise<Set<string>> {
  if (!studentIds.length) return new Set();
  const ids = [...new Set(studentIds)].sort();
  // two statements: the lock waits for a transaction holding the rows, and only a statement begun
  // after that has a snapshot that sees what it wrote elsewhere (an invitation, not the row itself)
  await tx.query('SELECT s.id FROM student s WHERE s.id = ANY($1::uuid[]) ORDER BY s.id FOR SHARE OF s', [ids]);
  const ok = await rows<{ id: string }>(tx, `SELECT s.id FROM student s WHERE s.id = ANY($1::uuid[]) AND ${condition}`, [ids]);
  return new Set(ok.map((r) => r.id));
}
