import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { notFound } from '../common/errors/domain-error.js';
import { cursorTimeSql, decodeTimeIdCursor, DEFAULT_PAGE, encodeCursor, toPage, type Page, type PageArgs } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import type { NotificationEntity } from './notification.entity.js';

const COLUMNS = `id, user_id AS "userId", kind, title, body, event_id AS "eventId", read_at AS "readAt", created_at AS "createdAt",
  ${cursorTimeSql('created_at')} AS "cursorAt"`;

/** A person's notifications, newest first; only their own. */
@Injectable()
export class NotificationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async listFor(userId: string, page: PageArgs, unreadOnly = false): Promise<Page<NotificationEntity>> {
    const first = page.first ?? DEFAULT_PAGE;
    const params: unknown[] = [userId];
    const unread = unreadOnly ? 'AND read_at IS NULL' : '';
    let keyset = '';
    if (page.after) {
      params.push(...decodeTimeIdCursor(page.after));
      keyset = `AND (created_at, id) < ($2::timestamptz, $3::uuid)`;
    }
    const [rows, count] = await Promise.all([
      this.db.query(`SELECT ${COLUMNS} FROM notification WHERE user_id = $1 ${unread} ${keyset} ORDER BY created_at DESC, id DESC LIMIT ${first + 1}`, params) as Promise<NotificationEntity[]>,
      this.db.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 ${unread}`, [userId]) as Promise<{ n: number }[]>,
    ]);
    return toPage(rows, first, count[0].n, (n) => encodeCursor([(n as NotificationEntity & { cursorAt: string }).cursorAt, n.id]));
  }

  async markRead(userId: string, id: string): Promise<NotificationEntity> {
    const [row] = isUuid(id)
      ? await rows<NotificationEntity>(this.db, `UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`, [id, userId])
      : [];
    if (!row) throw notFound('お知らせ');
    return row;
  }
}
