import type { EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';

/**
 * Takes students out of the matching graph when their consent goes (or they leave the programme),
 * inside the caller's transaction, which must already hold their student rows FOR NO KEY UPDATE
 * (step 1 of lock-order.ts). In the lock order:
 *   2. every PROPOSED proposal they are in loses them (one left with nobody is SUPERSEDED);
 *   3. every joint action they were seated in loses them (the approved proposal stays, as the
 *      record of the decision);
 *   4. its offer gets the place back (approved_count), for a later run to fill;
 *   5. its gathering loses them as participants.
 * Returns the joint actions they left.
 */
export async function releaseStudents(tx: EntityManager, studentIds: readonly string[]): Promise<string[]> {
  if (!studentIds.length) return [];
  const ids = [...new Set(studentIds)];
  await leaveOpenProposals(tx, ids);

  const actions = await rows<{ id: string; offerId: string; eventId: string }>(
    tx,
    `SELECT ja.id, ja.offer_id AS "offerId", ja.event_id AS "eventId" FROM joint_action ja
     WHERE EXISTS (SELECT 1 FROM joint_action_participant jp WHERE jp.joint_action_id = ja.id AND jp.student_id = ANY($1::uuid[]))
     ORDER BY ja.id FOR UPDATE OF ja`,
    [ids],
  );
  if (!actions.length) return [];
  const left = await rows<{ jointActionId: string }>(
    tx,
    `DELETE FROM joint_action_participant WHERE student_id = ANY($1::uuid[]) AND joint_action_id = ANY($2::uuid[]) RETURNING joint_action_id AS "jointActionId"`,
    [ids, actions.map((a) => a.id)],
  );
  const perAction = new Map<string, number>();
  for (const l of left) perAction.set(l.jointActionId, (perAction.get(l.jointActionId) ?? 0) + 1);

  const perOffer = new Map<string, number>();
  for (const a of actions) perOffer.set(a.offerId, (perOffer.get(a.offerId) ?? 0) + (perAction.get(a.id) ?? 0));
  const offers = [...perOffer].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : 1));
  if (offers.length) {
    await tx.query('SELECT id FROM offer WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [offers.map(([id]) => id)]);
    await tx.query(
      `UPDATE offer o SET approved_count = greatest(0, o.approved_count - f.n) FROM unnest($1::uuid[], $2::int[]) AS f(id, n) WHERE o.id = f.id`,
      [offers.map(([id]) => id), offers.map(([, n]) => n)],
    );
  }

  const events = [...new Set(actions.map((a) => a.eventId))].sort();
  await tx.query('SELECT id FROM event WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [events]);
  await tx.query(
    `WITH gone AS (
       DELETE FROM event_participant WHERE event_id = ANY($1::uuid[]) AND user_id = ANY($2::uuid[]) AND status = 'JOINED' RETURNING event_id
     )
     UPDATE event e SET participant_count = greatest(0, e.participant_count - g.n)
     FROM (SELECT event_id, count(*)::int AS n FROM gone GROUP BY event_id) g WHERE e.id = g.event_id`,
    [events, ids],
  );
  return actions.filter((a) => perAction.has(a.id)).map((a) => a.id);
}

/**
 * Step 2 alone: takes students out of every PROPOSED proposal at once: their open participant rows
 * go, and a proposal left with nobody becomes SUPERSEDED. The proposals are locked in id order, so
 * an approval deciding one of them at the same moment either seats the student before this runs
 * (and step 3 then takes them out again) or finds them gone.
 */
export async function leaveOpenProposals(tx: EntityManager, studentIds: readonly string[]): Promise<void> {
  const locked = await rows<{ id: string }>(
    tx,
    `SELECT p.id FROM proposal p
     WHERE p.status = 'PROPOSED'
       AND EXISTS (SELECT 1 FROM proposal_participant pp WHERE pp.proposal_id = p.id AND pp.student_id = ANY($1::uuid[]) AND pp.open)
     ORDER BY p.id FOR UPDATE`,
    [studentIds],
  );
  if (!locked.length) return;
  const ids = locked.map((p) => p.id);
  await tx.query('DELETE FROM proposal_participant WHERE student_id = ANY($1::uuid[]) AND proposal_id = ANY($2::uuid[])', [studentIds, ids]);
  await tx.query(
    `UPDATE proposal p SET status = 'SUPERSEDED'
     WHERE p.id = ANY($1::uuid[]) AND p.status = 'PROPOSED' AND NOT EXISTS (SELECT 1 FROM proposal_participant pp WHERE pp.proposal_id = p.id)`,
    [ids],
  );
}
