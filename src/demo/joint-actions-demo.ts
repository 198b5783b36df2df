import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';
import type { Viewer } from '../common/graphql/context.js';
import { ThemeService } from '../graph/theme.service.js';
import { Role } from '../identity/role.enum.js';
import { ProposalService } from '../matching/proposal.service.js';
import { RepliesService } from '../matching/replies/replies.service.js';
import { MatchingRunProcessor } from '../matching/run/matching-run.processor.js';

/** Joint actions of the demo, one per state a coordinator meets (issue 11). */
export interface JointActionDemo {
  confirmed: number;
  awaitingReplies: number;
  cancelled: number;
  /** proposals of the demo run left for the coordinator to approve */
  proposed: number;
}

const NOTHING: JointActionDemo = { confirmed: 0, awaitingReplies: 0, cancelled: 0, proposed: 0 };

/**
 * The future conference's first matching run and what came of it, through the real engine and
 * services: the run (the one the worker would do, done here so that its proposals exist when the
 * banner prints), then three of its proposals approved by the coordinator and answered —
 *   CONFIRMED:         the organisation and every invited student accepted;
 *   AWAITING_REPLIES:  one student accepted; the organisation and the other students have not answered yet;
 *   CANCELLED:         the organisation declined (its places went back to the offer);
 * the rest stay PROPOSED for the coordinator to approve in the IDE. Only into a database that has
 * had no matching run yet, and only with a coordinator.
 */
export async function seedJointActions(app: INestApplicationContext, db: DataSource, coordinator: (Viewer & { kind: 'user' }) | null, now: Date): Promise<JointActionDemo> {
  if (!coordinator) return NOTHING;
  const [{ began }] = await rows<{ began: Date }>(db, 'SELECT clock_timestamp() AS began');
  const [busy] = await rows<{ busy: boolean }>(db, 'SELECT EXISTS (SELECT 1 FROM matching_run) OR EXISTS (SELECT 1 FROM joint_action) AS busy');
  if (busy.busy) return NOTHING;
  const [run] = await rows<{ id: string }>(db, `INSERT INTO matching_run (cause, requested_by) VALUES ('REQUESTED', $1) RETURNING id`, [coordinator.userId]);
  await new MatchingRunProcessor(db, app.get(ThemeService, { strict: false })).process({ runId: run.id });

  // groups of two or more, on offers whose organisation has a demo member to answer
  const groups = await rows<{ id: string; member: string; students: string[] }>(
    db,
    `SELECT p.id, min(m.user_id::text) AS member, array_agg(DISTINCT pp.student_id::text) AS students
     FROM proposal p JOIN offer o ON o.id = p.offer_id JOIN organization_member m ON m.organization_id = o.organization_id
     JOIN proposal_participant pp ON pp.proposal_id = p.id
     WHERE p.run_id = $1 AND p.status = 'PROPOSED'
     GROUP BY p.id, o.created_at HAVING count(DISTINCT pp.student_id) >= 2 ORDER BY o.created_at, p.id LIMIT 3`,
    [run.id],
  );
  const proposals = app.get(ProposalService, { strict: false });
  const replies = app.get(RepliesService, { strict: false });
  const org = (member: string): Viewer => ({ kind: 'user', userId: member, roles: [Role.ORGANIZATION_MEMBER] });
  const student = (id: string): Viewer => ({ kind: 'user', userId: id, roles: [Role.STUDENT] });
  const result = { ...NOTHING };
  for (const [k, g] of groups.entries()) {
    const approved = await proposals.approve(g.id, coordinator.userId, k === 2 ? undefined : 'デモ: 事務局が承認しました');
    const [ja] = await rows<{ id: string }>(db, 'SELECT id FROM joint_action WHERE proposal_id = $1', [approved.id]);
    if (k === 0) {
      await replies.respond(org(g.member), ja.id, true);
      for (const s of g.students) await replies.respond(student(s), ja.id, true);
      result.confirmed++;
    } else if (k === 1) {
      // one student said yes; the organisation has not answered yet (its deadline is respondBy)
      await replies.respond(student(g.students[0]), ja.id, true);
      result.awaitingReplies++;
    } else {
      await replies.respond(org(g.member), ja.id, false);
      result.cancelled++;
    }
  }
  await db.transaction((tx) => placeJointActions(tx, run.id, began, now));
  const [{ n }] = await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM proposal WHERE run_id = $1 AND status = 'PROPOSED'`, [run.id]);
  return { ...result, proposed: n };
}

/**
 * The demo's story in time (as demo-timeline.ts does for the other platforms): what the services
 * wrote from `began` on is moved to three days before the seed's `now`, keeping its order — the run
 * on a Friday morning, the approvals and answers right after it. What lies ahead stays where the
 * services put it: respondBy (its expiry job is recorded for that instant) and the gatherings' start.
 */
async function placeJointActions(tx: EntityManager, runId: string, began: Date, now: Date): Promise<void> {
  const shift = now.getTime() - 3 * 86400_000 - began.getTime();
  const by = `make_interval(secs => $2::float8 / 1000)`;
  const args = [runId, shift];
  await tx.query(`UPDATE matching_run SET created_at = created_at + ${by}, started_at = started_at + ${by}, finished_at = finished_at + ${by} WHERE id = $1`, args);
  await tx.query(`UPDATE proposal SET created_at = created_at + ${by}, decided_at = decided_at + ${by} WHERE run_id = $1`, args);
  const ours = `SELECT ja.id FROM joint_action ja JOIN proposal p ON p.id = ja.proposal_id WHERE p.run_id = $1`;
  await tx.query(
    `UPDATE joint_action SET created_at = created_at + ${by}, organization_responded_at = organization_responded_at + ${by}, settled_at = settled_at + ${by} WHERE id IN (${ours})`,
    args,
  );
  await tx.query(`UPDATE joint_action_invitation SET invited_at = invited_at + ${by}, responded_at = responded_at + ${by} WHERE joint_action_id IN (${ours})`, args);
  const gatherings = `SELECT ja.event_id FROM joint_action ja WHERE ja.id IN (${ours})`;
  await tx.query(`UPDATE event SET created_at = created_at + ${by} WHERE id IN (${gatherings})`, args);
  await tx.query(`UPDATE event_participant SET joined_at = joined_at + ${by} WHERE event_id IN (${gatherings})`, args);
}
