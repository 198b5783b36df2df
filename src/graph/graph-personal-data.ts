import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalData, type PersonalDataStep } from '../personal-data/personal-data.js';

/**
 * The student in the shared graph: the events they joined or wait for (kept on erasure, as an
 * anonymous participant of the counts) and their notifications (erased: they name what the
 * student was told).
 */
@Injectable()
@PersonalData()
export class GraphPersonalData implements PersonalDataStep {
  readonly covers = ['event_participant.user_id', 'notification.user_id'];

  async export(tx: EntityManager, studentId: string): Promise<Record<string, unknown>> {
    const events = await tx.query(
      `SELECT e.id, e.platform, e.title, e.starts_at AS "startsAt", e.location, ep.status, ep.joined_at AS "joinedAt", ep.promoted_at AS "promotedAt"
       FROM event_participant ep JOIN event e ON e.id = ep.event_id
       WHERE ep.user_id = $1
       ORDER BY ep.joined_at, e.id`,
      [studentId],
    );
    const notifications = await tx.query(
      `SELECT id, kind, title, body, event_id AS "eventId", created_at AS "createdAt", read_at AS "readAt"
       FROM notification WHERE user_id = $1 ORDER BY created_at, id`,
      [studentId],
    );
    return { events, notifications };
  }

  async erase(tx: EntityManager, studentId: string): Promise<void> {
    await tx.query('DELETE FROM notification WHERE user_id = $1', [studentId]);
  }
}
