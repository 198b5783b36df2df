import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WorkerProcessor, type JobProcessor } from '../../common/queue/job-processor.js';
import type { JobPayloads } from '../../common/queue/jobs.js';

/** Tells the person who moved up from the waiting list that they now have a place. */
@Injectable()
@WorkerProcessor()
export class WaitlistPromotedProcessor implements JobProcessor<'waitlist-promoted'> {
  readonly job = 'waitlist-promoted' as const;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async process(p: JobPayloads['waitlist-promoted']): Promise<'notified' | 'already-notified' | 'no-longer-joined'> {
    // one statement: still joined → a notification keyed by the promotion itself, at most once
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO notification (user_id, kind, dedupe_key, title, body, event_id)
       SELECT ep.user_id, 'WAITLIST_PROMOTED', $3, 'キャンセル待ちから参加が確定しました',
              '「' || e.title || '」（' || to_char(e.starts_at AT TIME ZONE 'Asia/Tokyo', 'FMMM月FMDD日 HH24:MI') || '〜）に参加できるようになりました。',
              e.id
       FROM event_participant ep JOIN event e ON e.id = ep.event_id
       WHERE ep.event_id = $1 AND ep.user_id = $2 AND ep.status = 'JOINED'
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [p.eventId, p.userId, `waitlist-promoted:${p.eventId}:${p.userId}:${p.promotedAt}`],
    );
    if (rows.length) return 'notified';
    const still: unknown[] = await this.db.query(`SELECT 1 FROM event_participant WHERE event_id = $1 AND user_id = $2 AND status = 'JOINED'`, [p.eventId, p.userId]);
    return still.length ? 'already-notified' : 'no-longer-joined';
  }
}
