import type { EntityManager } from 'typeorm';

/**
 * Erases one support need and everything held about that person: the contact card, the safety
 * reports (their sealed notes) and latest statuses of every disaster, the pairings (proposed,
 * approved, rejected: who was to help whom), then the need itself. Explicit deletes rather than
 * trusting the cascades alone, so the list of what goes is written here, in one place.
 *
 * What stays: support_audit rows (append-only accountability: ids only, never a label, a card or a
 * note, so nothing of the person is left in them once the need is gone), drill events (their titles
 * are the coordinators', never a label), disasters (areas and titles), and the feed (no line names
 * a need). Returns false when there was no such need. Runs in the caller's transaction: the
 * erasure registry of the safeguarding work calls it as one step among others.
 */
export async function eraseSupportNeed(tx: EntityManager, needId: string): Promise<boolean> {
  // the lock makes racing writers (an approval, a new card, a report) either finish first or find nothing
  const found: unknown[] = await tx.query('SELECT 1 FROM support_need WHERE id = $1 FOR UPDATE', [needId]);
  if (!found.length) return false;
  await tx.query('DELETE FROM support_contact_card WHERE need_id = $1', [needId]);
  await tx.query('DELETE FROM safety_state WHERE need_id = $1', [needId]);
  await tx.query('DELETE FROM safety_report WHERE need_id = $1', [needId]);
  await tx.query('DELETE FROM support_pairing WHERE need_id = $1', [needId]);
  await tx.query('DELETE FROM support_need WHERE id = $1', [needId]);
  return true;
}
