import type { EntityManager } from 'typeorm';

/**
 * The places of a joint action, inside a transaction that holds its row (FOR UPDATE: step 3 of
 * lock-order.ts). An invited student holds a place of the offer (approved_count) from the
 * approval until they decline, let the deadline pass or leave; a place given back is counted in
 * freed_places, which the next run's refill reports. Accepted students are the joint action's
 * participants and join its gathering.
 */

/** Step 4: gives `n` places back to the offer, to be filled by a later run. */
export async function freePlaces(tx: EntityManager, offerId: string, n: number): Promise<void> {
  if (n <= 0) return;
  await tx.query(
    `UPDATE offer SET approved_count = greatest(0, approved_count - $2), freed_places = freed_places + $2 WHERE id = $1`,
    [offerId, n],
  );
}

/** Step 5: the students join the joint action's gathering (and become its participants). */
export async function joinGathering(tx: EntityManager, ja: { id: string; eventId: string }, studentIds: readonly string[]): Promise<void> {
  if (!studentIds.length) return;
  await tx.query('INSERT INTO joint_action_participant (joint_action_id, student_id) SELECT $1, s FROM unnest($2::uuid[]) AS s ON CONFLICT DO NOTHING', [ja.id, studentIds]);
  await tx.query(
    `WITH joined AS (
       INSERT INTO event_participant (event_id, user_id, status) SELECT $1, s, 'JOINED' FROM unnest($2::uuid[]) AS s ON CONFLICT DO NOTHING RETURNING 1
     )
     UPDATE event SET participant_count = participant_count + (SELECT count(*) FROM joined) WHERE id = $1`,
    [ja.eventId, studentIds],
  );
}

/** Step 5: the students leave the joint action's participants and its gathering. */
export async function leaveGathering(tx: EntityManager, ja: { id: string; eventId: string }, studentIds: readonly string[] | 'all'): Promise<void> {
  const all = studentIds === 'all';
  if (!all && !studentIds.length) return;
  await tx.query(`DELETE FROM joint_action_participant WHERE joint_action_id = $1 ${all ? '' : 'AND student_id = ANY($2::uuid[])'}`, all ? [ja.id] : [ja.id, studentIds]);
  await tx.query(
    `WITH gone AS (
       DELETE FROM event_participant WHERE event_id = $1 AND status = 'JOINED' ${all ? '' : 'AND user_id = ANY($2::uuid[])'} RETURNING 1
     )
     UPDATE event SET participant_count = greatest(0, participant_count - (SELECT count(*) FROM gone)) WHERE id = $1`,
    all ? [ja.eventId] : [ja.eventId, studentIds],
  );
}
