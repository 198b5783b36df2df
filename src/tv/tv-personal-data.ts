import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalData, type PersonalDataStep } from '../personal-data/personal-data.js';

/** The student's comments on 地福TV episodes (hidden ones too), erased whole. */
@Injectable()
@PersonalData()
export class TvPersonalData implements PersonalDataStep {
  readonly covers = ['tv_comment.author_id'];

  async export(tx: EntityManager, studentId: string): Promise<Record<string, unknown>> {
    const comments = await tx.query(
      `SELECT c.id, c.event_id AS "eventId", e.title AS episode, c.text, c.at_second AS "atSecond", c.created_at AS "createdAt",
         c.hidden_at IS NOT NULL AS hidden
       FROM tv_comment c JOIN event e ON e.id = c.event_id WHERE c.author_id = $1 ORDER BY c.created_at, c.id`,
      [studentId],
    );
    return { comments };
  }

  async erase(tx: EntityManager, studentId: string): Promise<void> {
    await tx.query('DELETE FROM tv_comment WHERE author_id = $1', [studentId]);
  }
}
