import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { badInput, forbidden, notFound } from '../common/errors/domain-error.js';
import { hasRole, type Viewer } from '../common/graphql/context.js';
import { byKeys, type Loaders } from '../common/graphql/loaders.js';
import { keysetPage, timeIdKeys } from '../common/graphql/keyset-page.js';
import { cursorTimeSql, type Page, type PageArgs } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import { ThemeService } from '../graph/theme.service.js';
import { type Author, isStudentSql } from '../identity/author-name.policy.js';
import { Role } from '../identity/role.enum.js';
import type { Generation, Sector, Stance } from './committee.enums.js';
import type { AddPerspectiveInput, UpdateMyProfileInput } from './committee.inputs.js';
import type { AgendaItem, Perspective } from './committee.models.js';

export const PERSPECTIVE_COLUMNS = `p.id, p.event_id AS "eventId", p.agenda_item_id AS "agendaItemId", p.author_id AS "authorId", p.anonymous,
  p.text, p.themes, p.created_at AS "createdAt", p.highlighted_at AS "highlightedAt"`;
const AGENDA_COLUMNS = `id, event_id AS "eventId", title, position`;

export interface StanceCounts {
  agree: number;
  disagree: number;
  pass: number;
}

/** Agendas, minutes, perspectives and stances of committee meetings (events on platform COMMITTEE). */
@Injectable()
export class CommitteeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly themes: ThemeService,
  ) {}

  // ------------------------------------------------------------------ profiles

  async updateMyProfile(userId: string, input: UpdateMyProfileInput): Promise<{ id: string; displayName: string; roles: Role[] }> {
    const sets: string[] = [];
    const params: unknown[] = [userId];
    const set = (column: string, value: unknown, cast = '') => {
      params.push(value);
      sets.push(`${column} = $${params.length}${cast}`);
    };
    if (input.displayName !== undefined && input.displayName !== null) set('display_name', input.displayName);
    if (input.area !== undefined) set('area', input.area === '' ? null : input.area);
    if (input.generation !== undefined) set('generation', input.generation, '::generation');
    if (input.sector !== undefined) set('sector', input.sector, '::sector');
    const sql = sets.length
      ? `UPDATE app_user SET ${sets.join(', ')} WHERE id = $1 RETURNING id, display_name AS "displayName", roles::text[] AS roles`
      : `SELECT id, display_name AS "displayName", roles::text[] AS roles FROM app_user WHERE id = $1`;
    const found = await rows<{ id: string; displayName: string; roles: Role[] }>(this.db, sql, params);
    if (!found.length) throw notFound('ユーザー');
    return found[0];
  }

  /** A user's self-declared generation and sector, batched per request. */
  profileOf(loaders: Loaders, userId: string): Promise<{ generation: Generation | null; sector: Sector | null } | null> {
    return loaders
      .get<string, { id: string; generation: Generation | null; sector: Sector | null } | null>('committeeProfile', async (ids) =>
        byKeys(ids, (await this.db.query('SELECT id, generation, sector FROM app_user WHERE id = ANY($1::uuid[])', [ids])) as { id: string; generation: Generation | null; sector: Sector | null }[], (r) => r.id),
      )
      .load(userId);
  }

  // ------------------------------------------------------------------ meetings

  /** A committee meeting by id, or NOT_FOUND (an id that is not a committee event is not a meeting). */
  async meeting(eventId: string, field = 'eventId'): Promise<{ id: string; title: string; startsAt: Date; hostOrganizationId: string | null; createdBy: string | null }> {
    void field;
    if (!isUuid(eventId)) throw notFound('委員会の会議 (eventId)');
    const found: { id: string; title: string; startsAt: Date; hostOrganizationId: string | null; createdBy: string | null }[] = await this.db.query(
      `SELECT id, title, starts_at AS "startsAt", host_organization_id AS "hostOrganizationId", created_by AS "createdBy" FROM event WHERE id = $1 AND platform = 'COMMITTEE'`,
      [eventId],
    );
    if (!found.length) throw notFound('委員会の会議 (eventId)');
    return found[0];
  }

  /** Coordinators, and members of the meeting's host organisation (or whoever created it). */
  private async assertHost(viewer: Viewer, event: { id: string; hostOrganizationId: string | null; createdBy: string | null }): Promise<void> {
    if (viewer.kind !== 'user') throw forbidden();
    if (hasRole(viewer, Role.COORDINATOR) || event.createdBy === viewer.userId) return;
    if (event.hostOrganizationId) {
      const member: unknown[] = await this.db.query('SELECT 1 FROM organization_member WHERE organization_id = $1 AND user_id = $2', [event.hostOrganizationId, viewer.userId]);
      if (member.length) return;
    }
    throw forbidden('議題と議事録を編集できるのはコーディネーターか主催者です');
  }

  async addAgendaItem(eventId: string, title: string, viewer: Viewer): Promise<AgendaItem> {
    const event = await this.meeting(eventId);
    await this.assertHost(viewer, event);
    return this.db.transaction(async (tx) => {
      // the meeting row is locked so that two items added at once get different positions
      await tx.query('SELECT 1 FROM event WHERE id = $1 FOR UPDATE', [eventId]);
      const count: { n: number }[] = await tx.query('SELECT count(*)::int AS n FROM agenda_item WHERE event_id = $1', [eventId]);
      if (count[0].n >= 100) throw badInput([{ field: 'eventId', message: '議題は1つの会議に100件までです' }]);
      const created = await rows<AgendaItem>(
        tx,
        `INSERT INTO agenda_item (event_id, title, position, created_by)
         VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM agenda_item WHERE event_id = $1), $3) RETURNING ${AGENDA_COLUMNS}`,
        [eventId, title, viewer.kind === 'user' ? viewer.userId : null],
      );
      return created[0];
    });
  }

  async setMinutes(eventId: string, minutes: string, viewer: Viewer): Promise<void> {
    const event = await this.meeting(eventId);
    await this.assertHost(viewer, event);
    if (minutes.trim() === '') {
      await this.db.query('DELETE FROM meeting_minutes WHERE event_id = $1', [eventId]);
      return;
    }
    await this.db.query(
      `INSERT INTO meeting_minutes (event_id, minutes, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO UPDATE SET minutes = EXCLUDED.minutes, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [eventId, minutes, viewer.kind === 'user' ? viewer.userId : null],
    );
  }

  agendaOf(loaders: Loaders, eventId: string): Promise<AgendaItem[]> {
    return loaders
      .get<string, AgendaItem[]>('agendaByEvent', async (ids) => {
        const found: AgendaItem[] = await this.db.query(`SELECT ${AGENDA_COLUMNS} FROM agenda_item WHERE event_id = ANY($1::uuid[]) ORDER BY position`, [ids]);
        return ids.map((id) => found.filter((a) => a.eventId === id));
      })
      .load(eventId);
  }

  agendaItemById(loaders: Loaders, id: string): Promise<AgendaItem | null> {
    return loaders
      .get<string, AgendaItem | null>('agendaItemById', async (ids) =>
        byKeys(ids, (await this.db.query(`SELECT ${AGENDA_COLUMNS} FROM agenda_item WHERE id = ANY($1::uuid[])`, [ids])) as AgendaItem[], (a) => a.id),
      )
      .load(id);
  }

  minutesOf(loaders: Loaders, eventId: string): Promise<string | null> {
    return loaders
      .get<string, string | null>('minutesByEvent', async (ids) => {
        const found: { eventId: string; minutes: string }[] = await this.db.query(
          'SELECT event_id AS "eventId", minutes FROM meeting_minutes WHERE event_id = ANY($1::uuid[])',
          [ids],
        );
        return byKeys(ids, found, (r) => r.eventId).map((r) => r?.minutes ?? null);
      })
      .load(eventId);
  }

  // ------------------------------------------------------------------ perspectives

  async addPerspective(input: AddPerspectiveInput, userId: string): Promise<Perspective> {
    await this.meeting(input.eventId, 'input.eventId');
    await this.themes.assertKnown([{ keys: input.themes, field: 'input.themes' }]);
    if (input.agendaItemId !== undefined && input.agendaItemId !== null) {
      const item: unknown[] = isUuid(input.agendaItemId)
        ? await this.db.query('SELECT 1 FROM agenda_item WHERE id = $1 AND event_id = $2', [input.agendaItemId, input.eventId])
        : [];
      if (!item.length) throw badInput([{ field: 'input.agendaItemId', message: 'この会議の議題ではありません' }]);
    }
    await this.assertParticipant(input.eventId, userId);
    const created = await rows<Perspective>(
      this.db,
      `INSERT INTO perspective AS p (event_id, agenda_item_id, author_id, anonymous, text, themes)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${PERSPECTIVE_COLUMNS}`,
      [input.eventId, input.agendaItemId ?? null, userId, input.anonymous === true, input.text, input.themes],
    );
    return created[0];
  }

  /** FORBIDDEN unless the user joined the meeting (who may post, react and be shown perspectives). */
  async assertParticipant(eventId: string, userId: string): Promise<void> {
    const joined: unknown[] = await this.db.query(`SELECT 1 FROM event_participant WHERE event_id = $1 AND user_id = $2 AND status = 'JOINED'`, [eventId, userId]);
    if (!joined.length) throw forbidden('視点を出したり賛否を示したりできるのは、この会議の参加者です (joinEvent で参加してください)');
  }

  /** One stance per person and perspective: a second call changes it (upsert). */
  async react(perspectiveId: string, stance: Stance, userId: string): Promise<Perspective> {
    const perspective = await this.findPerspective(perspectiveId);
    if (!perspective) throw notFound('視点 (perspectiveId)');
    await this.assertParticipant(perspective.eventId, userId);
    await this.db.query(
      `INSERT INTO perspective_stance (perspective_id, user_id, stance) VALUES ($1, $2, $3)
       ON CONFLICT (perspective_id, user_id) DO UPDATE SET stance = EXCLUDED.stance, updated_at = clock_timestamp()`,
      [perspectiveId, userId, stance],
    );
    return perspective;
  }

  async findPerspective(id: string): Promise<Perspective | null> {
    if (!isUuid(id)) return null;
    const found: Perspective[] = await this.db.query(`SELECT ${PERSPECTIVE_COLUMNS} FROM perspective p WHERE p.id = $1`, [id]);
    return found[0] ?? null;
  }

  perspectivesByIds(ids: string[]): Promise<Perspective[]> {
    return ids.length ? this.db.query(`SELECT ${PERSPECTIVE_COLUMNS} FROM perspective p WHERE p.id = ANY($1::uuid[])`, [ids]) : Promise.resolve([]);
  }

  async list(eventId: string, page: PageArgs): Promise<Page<Perspective>> {
    await this.meeting(eventId);
    return keysetPage<Perspective & { cursorAt: string }>(
      this.db,
      {
        columns: `${PERSPECTIVE_COLUMNS}, ${cursorTimeSql('p.created_at')} AS "cursorAt"`,
        from: 'perspective p',
        where: ['p.event_id = $1'],
        params: [eventId],
        keys: timeIdKeys('p.created_at', 'p.id'),
        direction: 'ASC',
      },
      { ...page, cursor: (p) => [p.cursorAt, p.id] },
    );
  }

  countsOf(loaders: Loaders, perspectiveId: string): Promise<StanceCounts> {
    return loaders
      .get<string, StanceCounts>('stanceCounts', async (ids) => {
        const found: ({ id: string } & StanceCounts)[] = await this.db.query(
          `SELECT perspective_id AS id, count(*) FILTER (WHERE stance = 'AGREE')::int AS agree,
                  count(*) FILTER (WHERE stance = 'DISAGREE')::int AS disagree, count(*) FILTER (WHERE stance = 'PASS')::int AS pass
           FROM perspective_stance WHERE perspective_id = ANY($1::uuid[]) GROUP BY perspective_id`,
          [ids],
        );
        return byKeys(ids, found, (r) => r.id).map((r) => r ?? { agree: 0, disagree: 0, pass: 0 });
      })
      .load(perspectiveId);
  }

  stanceOf(loaders: Loaders, userId: string, perspectiveId: string): Promise<Stance | null> {
    return loaders
      .get<string, Stance | null>(`stanceOf:${userId}`, async (ids) => {
        const found: { id: string; stance: Stance }[] = await this.db.query(
          'SELECT perspective_id AS id, stance FROM perspective_stance WHERE user_id = $1 AND perspective_id = ANY($2::uuid[])',
          [userId, ids],
        );
        return byKeys(ids, found, (r) => r.id).map((r) => r?.stance ?? null);
      })
      .load(perspectiveId);
  }

  /** A perspective's author (name, and whether a student), batched per request; shown through authorNameFor. */
  authorOf(loaders: Loaders, userId: string): Promise<Author | null> {
    return loaders
      .get<string, Author | null>('committeeAuthor', async (ids) => {
        const found: Author[] = await this.db.query(
          `SELECT u.id, u.display_name AS "displayName", ${isStudentSql('u')} AS "isStudent" FROM app_user u WHERE u.id = ANY($1::uuid[])`,
          [ids],
        );
        return byKeys(ids, found, (r) => r.id);
      })
      .load(userId);
  }

  /** A meeting's perspectives with their stance counts, for the CSV export (coordinators). */
  exportRows(eventId: string): Promise<
    { id: string; agendaTitle: string | null; text: string; themes: string[]; anonymous: boolean; authorName: string | null; agree: number; disagree: number; pass: number; createdAt: Date }[]
  > {
    return this.db.query(
      `SELECT p.id, a.title AS "agendaTitle", p.text, p.themes, p.anonymous, u.display_name AS "authorName",
              count(s.*) FILTER (WHERE s.stance = 'AGREE')::int AS agree, count(s.*) FILTER (WHERE s.stance = 'DISAGREE')::int AS disagree,
              count(s.*) FILTER (WHERE s.stance = 'PASS')::int AS pass, p.created_at AS "createdAt"
       FROM perspective p LEFT JOIN agenda_item a ON a.id = p.agenda_item_id LEFT JOIN app_user u ON u.id = p.author_id
       LEFT JOIN perspective_stance s ON s.perspective_id = p.id
       WHERE p.event_id = $1 GROUP BY p.id, a.title, u.display_name ORDER BY p.created_at, p.id`,
      [eventId],
    );
  }
}
