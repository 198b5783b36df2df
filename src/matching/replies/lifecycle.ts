import type { EntityManager } from 'typeorm';
import { rows } from '../../common/database/sql.js';
import { InvitationStatus, JointActionStatus } from '../matching.enums.js';
import { freePlaces, leaveGathering } from './seats.js';

/**
 * The life of a joint action after an approval, each step inside a transaction that holds the
 * joint action's row (step 3 of lock-order.ts, `lockJointAction`):
 *
 *   AWAITING_REPLIES ─ the organisation accepted and ≥ minParticipants students accepted ─▶ CONFIRMED
 *          │                                                                                  │
 *          └─ the organisation declined, or at respondBy: it had not accepted,                │
 *             or fewer than minParticipants students had ─▶ CANCELLED                         │
 *   at respondBy every PENDING invitation becomes EXPIRED (its place goes back) ◀─────────────┘
 *
 * A student answering ACCEPTED joins the participants and the gathering; DECLINED gives the place
 * back. A cancellation gives back every place still held, its pending invitations lapse (EXPIRED),
 * and the gathering loses its participants. Places given back are counted in the offer's
 * freed_places and ask for a (debounced) run, which fills them.
 */

export interface LockedJointAction {
  id: string;
  offerId: string;
  eventId: string;
  status: JointActionStatus;
  respondBy: Date;
  organizationStatus: InvitationStatus;
  organizationId: string;
  minParticipants: number;
}

/** Step 3: the joint action, locked for the rest of the transaction (null when there is none). */
export async function lockJointAction(tx: EntityManager, id: string): Promise<LockedJointAction | null> {
  const [ja]: LockedJointAction[] = await tx.query(
    `SELECT ja.id, ja.offer_id AS "offerId", ja.event_id AS "eventId", ja.status::text AS status, ja.respond_by AS "respondBy",
       ja.organization_status::text AS "organizationStatus", o.organization_id AS "organizationId", o.min_participants AS "minParticipants"
     FROM joint_action ja JOIN offer o ON o.id = ja.offer_id WHERE ja.id = $1 FOR UPDATE OF ja`,
    [id],
  );
  return ja ?? null;
}

const accepted = async (tx: EntityManager, id: string): Promise<number> =>
  (await tx.query(`SELECT count(*)::int AS n FROM joint_action_invitation WHERE joint_action_id = $1 AND status = 'ACCEPTED'`, [id]))[0].n;

/** After an answer: CONFIRMED once the organisation and at least minParticipants students accepted. */
export async function confirmIfReady(tx: EntityManager, ja: LockedJointAction): Promise<boolean> {
  if (ja.status !== JointActionStatus.AWAITING_REPLIES || ja.organizationStatus !== InvitationStatus.ACCEPTED) return false;
  if ((await accepted(tx, ja.id)) < ja.minParticipants) return false;
  await tx.query(`UPDATE joint_action SET status = 'CONFIRMED', settled_at = clock_timestamp() WHERE id = $1`, [ja.id]);
  ja.status = JointActionStatus.CONFIRMED;
  return true;
}

/** CANCELLED: every place still held goes back (step 4), the gathering loses its participants (step 5). Returns the places freed. */
export async function cancel(tx: EntityManager, ja: LockedJointAction): Promise<number> {
  const [{ held }]: { held: number }[] = await tx.query(
    `SELECT count(*)::int AS held FROM joint_action_invitation WHERE joint_action_id = $1 AND status IN ('PENDING', 'ACCEPTED')`,
    [ja.id],
  );
  await tx.query(`UPDATE joint_action_invitation SET status = 'EXPIRED' WHERE joint_action_id = $1 AND status = 'PENDING'`, [ja.id]);
  await tx.query(`UPDATE joint_action SET status = 'CANCELLED', settled_at = clock_timestamp() WHERE id = $1`, [ja.id]);
  ja.status = JointActionStatus.CANCELLED;
  await freePlaces(tx, ja.offerId, held);
  await leaveGathering(tx, ja, 'all');
  return held;
}

/**
 * The deadline (the expiry job, once respondBy has come): pending invitations lapse and give their
 * places back; then an organisation that never answered, or too few students, cancel it, else
 * it is (or stays) CONFIRMED. Returns the places freed, or null when there was nothing to do.
 */
export async function settleAtDeadline(tx: EntityManager, ja: LockedJointAction): Promise<number | null> {
  if (ja.status === JointActionStatus.CANCELLED) return null;
  const expired = await rows(tx, `UPDATE joint_action_invitation SET status = 'EXPIRED' WHERE joint_action_id = $1 AND status = 'PENDING' RETURNING 1`, [ja.id]);
  await freePlaces(tx, ja.offerId, expired.length);
  if (ja.status === JointActionStatus.CONFIRMED) return expired.length;
  if (ja.organizationStatus === InvitationStatus.PENDING) {
    await tx.query(`UPDATE joint_action SET organization_status = 'EXPIRED' WHERE id = $1`, [ja.id]);
    ja.organizationStatus = InvitationStatus.EXPIRED;
    return expired.length + (await cancel(tx, ja));
  }
  if (!(await confirmIfReady(tx, ja))) return expired.length + (await cancel(tx, ja));
  return expired.length;
}
