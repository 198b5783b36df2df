import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { badInput, forbidden, notFound } from '../common/errors/domain-error.js';
import { hasRole, userIdOf, type Viewer } from '../common/graphql/context.js';
import { byKeys, type Loaders } from '../common/graphql/loaders.js';
import { keysetPage, timeIdKeys } from '../common/graphql/keyset-page.js';
import { cursorTimeSql, type Page, type PageArgs } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import { JobsService } from '../common/queue/jobs.service.js';
import { Role } from '../identity/role.enum.js';
import { EventEntity } from './event.entity.js';
import type { CreateEventInput, EventFilter } from './event.inputs.js';
import { ParticipantStatus } from './graph.enums.js';

const EVENT_COLUMNS = `e.id, e.platform, e.title, e.description, e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.mode, e.location,
  e.online_url AS "onlineUrl", e.capacity, e.host_organization_id AS "hostOrganizationId", e.created_by AS "createdBy",
  e.participant_count AS "participantCount", e.gathering, e.created_at AS "createdAt", ${cursorTimeSql('e.starts_at')} AS "cursorAt"`;

@Injectable()
export class EventService {
  private readonly logger = new Logger(EventService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
  ) {}

  /** Events the viewer may see (see `visibleTo`), by start time. */
  async list(filter: EventFilter | undefined, page: PageArgs, viewer: Viewer): Promise<Page<EventEntity>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    const visible = visibleTo(viewer, params);
    if (visible) where.push(visible);
    if (filter?.platform) add('e.platform = ?', filter.platform);
    if (filter?.from) add('e.starts_at >= ?', filter.from);
    if (filter?.to) add('e.starts_at < ?', filter.to);
    return keysetPage<EventEntity & { cursorAt: string }>(
      this.db,
      { columns: EVENT_COLUMNS, from: 'event e', where, params, keys: timeIdKeys('e.starts_at', 'e.id'), direction: 'ASC' },
      { ...page, cursor: (e) => [e.cursorAt, e.id] },
    );
  }

  /** An event as the service itself reads it (after a write, for its writer): no visibility rule. */
  async findById(id: string): Promise<EventEntity | null> {
    if (!isUuid(id)) return null;
    const rows: EventEntity[] = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM event e WHERE e.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** An event the viewer may see, batched per request (lists whose items point at events); null otherwise. */
  byId(loaders: Loaders, id: string, viewer: Viewer): Promise<EventEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return loaders
      .get<string, EventEntity | null>('eventById', async (ids) => {
        const params: unknown[] = [ids];
        const visible = visibleTo(viewer, params);
        const found: EventEntity[] = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM event e WHERE e.id = ANY($1::uuid[])${visible ? ` AND ${visible}` : ''}`, params);
        return byKeys(ids, found, (e) => e.id);
      })
      .load(id);
  }

  /** Events of any visibility, batched per request: for fields that decide themselves what the viewer gets (a joint action's gathering). */
  anyById(loaders: Loaders, id: string): Promise<EventEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return loaders
      .get<string, EventEntity | null>('eventAnyById', async (ids) =>
        byKeys(ids, (await this.db.query(`SELECT ${EVENT_COLUMNS} FROM event e WHERE e.id = ANY($1::uuid[])`, [ids])) as EventEntity[], (e) => e.id),
      )
      .load(id);
  }

  /**
   * A coordinator may create any event; an organisation member only events hosted by a verified
   * organisation they belong to (verification is what lets an organisation reach the public and
   * students: an unverified one publishes nothing, events included).
   */
  async create(input: CreateEventInput, viewer: Viewer): Promise<EventEntity> {
    if (viewer.kind !== 'user') throw forbidden();
    if (input.endsAt && input.endsAt < input.startsAt) throw badInput([{ field: 'input.endsAt', message: '終了は開始より後にしてください' }]);
    let verified = false;
    if (input.hostOrganizationId) {
      const org: { verified: boolean }[] = await this.db.query('SELECT verified FROM organization WHERE id = $1', [input.hostOrganizationId]);
      if (!org.length) throw notFound('主催団体 (hostOrganizationId)');
      verified = org[0].verified;
    }
    if (!hasRole(viewer, Role.COORDINATOR)) {
      if (!input.hostOrganizationId) throw forbidden('イベントを作成できるのはコーディネーターか、主催団体のメンバーです (hostOrganizationId が必要です)');
      const member: unknown[] = await this.db.query('SELECT 1 FROM organization_member WHERE organization_id = $1 AND user_id = $2', [
        input.hostOrganizationId,
        viewer.userId,
      ]);
      if (!member.length) throw forbidden('この団体のメンバーではないため、この団体主催のイベントは作成できません');
      if (!verified) throw forbidden('団体の確認が済むまで、イベントは作成できません (the organisation is not verified yet)');
    }
    const rows: EventEntity[] = await this.db.query(
      `INSERT INTO event AS e (platform, title, description, starts_at, ends_at, mode, location, online_url, capacity, host_organization_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${EVENT_COLUMNS}`,
      [input.platform, input.title, input.description, input.startsAt, input.endsAt ?? null, input.mode, input.location ?? null, input.onlineUrl ?? null,
        input.capacity ?? null, input.hostOrganizationId ?? null, viewer.userId],
    );
    return rows[0];
  }

  /**
   * Joins the event, or takes a place on its waiting list when it is full. The event row is locked
   * for the transaction, so joins and leaves of one event take turns and the count never passes capacity.
   */
  async join(eventId: string, viewer: Viewer): Promise<EventEntity> {
    const userId = userIdOf(viewer);
    if (!isUuid(eventId)) throw notFound('イベント');
    await this.db.transaction(async (tx) => {
      const event = await lockEvent(tx, eventId, viewer);
      const status = event.capacity === null || event.participantCount < event.capacity ? ParticipantStatus.JOINED : ParticipantStatus.WAITLISTED;
      const inserted: unknown[] = await tx.query(
        'INSERT INTO event_participant (event_id, user_id, status) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
        [eventId, userId, status],
      );
      // joining twice changes nothing
      if (inserted.length && status === ParticipantStatus.JOINED) {
        await tx.query('UPDATE event SET participant_count = participant_count + 1 WHERE id = $1', [eventId]);
      }
    });
    return (await this.findById(eventId))!;
  }

  /**
   * Leaves the event (or its waiting list); a freed place goes to the first person waiting, who is
   * notified: the notification job is recorded in the outbox in the same transaction, so it is sent
   * even when the queue backend is down now or loses its data later.
   */
  async leave(eventId: string, viewer: Viewer): Promise<EventEntity> {
    const userId = userIdOf(viewer);
    if (!isUuid(eventId)) throw notFound('イベント');
    const promoted = await this.db.transaction(async (tx) => {
      await lockEvent(tx, eventId, viewer);
      const left = await rows<{ status: ParticipantStatus }>(
        tx,
        'DELETE FROM event_participant WHERE event_id = $1 AND user_id = $2 RETURNING status',
        [eventId, userId],
      );
      if (left[0]?.status !== ParticipantStatus.JOINED) return undefined;
      const moved = await rows<{ userId: string; promotedAt: Date }>(
        tx,
        `UPDATE event_participant SET status = 'JOINED', promoted_at = clock_timestamp()
         WHERE (event_id, user_id) = (SELECT event_id, user_id FROM event_participant WHERE event_id = $1 AND status = 'WAITLISTED' ORDER BY seq LIMIT 1)
         RETURNING user_id AS "userId", promoted_at AS "promotedAt"`,
        [eventId],
      );
      if (!moved.length) await tx.query('UPDATE event SET participant_count = participant_count - 1 WHERE id = $1', [eventId]);
      else await this.jobs.record(tx, 'waitlist-promoted', { eventId, userId: moved[0].userId, promotedAt: moved[0].promotedAt.toISOString() });
      return moved[0];
    });
    if (promoted) this.jobs.relaySoon();
    return (await this.findById(eventId))!;
  }

  /** The viewer's status in each of the events, batched per request. */
  statusOf(loaders: Loaders, userId: string, eventId: string): Promise<ParticipantStatus | null> {
    return loaders
      .get<string, ParticipantStatus | null>(`eventStatus:${userId}`, async (ids) => {
        const rows: { eventId: string; status: ParticipantStatus }[] = await this.db.query(
          'SELECT event_id AS "eventId", status FROM event_participant WHERE user_id = $1 AND event_id = ANY($2::uuid[])',
          [userId, ids],
        );
        return byKeys(ids, rows, (r) => r.eventId).map((r) => r?.status ?? null);
      })
      .load(eventId);
  }

  waitlistCount(loaders: Loaders, eventId: string): Promise<number> {
    return loaders
      .get<string, number>('eventWaitlist', async (ids) => {
        const rows: { eventId: string; n: number }[] = await this.db.query(
          `SELECT event_id AS "eventId", count(*)::int AS n FROM event_participant WHERE event_id = ANY($1::uuid[]) AND status = 'WAITLISTED' GROUP BY event_id`,
          [ids],
        );
        return byKeys(ids, rows, (r) => r.eventId).map((r) => r?.n ?? 0);
      })
      .load(eventId);
  }
}

/**
 * Locks an event the viewer may see for a join or a leave. A joint action's gathering is nobody's
 * to join or leave this way: its participants are the joint action's students (and those who may
 * not see it learn nothing of it: NOT_FOUND).
 */
async function lockEvent(tx: EntityManager, eventId: string, viewer: Viewer): Promise<{ capacity: number | null; participantCount: number }> {
  const params: unknown[] = [eventId];
  const visible = visibleTo(viewer, params);
  const rows: { capacity: number | null; participantCount: number; gathering: boolean }[] = await tx.query(
    `SELECT e.capacity, e.participant_count AS "participantCount", e.gathering FROM event e WHERE e.id = $1${visible ? ` AND ${visible}` : ''} FOR UPDATE OF e`,
    params,
  );
  if (!rows.length) throw notFound('イベント');
  if (rows[0].gathering) throw forbidden('協働アクションの集まりには、参加する生徒として招待されて加わります (a joint action\'s gathering is not joined with joinEvent)');
  return rows[0];
}

/**
 * The contract's rule for events ("Minors first"): a joint action's gathering (`gathering`) is seen
 * only by coordinators, members of its host organisation (the offer's) and the joint action's
 * students (invited, and not out of it); every other event by everyone. As a condition over alias `e`, its parameters appended
 * to `params`; null when the viewer sees every event.
 */
export function visibleTo(viewer: Viewer, params: unknown[]): string | null {
  if (hasRole(viewer, Role.COORDINATOR)) return null;
  if (viewer.kind !== 'user') return 'NOT e.gathering';
  params.push(viewer.userId);
  const u = `$${params.length}::uuid`;
  return `(NOT e.gathering
    OR EXISTS (SELECT 1 FROM organization_member m WHERE m.organization_id = e.host_organization_id AND m.user_id = ${u})
    OR EXISTS (SELECT 1 FROM joint_action j JOIN joint_action_invitation ji ON ji.joint_action_id = j.id
               WHERE j.event_id = e.id AND ji.student_id = ${u} AND ji.status IN ('PENDING', 'ACCEPTED')))`;
}
