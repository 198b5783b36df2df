import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { badInput } from '../common/errors/domain-error.js';
import { hasRole, type Viewer } from '../common/graphql/context.js';
import { cursorTimeSql, decodeCursor, DEFAULT_PAGE, encodeCursor, isCursorTime, toPage, type Page } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import { redact } from '../lib/text/redact.js';
import type { Platform } from '../graph/graph.enums.js';
import { Role } from '../identity/role.enum.js';
import { ACTIVITY_LABELS, ActivityKind, type Activity } from './tv.models.js';

export { NAME_REDACTED, redact } from '../lib/text/redact.js';

const KEY = /^(event|ja|act):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ActivityRow {
  key: string;
  kind: ActivityKind;
  platform: Platform;
  title: string;
  /** the linked event's description, checked for names like the title */
  detail: string;
  occurredAt: Date;
  eventId: string | null;
  jointActionId: string | null;
  cursorAt: string;
}

/** What the page and its count ask of feed_line, built by `feedQueries`. */
export interface FeedFilter {
  /** coordinators see every line; everyone else the public ones */
  coordinator: boolean;
  platform?: Platform | null;
  /** the keyset of the previous page's last line: its time (cursor text) and key */
  after?: [string, string];
  /** rows to read: the page and one more, to know whether another page follows */
  limit: number;
}

/**
 * The cross-platform feed: events scheduled (episodes on TV), joint actions started (by title: its
 * students, school and texts never), and what sibling platforms record with `record()`
 * (perspectives highlighted, scenarios opened), one line each in `feed_line`, which triggers keep in
 * step with event, joint_action and tv_activity (see migration 1764800000000: events of joint
 * actions are listed once, as the joint action). A page is a range of one of feed_line's
 * (occurred_at DESC, key DESC) indexes; the titles and the linked event's texts are joined for its
 * rows only. Each condition is written only when it applies (never `$n IS NULL OR ...`), so the
 * planner sees which index fits: `public` picks the partial indexes, `platform` the ones led by it.
 */
export function feedQueries(f: FeedFilter): { page: [string, unknown[]]; count: [string, unknown[]] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!f.coordinator) where.push('public');
  if (f.platform) {
    params.push(f.platform);
    where.push(`platform = $${params.length}::platform`);
  }
  const countWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const countParams = [...params];
  if (f.after) {
    params.push(f.after[0], f.after[1]);
    where.push(`(occurred_at, key) < ($${params.length - 1}::timestamptz, $${params.length}::text)`);
  }
  params.push(f.limit);
  const page = `
    SELECT f.key, f.kind::text AS kind, f.platform::text AS platform, coalesce(a.title, j.title, e.title) AS title,
           CASE WHEN f.activity_id IS NOT NULL THEN coalesce(e.title || ' ' || e.description, '')
                WHEN f.joint_action_id IS NOT NULL THEN '' ELSE e.description END AS detail,
           f.occurred_at AS "occurredAt", coalesce(f.event_id, a.event_id) AS "eventId", f.joint_action_id AS "jointActionId",
           ${cursorTimeSql('f.occurred_at')} AS "cursorAt"
    FROM (SELECT * FROM feed_line ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY occurred_at DESC, key DESC LIMIT $${params.length}) f
    LEFT JOIN tv_activity a ON a.id = f.activity_id
    LEFT JOIN joint_action j ON j.id = f.joint_action_id
    LEFT JOIN event e ON e.id = coalesce(f.event_id, a.event_id)
    ORDER BY f.occurred_at DESC, f.key DESC`;
  // exact, over feed_line alone (never event or joint_action): with a platform, an index-only scan
  // of that platform's range of feed_line_(public_)platform_at; for the whole feed, one sequential
  // pass over this narrow table, which the planner rightly prefers since the heap is smaller than
  // any (occurred_at, key) index. Linear in lines: about 300 pages of 8 kB and 2 ms for 22,500
  // (test/e2e/activity-feed-scale.spec.ts), where the union read every event and joint action twice
  const count = `SELECT count(*)::int AS n FROM feed_line ${countWhere}`;
  return { page: [page, params], count: [count, countParams] };
}

@Injectable()
export class ActivityService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * For the sibling platforms, in the transaction of what happened: a line of the feed (a title,
   * never a person's name or text; a trigger adds its feed_line). `dedupeKey` makes a retried
   * record change nothing.
   * `perspectiveId` / `scenarioId` name the source the title quotes: erasing the source erases the
   * line with it (ON DELETE CASCADE), whichever path erases it.
   */
  async record(
    tx: EntityManager,
    a: {
      kind: ActivityKind;
      platform: Platform;
      title: string;
      eventId?: string | null;
      public?: boolean;
      dedupeKey?: string;
      occurredAt?: Date;
      perspectiveId?: string;
      scenarioId?: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO tv_activity (kind, platform, title, event_id, public, dedupe_key, occurred_at, perspective_id, scenario_id)
       VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, now()), $8, $9)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [a.kind, a.platform, clip(a.title, 300), a.eventId ?? null, a.public ?? true, a.dedupeKey ?? null, a.occurredAt ?? null, a.perspectiveId ?? null, a.scenarioId ?? null],
    );
  }

  /** Newest first; each reader sees only what they may (see jointAction on Activity). */
  async feed(viewer: Viewer, platform: Platform | undefined, first = DEFAULT_PAGE, after?: string): Promise<Page<Activity>> {
    const coordinator = hasRole(viewer, Role.COORDINATOR);
    let keyset: [string, string] | undefined;
    if (after) {
      const [at, key] = decodeCursor(after, ['string', 'string']) as [string, string];
      if (!isCursorTime(at) || !KEY.test(key)) throw badInput([{ field: 'after', message: 'カーソルが正しくありません (invalid cursor)' }]);
      keyset = [at, key];
    }
    const q = feedQueries({ coordinator, platform, after: keyset, limit: first + 1 });
    const [rows, count] = await Promise.all([
      this.db.query(...q.page) as Promise<ActivityRow[]>,
      this.db.query(...q.count) as Promise<{ n: number }[]>,
    ]);
    // coordinators see everything; for everyone else a line that names a student loses the name,
    // and its link to an event whose title or description names one (the title is all they get)
    const names = coordinator ? [] : await this.studentNames(rows);
    const items = rows.map((r) => {
      const title = redact(r.title, names);
      const named = title !== r.title || redact(r.detail, names) !== r.detail;
      return {
        id: r.key,
        kind: r.kind,
        platform: r.platform,
        title,
        label: ACTIVITY_LABELS[r.kind],
        occurredAt: r.occurredAt,
        eventId: named ? null : r.eventId,
        jointActionId: r.jointActionId,
        cursorAt: r.cursorAt,
      };
    });
    return toPage(items, first, count[0].n, (a) => encodeCursor([a.cursorAt, a.id]));
  }

  /**
   * Names of the students near the page's items (joint actions' participants, students joined to
   * the events): none of them may appear in a feed line, whatever a title says.
   */
  private async studentNames(rows: ActivityRow[]): Promise<string[]> {
    const eventIds = rows.map((r) => r.eventId).filter((id): id is string => isUuid(id));
    const jointActionIds = rows.map((r) => r.jointActionId).filter((id): id is string => isUuid(id));
    if (!eventIds.length && !jointActionIds.length) return [];
    const found: { name: string }[] = await this.db.query(
      `SELECT DISTINCT u.display_name AS name FROM app_user u JOIN student s ON s.id = u.id
       WHERE u.id IN (SELECT p.user_id FROM event_participant p WHERE p.event_id = ANY($1::uuid[])
                      UNION SELECT ji.student_id FROM joint_action_invitation ji WHERE ji.joint_action_id = ANY($2::uuid[]))`,
      [eventIds, jointActionIds],
    );
    return found.map((f) => f.name);
  }
}

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/**
 * A text for one line of the feed: whitespace (line breaks included) folded to single spaces, at
 * most `max` characters, cut between graphemes (never inside a surrogate pair or an emoji sequence)
 * and ending in … when cut.
 */
export function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  let out = '';
  for (const { segment } of graphemes.segment(line)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

