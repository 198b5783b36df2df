import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WorkerProcessor, type JobProcessor } from '../../../common/queue/job-processor.js';
import type { JobPayloads } from '../../../common/queue/jobs.js';

/**
 * Tells the students a proposal invited, and the organisation's members, that a joint action
 * waits for their answer, and by when. Re-reads the invitations (a student who left meanwhile is
 * not told); each notification is keyed by the joint action, the proposal and the person, so a job
 * run twice tells nobody twice. The text names the action and the deadline, never a student.
 */
@Injectable()
@WorkerProcessor()
export class JointActionInvitedProcessor implements JobProcessor<'joint-action-invited'> {
  readonly job = 'joint-action-invited' as const;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async process({ jointActionId, proposalId }: JobPayloads['joint-action-invited']): Promise<'notified' | 'cancelled' | 'unknown'> {
    const [ja]: { status: string }[] = await this.db.query('SELECT status::text AS status FROM joint_action WHERE id = $1', [jointActionId]);
    if (!ja) return 'unknown';
    if (ja.status === 'CANCELLED') return 'cancelled';
    const deadline = `to_char(ja.respond_by AT TIME ZONE 'Asia/Tokyo', 'FMMM月FMDD日 HH24:MI')`;
    await this.db.query(
      `INSERT INTO notification (user_id, kind, dedupe_key, title, body, event_id)
       SELECT i.student_id, 'JOINT_ACTION_INVITED', 'ja-invited:' || ja.id || ':' || $2::text || ':' || i.student_id, '協働アクションへの招待が届きました',
              '「' || ja.title || '」に参加するかどうか、' || ${deadline} || 'までに回答してください。', ja.event_id
       FROM joint_action ja JOIN joint_action_invitation i ON i.joint_action_id = ja.id
       WHERE ja.id = $1::uuid AND i.proposal_id = $2::uuid AND i.status = 'PENDING'
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [jointActionId, proposalId],
    );
    await this.db.query(
      `INSERT INTO notification (user_id, kind, dedupe_key, title, body, event_id)
       SELECT m.user_id, 'JOINT_ACTION_INVITED', 'ja-invited-org:' || ja.id || ':' || $2::text || ':' || m.user_id,
              CASE WHEN ja.organization_status = 'PENDING' THEN '協働アクションの実施について回答してください' ELSE '協働アクションに生徒が追加で招待されました' END,
              '「' || ja.title || '」' || CASE WHEN ja.organization_status = 'PENDING' THEN 'を団体として実施するかどうか、' || ${deadline} || 'までに回答してください。'
                                              ELSE 'に、空いた枠へ生徒を招待しました（回答期限 ' || ${deadline} || '）。' END,
              ja.event_id
       FROM joint_action ja JOIN offer o ON o.id = ja.offer_id JOIN organization_member m ON m.organization_id = o.organization_id
       WHERE ja.id = $1::uuid
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [jointActionId, proposalId],
    );
    return 'notified';
  }
}
