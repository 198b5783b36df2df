import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput, conflict, notFound } from '../common/errors/domain-error.js';
import { byKeys, type Loaders } from '../common/graphql/loaders.js';
import { keysetPage, timeIdKeys } from '../common/graphql/keyset-page.js';
import { MAX_PAGE, cursorTimeSql, type Page, type PageArgs } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import type { EventEntity } from '../graph/event.entity.js';
import type { CreateEventInput } from '../graph/event.inputs.js';
import { EventService } from '../graph/event.service.js';
import { Platform } from '../graph/graph.enums.js';
import { JOINT_ACTION_COLUMNS } from '../matching/joint-action.service.js';
import type { JointAction } from '../matching/matching.models.js';
import type { CreateProgramInput, ParticipationArgs } from './tv.inputs.js';
import type { EpisodeReach, ParticipationPoint, Program } from './tv.models.js';

/** What an episode may feature: enough for one broadcast, and a bound on the lists it returns. */
export const MAX_FEATURES = 50;
/** How long an episode without an end counts as live after its start. */
export const DEFAULT_EPISODE_MS = 2 * 3600_000;

const PROGRAM_COLUMNS = `id, title, description, created_at AS "createdAt"`;


export interface EpisodeInfo {
  eventId: string;
  programId: string;
  replayUrl: string | null;
}

@Injectable()
export class TvService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventService,
  ) {}

  // ---------------------------------------------------------------- programmes

  async createProgram(input: CreateProgramInput, userId: string): Promise<Program> {
    const rows: Program[] = await this.db.query(
      `INSERT INTO tv_program (title, description, created_by) VALUES ($1, $2, $3) RETURNING ${PROGRAM_COLUMNS}`,
      [input.title, input.description, userId],
    );
    return rows[0];
  }

  programs(first = MAX_PAGE): Promise<Program[]> {
    return this.db.query(`SELECT ${PROGRAM_COLUMNS} FROM tv_program ORDER BY created_at DESC, id DESC LIMIT $1`, [first]);
  }

  async program(id: string): Promise<Program | null> {
    if (!isUuid(id)) return null;
    const rows: Program[] = await this.db.query(`SELECT ${PROGRAM_COLUMNS} FROM tv_program WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  programById(loaders: Loaders, id: string): Promise<Program | null> {
    return loaders
      .get<string, Program | null>('tvProgram', async (ids) =>
        byKeys(ids, (await this.db.query(`SELECT ${PROGRAM_COLUMNS} FROM tv_program WHERE id = ANY($1::uuid[])`, [ids])) as Program[], (p) => p.id),
      )
      .load(id);
  }

  /** A programme's episodes in broadcast order (starts_at, id), keyset-paginated. */
  async episodes(programId: string, page: PageArgs): Promise<Page<EventEntity>> {
    return keysetPage<{ id: string; cursorAt: string }, EventEntity & { cursorAt: string }>(
      this.db,
      {
        columns: `e.id, ${cursorTimeSql('e.starts_at')} AS "cursorAt"`,
        from: 'tv_episode te JOIN event e ON e.id = te.event_id',
        countFrom: 'tv_episode te',
        where: ['te.program_id = $1'],
        params: [programId],
        keys: timeIdKeys('e.starts_at', 'e.id'),
        direction: 'ASC',
      },
      {
        ...page,
        nodes: (ids) => Promise.all(ids.map(async (r) => ({ ...(await this.events.findById(r.id))!, cursorAt: r.cursorAt }))),
        cursor: (e) => [e.cursorAt, e.id],
      },
    );
  }

  // ---------------------------------------------------------------- episodes

  /** A coordinator schedules an episode: an event on platform TV with its live link, in one transaction with its programme row. */
  async scheduleEpisode(programId: string, input: CreateEventInput, userId: string): Promise<EventEntity> {
    const fields: { field: string; message: string }[] = [];
    if (!isUuid(programId)) fields.push({ field: 'programId', message: 'programId が正しくありません' });
    if (input.platform !== Platform.TV) fields.push({ field: 'input.platform', message: '番組回は platform TV のイベントです' });
    if (!input.onlineUrl) fields.push({ field: 'input.onlineUrl', message: '配信のURL (onlineUrl) を入力してください' });
    if (input.endsAt && input.endsAt < input.startsAt) fields.push({ field: 'input.endsAt', message: '終了は開始より後にしてください' });
    if (fields.length) throw badInput(fields);
    const id = await this.db.transaction(async (tx) => {
      const program: unknown[] = await tx.query('SELECT 1 FROM tv_program WHERE id = $1 FOR SHARE', [programId]);
      if (!program.length) throw notFound('番組 (programId)');
      if (input.hostOrganizationId) {
        const org: unknown[] = await tx.query('SELECT 1 FROM organization WHERE id = $1', [input.hostOrganizationId]);
        if (!org.length) throw notFound('主催団体 (hostOrganizationId)');
      }
      const [event]: { id: string }[] = await tx.query(
        `INSERT INTO event (platform, title, description, starts_at, ends_at, mode, location, online_url, capacity, host_organization_id, created_by)
         VALUES ('TV', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [input.title, input.description, input.startsAt, input.endsAt ?? null, input.mode, input.location ?? null, input.onlineUrl,
          input.capacity ?? null, input.hostOrganizationId ?? null, userId],
      );
      await tx.query('INSERT INTO tv_episode (event_id, program_id) VALUES ($1, $2)', [event.id, programId]);
      return event.id;
    });
    return (await this.events.findById(id))!;
  }

  /** The replay comes after the broadcast: refused (CONFLICT) before the episode has started. */
  async setReplay(eventId: string, replayUrl: string): Promise<EventEntity> {
    const rows: { startsAt: Date }[] = await this.db.query(
      `SELECT e.starts_at AS "startsAt" FROM tv_episode te JOIN event e ON e.id = te.event_id WHERE te.event_id = $1`,
      [eventId],
    );
    if (!rows.length) throw notFound('番組回 (eventId)');
    if (rows[0].startsAt.getTime() > Date.now()) throw conflict('配信が始まる前にはアーカイブ (replayUrl) を設定できません');
    await this.db.query('UPDATE tv_episode SET replay_url = $2, replay_set_at = now() WHERE event_id = $1', [eventId, replayUrl]);
    return (await this.events.findById(eventId))!;
  }

  /** An episode features one event (of another platform) or one joint action; featuring it again changes nothing. */
  async feature(episodeId: string, eventId: string | undefined, jointActionId: string | undefined): Promise<EventEntity> {
    if ((eventId ? 1 : 0) + (jointActionId ? 1 : 0) !== 1) {
      const message = 'eventId と jointActionId のどちらか一方を指定してください';
      throw badInput([{ field: 'eventId', message }, { field: 'jointActionId', message }]);
    }
    await this.db.transaction(async (tx) => {
      // the episode row is locked: features of one episode are counted one at a time
      const episode: unknown[] = await tx.query('SELECT 1 FROM tv_episode WHERE event_id = $1 FOR UPDATE', [episodeId]);
      if (!episode.length) throw notFound('番組回 (episodeId)');
      if (eventId) {
        const target: { platform: Platform; gathering: boolean }[] = await tx.query('SELECT platform, gathering FROM event WHERE id = $1', [eventId]);
        if (!target.length) throw notFound('イベント (eventId)');
        if (target[0].platform === Platform.TV) throw badInput([{ field: 'eventId', message: '紹介できるのはほかのプラットフォームのイベントです' }]);
        // a gathering's time and place are its parties' alone: an episode presents the joint action
        if (target[0].gathering) throw badInput([{ field: 'eventId', message: '協働アクションの集まりは jointActionId で協働アクションとして紹介してください (feature the joint action instead)' }]);
      } else {
        const target: { status: string }[] = await tx.query('SELECT status::text AS status FROM joint_action WHERE id = $1', [jointActionId]);
        if (!target.length) throw notFound('協働アクション (jointActionId)');
        // what is still awaiting its answers, or was cancelled, is nothing to broadcast (the feed announces confirmed ones only)
        if (target[0].status !== 'CONFIRMED') throw conflict('紹介できるのは確定した協働アクションだけです (only a CONFIRMED joint action can be featured)');
      }
      const exists: unknown[] = await tx.query(
        'SELECT 1 FROM tv_feature WHERE episode_id = $1 AND (event_id = $2 OR joint_action_id = $3)',
        [episodeId, eventId ?? null, jointActionId ?? null],
      );
      if (exists.length) return;
      const [{ n }]: { n: number }[] = await tx.query('SELECT count(*)::int AS n FROM tv_feature WHERE episode_id = $1', [episodeId]);
      if (n >= MAX_FEATURES) throw conflict(`1回に紹介できるのは${MAX_FEATURES}件までです`);
      await tx.query('INSERT INTO tv_feature (episode_id, event_id, joint_action_id) VALUES ($1, $2, $3)', [episodeId, eventId ?? null, jointActionId ?? null]);
    });
    return (await this.events.findById(episodeId))!;
  }

  /** Programme and replay of each event that is an episode (null for other events), batched per request. */
  episodeInfo(loaders: Loaders, eventId: string): Promise<EpisodeInfo | null> {
    return loaders
      .get<string, EpisodeInfo | null>('tvEpisode', async (ids) => {
        const rows: EpisodeInfo[] = await this.db.query(
          `SELECT event_id AS "eventId", program_id AS "programId", replay_url AS "replayUrl" FROM tv_episode WHERE event_id = ANY($1::uuid[])`,
          [ids],
        );
        return byKeys(ids, rows, (r) => r.eventId);
      })
      .load(eventId);
  }

  featuredEventIds(loaders: Loaders, episodeId: string): Promise<string[]> {
    return this.featured(loaders, 'event_id', episodeId);
  }

  featuredJointActionIds(loaders: Loaders, episodeId: string): Promise<string[]> {
    return this.featured(loaders, 'joint_action_id', episodeId);
  }

  private featured(loaders: Loaders, column: 'event_id' | 'joint_action_id', episodeId: string): Promise<string[]> {
    return loaders
      .get<string, string[]>(`tvFeatured:${column}`, async (ids) => {
        const rows: { episodeId: string; id: string }[] = await this.db.query(
          `SELECT episode_id AS "episodeId", ${column} AS id FROM tv_feature WHERE episode_id = ANY($1::uuid[]) AND ${column} IS NOT NULL ORDER BY id`,
          [ids],
        );
        return ids.map((id) => rows.filter((r) => r.episodeId === id).map((r) => r.id));
      })
      .load(episodeId);
  }

  /**
   * Featured joint actions, batched per request, in the order asked for. Everyone may read a joint
   * action's public face (title, summary, themes, offer: built from public facts alone, see the
   * matching engine's plan.ts); its participants and its gathering answer per viewer on
   * JointActionResolver.
   */
  async jointActions(loaders: Loaders, ids: string[]): Promise<JointAction[]> {
    const found = await Promise.all(
      ids.map((id) =>
        loaders
          .get<string, JointAction | null>('tvJointActionById', async (keys) =>
            byKeys(keys, (await this.db.query(`SELECT ${JOINT_ACTION_COLUMNS} FROM joint_action ja WHERE ja.id = ANY($1::uuid[])`, [keys])) as JointAction[], (j) => j.id),
          )
          .load(id),
      ),
    );
    return found.filter((j): j is JointAction => j !== null);
  }

  // ---------------------------------------------------------------- reach

  async reach(eventId: string): Promise<EpisodeReach> {
    const rows: EpisodeReach[] = await this.db.query(
      `SELECT te.event_id AS "eventId",
         (SELECT count(*)::int FROM event_participant p WHERE p.event_id = te.event_id AND p.status = 'JOINED') AS "registeredViewers",
         (SELECT count(*)::int FROM tv_comment c WHERE c.event_id = te.event_id) AS comments,
         (SELECT count(*)::int FROM tv_comment c WHERE c.event_id = te.event_id AND c.hidden_at IS NOT NULL) AS "hiddenComments",
         (SELECT count(DISTINCT c.author_id)::int FROM tv_comment c WHERE c.event_id = te.event_id) AS commenters
       FROM tv_episode te WHERE te.event_id = $1`,
      [eventId],
    );
    if (!rows.length) throw notFound('番組回 (eventId)');
    return rows[0];
  }

  /** Participants per platform and month (Asia/Tokyo), months with events only, at most 5 years. */
  async participation(args: ParticipationArgs): Promise<ParticipationPoint[]> {
    if (args.to <= args.from) throw badInput([{ field: 'to', message: 'to は from より後にしてください' }]);
    if (args.to.getTime() - args.from.getTime() > 5 * 366 * 86400_000) throw badInput([{ field: 'to', message: '期間は5年以内にしてください' }]);
    return this.db.query(
      `SELECT e.platform, to_char(date_trunc('month', e.starts_at AT TIME ZONE 'Asia/Tokyo'), 'YYYY-MM') AS month,
         count(DISTINCT e.id)::int AS events, count(p.user_id)::int AS participations, count(DISTINCT p.user_id)::int AS participants
       FROM event e LEFT JOIN event_participant p ON p.event_id = e.id AND p.status = 'JOINED'
       WHERE e.starts_at >= $1 AND e.starts_at < $2 AND ($3::platform IS NULL OR e.platform = $3::platform)
       GROUP BY 1, 2 ORDER BY 2, 1`,
      [args.from, args.to, args.platform ?? null],
    );
  }
}
