import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalData, type PersonalDataStep } from '../personal-data/personal-data.js';

/**
 * What the student said in committee dialogues: their perspectives (anonymous ones too), their
 * stances, and the generation and sector they declared. Erased whole: the feed line quoting a
 * highlighted perspective goes with it (tv_activity.perspective_id ON DELETE CASCADE), and so do
 * the cached maps computed over them.
 */
@Injectable()
@PersonalData()
export class CommitteePersonalData implements PersonalDataStep {
  readonly covers = ['perspective.author_id', 'perspective_stance.user_id'];
  // perspective_map_scope / perspective_map_cache hold no person's id; they go with the statements above

  async export(tx: EntityManager, studentId: string): Promise<Record<string, unknown>> {
    const [profile]: { generation: string | null; sector: string | null }[] = await tx.query(
      'SELECT generation::text AS generation, sector::text AS sector FROM app_user WHERE id = $1',
      [studentId],
    );
    const perspectives = await tx.query(
      `SELECT p.id, p.event_id AS "eventId", e.title AS "meeting", p.text, p.themes, p.anonymous, p.created_at AS "createdAt",
         p.highlighted_at AS "highlightedAt"
       FROM perspective p JOIN event e ON e.id = p.event_id WHERE p.author_id = $1 ORDER BY p.created_at, p.id`,
      [studentId],
    );
    const stances = await tx.query(
      `SELECT s.perspective_id AS "perspectiveId", p.text AS "perspective", s.stance::text AS stance, s.updated_at AS "updatedAt"
       FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE s.user_id = $1 ORDER BY s.updated_at, s.perspective_id`,
      [studentId],
    );
    return { committeeProfile: profile ?? { generation: null, sector: null }, perspectives, stances };
  }

  async erase(tx: EntityManager, studentId: string): Promise<void> {
    // the maps cached over their perspectives or stances hold words and statistics of them: dropped
    // with them (the next request computes the map again, without the student)
    await tx.query(
      `WITH theirs AS (
         SELECT p.id FROM perspective p WHERE p.author_id = $1
         UNION SELECT s.perspective_id FROM perspective_stance s WHERE s.user_id = $1
       ), gone AS (
         DELETE FROM perspective_map_scope sc WHERE sc.statement_ids && ARRAY(SELECT id FROM theirs) RETURNING sc.fingerprint
       )
       DELETE FROM perspective_map_cache c WHERE c.fingerprint IN (SELECT fingerprint FROM gone)`,
      [studentId],
    );
    await tx.query('DELETE FROM perspective WHERE author_id = $1', [studentId]);
    await tx.query('DELETE FROM perspective_stance WHERE user_id = $1', [studentId]);
    await tx.query('UPDATE app_user SET generation = NULL, sector = NULL WHERE id = $1', [studentId]);
  }
}
