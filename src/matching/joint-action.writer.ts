import type { EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { conflict } from '../common/errors/domain-error.js';
import type { JobsService } from '../common/queue/jobs.service.js';

/** Invitations are answered within this many days unless the approval says otherwise. */
export const DEFAULT_RESPONSE_DAYS = 7;

/** Two weeks on, 16:00 in Kurume: a first date for the gathering, which organisers can move. */
export function defaultGatheringStart(now = new Date()): Date {
  const jst = new Date(now.getTime() + 9 * 3600_000);
  jst.setUTCDate(jst.getUTCDate() + 14);
  return new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate(), 16 - 9, 0, 0));
}

export const defaultRespondBy = (now = new Date()): Date => new Date(now.getTime() + DEFAULT_RESPONSE_DAYS * 86400_000);

/** The latest deadline an approval may set: invitations a year old are not invitations any more. */
export const MAX_RESPONSE_DAYS = 366;

export interface LiveJointAction {
  id: string;
  eventId: string;
  respondBy: Date;
}

/**
 * Step 3 of lock-order.ts for an approval: the offer's live joint action (awaiting replies or
 * confirmed), locked, if it has one. An approval of a later proposal of the offer refills it.
 */
export async function lockLiveJointAction(tx: EntityManager, offerId: string): Promise<LiveJointAction | null> {
  const [live]: LiveJointAction[] = await tx.query(
    `SELECT id, event_id AS "eventId", respond_by AS "respondBy" FROM joint_action
     WHERE offer_id = $1 AND status <> 'CANCELLED' ORDER BY created_at DESC, id LIMIT 1 FOR UPDATE`,
    [offerId],
  );
  return live ?? null;
}

/**
 * What an approval writes, inside its transaction, under the live joint action's lock (step 3) and
 * before the offer takes the places (step 4, by the caller, for the students invited): the
 * invitations, and either a new joint action AWAITING_REPLIES with its gathering (an event on
 * FUTURE_CONFERENCE hosted by the offer's organisation, marked `gathering`: only the joint
 * action's parties see it; its participants are the students who accept) or, when the offer has a
 * live one, the refill of it (its deadline moves to the later of the two). Then the jobs, in the
 * outbox with the rows that cause them: the invitations' notifications, and the deadline (a
 * delayed job, surviving restarts like every job).
 */
export async function inviteToJointAction(
  tx: EntityManager,
  jobs: JobsService,
  a: {
    proposalId: string;
    offerId: string;
    plan: { title: string; summary: string; themes: string[] };
    students: string[];
    coordinatorId: string;
    offer: { organizationId: string; mode: string; area: string | null; minParticipants: number };
    live: LiveJointAction | null;
    startsAt?: Date;
    respondBy: Date;
  },
): Promise<{ jointActionId: string; refill: boolean; invited: string[] }> {
  let jointActionId: string;
  let respondBy: Date;
  let invited: string[];
  if (a.live) {
    jointActionId = a.live.id;
    // a student invited before who let it lapse or left may be invited again (one who declined never is)
    const reinvited: { studentId: string }[] = await tx.query(
      `INSERT INTO joint_action_invitation (joint_action_id, student_id, proposal_id) SELECT $1, s, $2 FROM unnest($3::uuid[]) AS s
       ON CONFLICT (joint_action_id, student_id) DO UPDATE SET status = 'PENDING', proposal_id = EXCLUDED.proposal_id, invited_at = now(), responded_at = NULL
       WHERE joint_action_invitation.status IN ('EXPIRED', 'WITHDRAWN')
       RETURNING student_id AS "studentId"`,
      [jointActionId, a.proposalId, a.students],
    );
    invited = reinvited.map((r) => r.studentId);
    const [moved] = await rows<{ respondBy: Date }>(tx, `UPDATE joint_action SET respond_by = greatest(respond_by, $2) WHERE id = $1 RETURNING respond_by AS "respondBy"`, [
      jointActionId,
      a.respondBy,
    ]);
    respondBy = moved.respondBy;
  } else {
    if (a.students.length < a.offer.minParticipants) {
      throw conflict(`この募集は${a.offer.minParticipants}人以上で始めます: 参加できる生徒が${a.students.length}人です (fewer than minParticipants)`);
    }
    const [event]: { id: string }[] = await tx.query(
      `INSERT INTO event (platform, title, description, starts_at, mode, location, host_organization_id, created_by, gathering)
       VALUES ('FUTURE_CONFERENCE', $1, $2, $3, $4, $5, $6, $7, true) RETURNING id`,
      [a.plan.title.slice(0, 200), a.plan.summary.slice(0, 4000), a.startsAt ?? defaultGatheringStart(), a.offer.mode, a.offer.area, a.offer.organizationId, a.coordinatorId],
    );
    const [ja]: { id: string }[] = await tx.query(
      `INSERT INTO joint_action (proposal_id, offer_id, title, summary, themes, event_id, status, respond_by, organization_status)
       VALUES ($1, $2, $3, $4, $5, $6, 'AWAITING_REPLIES', $7, 'PENDING') RETURNING id`,
      [a.proposalId, a.offerId, a.plan.title, a.plan.summary, a.plan.themes, event.id, a.respondBy],
    );
    jointActionId = ja.id;
    respondBy = a.respondBy;
    await tx.query(
      `INSERT INTO joint_action_invitation (joint_action_id, student_id, proposal_id) SELECT $1, s, $2 FROM unnest($3::uuid[]) AS s`,
      [jointActionId, a.proposalId, a.students],
    );
    invited = [...a.students];
  }
  await tx.query('UPDATE proposal SET joint_action_id = $2 WHERE id = $1', [a.proposalId, jointActionId]);
  await jobs.record(tx, 'joint-action-invited', { jointActionId, proposalId: a.proposalId });
  await jobs.record(tx, 'joint-action-expiry', { jointActionId, respondBy: respondBy.getTime() }, { delayMs: respondBy.getTime() - Date.now() });
  return { jointActionId, refill: a.live !== null, invited };
}
