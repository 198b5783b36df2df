import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { badInput } from '../common/errors/domain-error.js';
import { hasRole, type Viewer } from '../common/graphql/context.js';
import { cursorTimeSql, decodeCursor, DEFAULT_PAGE, encodeCursor, isCursorTime, toPage, type Page } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import type { Platform } from '../graph/graph.enums.js';
import { Role } from '../identity/role.enum.js';
import { ACTIVITY_LABELS, ActivityKind, type Activity } from './tv.models.js';

/** What replaces a student's name wherever one slipped into a public title. */
export const NAME_REDACTED = '（参加者）';

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

/**
 * The cross-platform feed, read where things happen: events scheduled (episodes on TV), joint
 * actions started (by title: its students, school and texts never), and what sibling platforms
 * record with `record()` (perspectives highlighted, scenarios opened). Events of joint actions are
 * not listed as events: they appear once, as the joint action.
 */
const FEED_SQL = `
  SELECT 'event:' || e.id AS key, CASE WHEN e.platform = 'TV' THEN 'EPISODE_PUBLISHED' ELSE 'EVENT_SCHEDULED' END AS kind,
         e.platform::text AS platform, e.title, e.description AS detail, e.created_at AS occurred_at, e.id AS event_id, NULL::uuid AS joint_action_id
  FROM event e WHERE NOT EXISTS (SELECT 1 FROM joint_action j WHERE j.event_id = e.id)
  UNION ALL
  SELECT 'ja:' || ja.id, 'JOINT_ACTION_STARTED', 'FUTURE_CONFERENCE', ja.title, '', ja.created_at, NULL::uuid, ja.id
  FROM joint_action ja
  UNION ALL
  SELECT 'act:' || a.id, a.kind::text, a.platform::text, a.title, coalesce(e.title || ' ' || e.description, ''), a.occurred_at, a.event_id, NULL::uuid
  FROM tv_activity a LEFT JOIN event e ON e.id = a.event_id WHERE a.public OR $1::boolean`;

@Injectable()
export class ActivityService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * For the sibling platforms, in the transaction of what happened: a line of the feed (a title,
   * never a person's name or text). `dedupeKey` makes a retried record change nothing.
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
    const params: unknown[] = [coordinator, platform ?? null];
    let keyset = '';
    if (after) {
      const [at, key] = decodeCursor(after, ['string', 'string']) as [string, string];
      if (!isCursorTime(at) || !KEY.test(key)) throw badInput([{ field: 'after', message: 'カーソルが正しくありません (invalid cursor)' }]);
      params.push(at, key);
      keyset = 'AND (occurred_at, key) < ($3::timestamptz, $4::text)';
    }
    params.push(first + 1);
    const filter = `WHERE ($2::text IS NULL OR platform = $2::text)`;
    const [rows, count] = await Promise.all([
      this.db.query(
        `SELECT key, kind, platform, title, detail, occurred_at AS "occurredAt", event_id AS "eventId", joint_action_id AS "jointActionId",
                ${cursorTimeSql('occurred_at')} AS "cursorAt"
         FROM (${FEED_SQL}) f ${filter} ${keyset} ORDER BY occurred_at DESC, key DESC LIMIT $${params.length}`,
        params,
      ) as Promise<ActivityRow[]>,
      this.db.query(`SELECT count(*)::int AS n FROM (${FEED_SQL}) f ${filter}`, [coordinator, platform ?? null]) as Promise<{ n: number }[]>,
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
                      UNION SELECT jp.student_id FROM joint_action_participant jp WHERE jp.joint_action_id = ANY($2::uuid[]))`,
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

/** Each name (and its given and family parts, when written with a space) replaced in the text. */
export function redact(text: string, names: string[]): string {
  const parts = new Set<string>();
  for (const name of names) {
    const trimmed = name.trim();
    if (trimmed.length >= 2) parts.add(trimmed);
    for (const p of trimmed.split(/[\s\u3000]+/)) if (p.length >= 2) parts.add(p);
  }
  let out = text;
  for (const p of [...parts].sort((a, b) => b.length - a.length)) out = out.split(p).join(NAME_REDACTED);
  return out;
}
