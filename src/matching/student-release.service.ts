import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { MatchingTrigger } from './matching-trigger.service.js';
import { freePlaces, leaveGathering } from './replies/seats.js';

/**
 * What other modules call when a student leaves the matching graph (consent taken back, withdrawal):
 * the release below, and the debounced run that refills the places it gave back, both in the
 * caller's transaction. Matching owns proposals, joint actions and invitations, so no other module
 * writes them.
 */
@Injectable()
export class StudentRelease {
  constructor(private readonly trigger: MatchingTrigger) {}

  /** releaseStudents, then a PLACE_FREED run when places came back. Returns the places given back. */
  async release(tx: EntityManager, studentIds: readonly string[]): Promise<number> {
    const freed = await releaseStudents(tx, studentIds);
    if (freed) await this.trigger.changedIn(tx, 'PLACE_FREED');
    return freed;
  }
}

/**
 * Takes students out of the matching graph when their consent goes (or they leave the programme),
 * inside the caller's transaction, which must already hold their student rows FOR NO KEY UPDATE
 * (step 1 of lock-order.ts). In the lock order:
 *   2. every PROPOSED proposal they are in loses them (one left with nobody is SUPERSEDED);
 *   3. every live invitation of theirs (pending or accepted, in a joint action not cancelled)
 *      becomes WITHDRAWN: they are no longer among its participants (the approved proposal stays,
 *      as the record of the decision, and so does the invitation, as the record of the answer);
 *   4. each offer gets its places back (approved_count, and freed_places for the next run);
 *   5. the gatherings lose them as participants.
 * Returns the places given back (the caller asks for a run when there are any).
 */
export async function releaseStudents(tx: EntityManager, studentIds: readonly string[]): Promise<number> {
  if (!studentIds.length) return 0;
  const ids = [...new Set(studentIds)];
  await leaveOpenProposals(tx, ids);

  const actions = await rows<{ id: string; offerId: string; eventId: string }>(
    tx,
    `SELECT ja.id, ja.offer_id AS "offerId", ja.event_id AS "eventId" FROM joint_action ja
     WHERE ja.status <> 'CANCELLED' AND EXISTS (
       SELECT 1 FROM joint_action_invitation i WHERE i.joint_action_id = ja.id AND i.student_id = ANY($1::uuid[]) AND i.status IN ('PENDING', 'ACCEPTED'))
     ORDER BY ja.id FOR UPDATE OF ja`,
    [ids],
  );
  if (!actions.length) return 0;
  const left = await rows<{ jointActionId: string; studentId: string }>(
    tx,
    `UPDATE joint_action_invitation SET status = 'WITHDRAWN', responded_at = now()
     WHERE student_id = ANY($1::uuid[]) AND joint_action_id = ANY($2::uuid[]) AND status IN ('PENDING', 'ACCEPTED')
     RETURNING joint_action_id AS "jointActionId", student_id AS "studentId"`,
    [ids, actions.map((a) => a.id)],
  );
  // step 4, offers in id order (several joint actions may share none, one or many offers)
  const perOffer = new Map<string, number>();
  for (const l of left) {
    const offerId = actions.find((a) => a.id === l.jointActionId)!.offerId;
    perOffer.set(offerId, (perOffer.get(offerId) ?? 0) + 1);
  }
  for (const [offerId, n] of [...perOffer].sort(([a], [b]) => (a < b ? -1 : 1))) await freePlaces(tx, offerId, n);
  // step 5, gatherings in id order
  for (const a of [...actions].sort((x, y) => (x.eventId < y.eventId ? -1 : 1))) {
    const theirs = left.filter((l) => l.jointActionId === a.id).map((l) => l.studentId);
    await leaveGathering(tx, a, theirs);
  }
  return left.length;
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
