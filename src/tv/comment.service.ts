import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { notFound } from '../common/errors/domain-error.js';
import { hasRole, type Viewer } from '../common/graphql/context.js';
import { keysetPage, timeIdKeys } from '../common/graphql/keyset-page.js';
import { cursorTimeSql, type Page, type PageArgs } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import { authorNameFor, isStudentSql } from '../identity/author-name.policy.js';
import { Role } from '../identity/role.enum.js';
import { CommentEvents, COMMENT_CHANNEL } from './comment-events.js';
import { CommentRateLimit } from './comment-rate-limit.js';
import type { PostCommentArgs } from './tv.inputs.js';
import type { Comment } from './tv.models.js';

/** What a student who comments is called in front of everyone but themself and coordinators. */
export { STUDENT_AUTHOR_LABEL } from '../identity/author-name.policy.js';

interface CommentRow {
  id: string;
  eventId: string;
  authorId: string;
  authorDisplayName: string;
  authorIsStudent: boolean;
  text: string;
  atSecond: number | null;
  createdAt: Date;
  hidden: boolean;
  cursorAt: string;
}

const COLUMNS = `c.id, c.event_id AS "eventId", c.author_id AS "authorId", u.display_name AS "authorDisplayName",
  ${isStudentSql('u')} AS "authorIsStudent",
  c.text, c.at_second AS "atSecond", c.created_at AS "createdAt", c.hidden_at IS NOT NULL AS hidden, ${cursorTimeSql('c.created_at')} AS "cursorAt"`;

@Injectable()
export class CommentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly limit: CommentRateLimit,
    private readonly events: CommentEvents,
  ) {}

  /** A signed-in user comments on an episode; subscribers hear of it when it is committed. */
  async post(args: PostCommentArgs, viewer: Viewer & { kind: 'user' }): Promise<Comment> {
    const episode: unknown[] = await this.db.query('SELECT 1 FROM tv_episode WHERE event_id = $1', [args.eventId]);
    if (!episode.length) throw notFound('番組回 (eventId)');
    await this.limit.take(viewer.userId);
    const id = await this.db.transaction(async (tx) => {
      const [row]: { id: string }[] = await tx.query(
        'INSERT INTO tv_comment (event_id, author_id, text, at_second) VALUES ($1, $2, $3, $4) RETURNING id',
        [args.eventId, viewer.userId, args.text, args.atSecond ?? null],
      );
      await tx.query('SELECT pg_notify($1, $2)', [COMMENT_CHANNEL, `${args.eventId}:${row.id}`]);
      return row.id;
    });
    return (await this.find(id, viewer))!;
  }

  /** Hides a comment from everyone but coordinators; hiding it again changes nothing. */
  async hide(id: string, userId: string): Promise<boolean> {
    if (!isUuid(id)) throw notFound('コメント');
    const hidden = await rows<{ id: string }>(
      this.db.manager,
      'UPDATE tv_comment SET hidden_at = coalesce(hidden_at, now()), hidden_by = coalesce(hidden_by, $2) WHERE id = $1 RETURNING id',
      [id, userId],
    );
    if (!hidden.length) throw notFound('コメント');
    return true;
  }

  /** One comment as the viewer may see it: null when hidden from them. */
  async find(id: string, viewer: Viewer): Promise<Comment | null> {
    const found: CommentRow[] = await this.db.query(`SELECT ${COLUMNS} FROM tv_comment c JOIN app_user u ON u.id = c.author_id WHERE c.id = $1`, [id]);
    const row = found[0];
    if (!row || (row.hidden && !hasRole(viewer, Role.COORDINATOR))) return null;
    return present(row, viewer);
  }

  /** An episode's comments, oldest first; hidden ones only for coordinators. */
  async list(eventId: string, page: PageArgs, viewer: Viewer): Promise<Page<Comment>> {
    const where = hasRole(viewer, Role.COORDINATOR) ? ['c.event_id = $1'] : ['c.event_id = $1', 'c.hidden_at IS NULL'];
    return keysetPage<CommentRow, Comment & { cursorAt: string }>(
      this.db,
      {
        columns: COLUMNS,
        from: 'tv_comment c JOIN app_user u ON u.id = c.author_id',
        countFrom: 'tv_comment c',
        where,
        params: [eventId],
        keys: timeIdKeys('c.created_at', 'c.id'),
        direction: 'ASC',
      },
      { ...page, nodes: (list) => list.map((r) => ({ ...present(r, viewer), cursorAt: r.cursorAt })), cursor: (c) => [c.cursorAt, c.id] },
    );
  }

  /** New visible comments on an episode, as the subscriber may see them, until the client leaves. */
  async *live(eventId: string, viewer: Viewer): AsyncGenerator<{ commentPosted: Comment }> {
    const abort = new AbortController();
    try {
      const changes = await this.events.subscribe(abort.signal);
      if (!isUuid(eventId)) return;
      const episode: unknown[] = await this.db.query('SELECT 1 FROM tv_episode WHERE event_id = $1', [eventId]);
      if (!episode.length) throw notFound('番組回 (eventId)');
      for (;;) {
        const { value, done } = await changes.next();
        if (done) return;
        if (value[0] !== eventId) continue;
        const comment = await this.find(value[1], viewer);
        if (comment) yield { commentPosted: comment };
      }
    } finally {
      abort.abort();
    }
  }
}

/** A student's name stays with the student and coordinators; everyone else reads a label. */
function present(row: CommentRow, viewer: Viewer): Comment {
  const mine = viewer.kind === 'user' && viewer.userId === row.authorId;
  const authorName = authorNameFor(viewer, { id: row.authorId, displayName: row.authorDisplayName, isStudent: row.authorIsStudent })!;
  return { id: row.id, eventId: row.eventId, authorName, text: row.text, atSecond: row.atSecond, createdAt: row.createdAt, hidden: row.hidden, mine };
}
