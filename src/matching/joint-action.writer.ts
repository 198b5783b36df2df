import type { EntityManager } from 'typeorm';

/** Two weeks on, 16:00 in Kurume: a first date for the gathering, which organisers can move. */
export function defaultGatheringStart(now = new Date()): Date {
  const jst = new Date(now.getTime() + 9 * 3600_000);
  jst.setUTCDate(jst.getUTCDate() + 14);
  return new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate(), 16 - 9, 0, 0));
}

/**
 * The rows an approval creates, inside the approving transaction: the gathering (an event on
 * FUTURE_CONFERENCE, hosted by the offer's organisation, the students joined, marked `gathering`:
 * only the joint action's parties see it), the joint action
 * and its participants, and notifications to the students and the organisation's members.
 */
export async function createJointAction(
  tx: EntityManager,
  a: {
    proposalId: string;
    offerId: string;
    plan: { title: string; summary: string; themes: string[] };
    students: string[];
    coordinatorId: string;
    offer: { organizationId: string; mode: string; area: string | null };
    startsAt?: Date;
  },
): Promise<string> {
  const [event]: { id: string }[] = await tx.query(
    `INSERT INTO event (platform, title, description, starts_at, mode, location, host_organization_id, created_by, participant_count, gathering)
     VALUES ('FUTURE_CONFERENCE', $1, $2, $3, $4, $5, $6, $7, $8, true) RETURNING id`,
    [a.plan.title.slice(0, 200), a.plan.summary.slice(0, 4000), a.startsAt ?? defaultGatheringStart(), a.offer.mode, a.offer.area, a.offer.organizationId, a.coordinatorId, a.students.length],
  );
  await tx.query(`INSERT INTO event_participant (event_id, user_id, status) SELECT $1, s, 'JOINED' FROM unnest($2::uuid[]) AS s`, [event.id, a.students]);
  const [ja]: { id: string }[] = await tx.query(
    `INSERT INTO joint_action (proposal_id, offer_id, title, summary, themes, event_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [a.proposalId, a.offerId, a.plan.title, a.plan.summary, a.plan.themes, event.id],
  );
  await tx.query(`INSERT INTO joint_action_participant (joint_action_id, student_id) SELECT $1, s FROM unnest($2::uuid[]) AS s`, [ja.id, a.students]);
  // students and the organisation learn of the match; the body names the action, never a student
  await tx.query(
    `INSERT INTO notification (user_id, kind, dedupe_key, title, body, event_id)
     SELECT u.user_id, 'JOINT_ACTION_APPROVED', 'joint-action:' || $1 || ':' || u.user_id, $2, $3, $4
     FROM (SELECT unnest($5::uuid[]) AS user_id UNION SELECT user_id FROM organization_member WHERE organization_id = $6) u
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [ja.id, '協働アクションが決まりました', `「${a.plan.title}」が承認されました。はじめての集まりの日程は地域福祉NEOのイベントで確認できます。`, event.id, a.students, a.offer.organizationId],
  );
  return ja.id;
}
