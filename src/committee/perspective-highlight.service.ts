import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { badInput, notFound } from '../common/errors/domain-error.js';
import { isUuid } from '../common/ids.js';
import { Platform } from '../graph/graph.enums.js';
import { ActivityService, clip, redact } from '../tv/activity.service.js';
import { ActivityKind } from '../tv/tv.models.js';
import type { Perspective } from './committee.models.js';
import { PERSPECTIVE_COLUMNS } from './committee.service.js';

/** How much of a statement a feed line quotes, and of the meeting's title. */
export const QUOTE_LENGTH = 80;
const MEETING_TITLE_LENGTH = 60;

/**
 * A coordinator's curation: which statement of a committee meeting goes public, as a
 * PERSPECTIVE_HIGHLIGHTED line of 地福TV's feed. The line quotes the statement and names the
 * meeting, never the author (anonymous or not).
 */
@Injectable()
export class PerspectiveHighlightService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly activities: ActivityService,
  ) {}

  /**
   * Marks the perspective highlighted and records its feed line, in one transaction. The
   * conditional update lets exactly one of two calls (or two coordinators at once) through: the
   * second finds it highlighted already and changes nothing. The line points at the perspective
   * (ON DELETE CASCADE), so erasing the perspective erases the quote.
   */
  async highlight(perspectiveId: string, coordinatorId: string): Promise<Perspective> {
    if (!isUuid(perspectiveId)) throw badInput([{ field: 'perspectiveId', message: '視点の ID が正しくありません (perspectiveId must be a UUID)' }]);
    return this.db.transaction(async (tx) => {
      const [won] = await rows<{ eventId: string; text: string; meetingTitle: string; authorName: string | null }>(
        tx,
        `UPDATE perspective p SET highlighted_at = now(), highlighted_by = $2
         FROM event e WHERE p.id = $1 AND p.highlighted_at IS NULL AND e.id = p.event_id
         RETURNING p.event_id AS "eventId", p.text, e.title AS "meetingTitle",
                   (SELECT u.display_name FROM app_user u WHERE u.id = p.author_id) AS "authorName"`,
        [perspectiveId, coordinatorId],
      );
      if (won) {
        await this.activities.record(tx, {
          kind: ActivityKind.PERSPECTIVE_HIGHLIGHTED,
          platform: Platform.COMMITTEE,
          title: highlightTitle(won.text, won.meetingTitle, won.authorName),
          eventId: won.eventId,
          dedupeKey: `perspective:${perspectiveId}`,
          perspectiveId,
          public: true,
        });
      }
      const [found] = await rows<Perspective>(tx, `SELECT ${PERSPECTIVE_COLUMNS} FROM perspective p WHERE p.id = $1`, [perspectiveId]);
      if (!found) throw notFound('視点 (perspectiveId)');
      return found;
    });
  }

  /**
   * Takes a highlight back (a wrong click, or the author asked for it): the perspective is no
   * longer highlighted and its feed line is deleted (the line's tv_activity row, whose feed_line
   * cascades), in one transaction. A second call changes nothing; highlighting it again later
   * writes a new line.
   */
  async unhighlight(perspectiveId: string): Promise<Perspective> {
    if (!isUuid(perspectiveId)) throw badInput([{ field: 'perspectiveId', message: '視点の ID が正しくありません (perspectiveId must be a UUID)' }]);
    return this.db.transaction(async (tx) => {
      // the row lock of this update orders it against a concurrent highlight of the same perspective
      const [updated] = await rows<Perspective>(
        tx,
        `UPDATE perspective p SET highlighted_at = NULL, highlighted_by = NULL WHERE p.id = $1 RETURNING ${PERSPECTIVE_COLUMNS}`,
        [perspectiveId],
      );
      if (!updated) throw notFound('視点 (perspectiveId)');
      await tx.query('DELETE FROM tv_activity WHERE perspective_id = $1', [perspectiveId]);
      return updated;
    });
  }
}

/**
 * `視点: 「<statement>」（<meeting>）`. The author is never named; and should the statement name its
 * author (「坂本としては…」), the name is taken out: an anonymous post stays anonymous in public.
 */
export function highlightTitle(text: string, meetingTitle: string, authorName: string | null): string {
  // redacted before it is cut, so that a cut never leaves half a name behind
  const quote = clip(redact(text, authorName ? [authorName] : []), QUOTE_LENGTH);
  return `視点: 「${quote}」（${clip(meetingTitle, MEETING_TITLE_LENGTH)}）`;
}
