import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { notFound } from '../common/errors/domain-error.js';
import { keysetPage, timeIdKeys } from '../common/graphql/keyset-page.js';
import { cursorTimeSql, type Page, type PageArgs } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import type { NotificationEntity } from './notification.entity.js';

const COLUMNS = `id, user_id AS "userId", kind, title, body, event_id AS "eventId", read_at AS "readAt", created_at AS "createdAt",
  ${cursorTimeSql('created_at')} AS "cursorAt"`;

/** A person's notifications, newest first; only their own. */
@Injectable()
export class NotificationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async listFor(userId: string, page: PageArgs, unreadOnly = false): Promise<Page<NotificationEntity>> {
    return keysetPage<NotificationEntity & { cursorAt: string }>(
      this.db,
      {
        columns: COLUMNS,
        from: 'notification',
        where: unreadOnly ? ['user_id = $1', 'read_at IS NULL'] : ['user_id = $1'],
        params: [userId],
        keys: timeIdKeys('created_at', 'id'),
        direction: 'DESC',
      },
      { ...page, cursor: (n) => [n.cursorAt, n.id] },
    );
  }

  async markRead(userId: string, id: string): Promise<NotificationEntity> {
    const [row] = isUuid(id)
      ? await rows<NotificationEntity>(this.db, `UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`, [id, userId])
      : [];
    if (!row) throw notFound('お知らせ');
    return row;
  }
}
