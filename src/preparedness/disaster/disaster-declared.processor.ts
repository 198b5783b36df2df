import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rows } from '../../common/database/sql.js';
import { WorkerProcessor, type JobProcessor } from '../../common/queue/job-processor.js';
import type { JobPayloads } from '../../common/queue/jobs.js';
import { ACTIVE_DISASTER } from './disaster.service.js';

type Outcome = { notified: number } | 'over' | 'unknown-disaster';

/**
 * Tells the helpers of a disaster's areas that it started: everyone with an active pledge in one of
 * the areas, and every approved helper of a need there. The text is the coordinator's title, the
 * areas and the end: never a person's label or card. One statement, each notification keyed by
 * (disaster, helper): a retried job notifies nobody twice. A disaster already over notifies nobody.
 */
@Injectable()
@WorkerProcessor()
export class DisasterDeclaredProcessor implements JobProcessor<'disaster-declared'> {
  readonly job = 'disaster-declared' as const;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async process({ disasterId }: JobPayloads['disaster-declared']): Promise<Outcome> {
    const [d] = await rows<{ active: boolean }>(this.db, `SELECT (${ACTIVE_DISASTER}) AS active FROM disaster d WHERE d.id = $1`, [disasterId]);
    if (!d) return 'unknown-disaster';
    if (!d.active) return 'over';
    const sent = await rows<{ id: string }>(
      this.db,
      `INSERT INTO notification (user_id, kind, dedupe_key, title, body)
       SELECT h.helper_id, 'DISASTER_DECLARED', 'disaster-declared:' || d.id || ':' || h.helper_id,
              CASE WHEN d.drill THEN '【訓練】' ELSE '' END || '災害対応が始まりました: ' || left(d.title, 100),
              array_to_string(d.areas, '・') || 'で' || CASE WHEN d.drill THEN '防災訓練' ELSE '災害対応' END || 'が始まりました（'
                || to_char(d.ends_at AT TIME ZONE 'Asia/Tokyo', 'FMMM月FMDD日 HH24:MI') || 'まで）。'
                || '担当の方がいる方は「担当の方」(myHelpAssignments) から連絡先を確認し、安否を報告してください。'
       FROM disaster d
       CROSS JOIN LATERAL (
         SELECT pl.helper_id FROM support_pledge pl WHERE pl.active AND area_key(pl.area) = ANY(d.area_keys)
         UNION
         SELECT pl.helper_id FROM support_pairing sp JOIN support_pledge pl ON pl.id = sp.pledge_id JOIN support_need n ON n.id = sp.need_id
         WHERE sp.status = 'APPROVED' AND pl.active AND area_key(n.area) = ANY(d.area_keys)
       ) h
       -- checked again in the statement itself: a disaster ended since the check above notifies nobody
       WHERE d.id = $1 AND ${ACTIVE_DISASTER}
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [disasterId],
    );
    return { notified: sent.length };
  }
}
