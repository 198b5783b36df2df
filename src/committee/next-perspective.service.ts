import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Perspective } from './committee.models.js';
import { CommitteeService, PERSPECTIVE_COLUMNS } from './committee.service.js';
import { pickNext } from './map/routing.js';
import { PerspectiveMapService } from './perspective-map.service.js';

/** The perspective a participant of a meeting is shown next (map/routing.ts says how it is chosen). */
@Injectable()
export class NextPerspectiveService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly committee: CommitteeService,
    private readonly maps: PerspectiveMapService,
  ) {}

  async next(eventId: string, userId: string): Promise<Perspective | null> {
    const meeting = await this.committee.meeting(eventId);
    await this.committee.assertParticipant(meeting.id, userId);
    const candidates: (Perspective & { pass: number; seen: number })[] = await this.db.query(
      `SELECT ${PERSPECTIVE_COLUMNS},
              (SELECT count(*) FILTER (WHERE s.stance = 'PASS') FROM perspective_stance s WHERE s.perspective_id = p.id)::int AS pass,
              (SELECT count(*) FROM perspective_stance s WHERE s.perspective_id = p.id)::int AS seen
       FROM perspective p
       WHERE p.event_id = $1 AND NOT EXISTS (SELECT 1 FROM perspective_stance m WHERE m.perspective_id = p.id AND m.user_id = $2)`,
      [meeting.id, userId],
    );
    if (!candidates.length) return null;
    const spreads = await this.maps.spreadsOf({ key: `event.${meeting.id}`, eventId: meeting.id });
    const id = pickNext(candidates.map((c) => ({ id: c.id, pass: c.pass, seen: c.seen, spread: spreads.get(c.id) ?? 0 })), userId);
    const { pass, seen, ...perspective } = candidates.find((c) => c.id === id)!;
    void pass;
    void seen;
    return perspective;
  }
}
