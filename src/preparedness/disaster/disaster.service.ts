import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../../common/database/sql.js';
import { badInput, conflict, notFound } from '../../common/errors/domain-error.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { byKeys, type Loaders } from '../../common/graphql/loaders.js';
import { isUuid } from '../../common/ids.js';
import { JobsService } from '../../common/queue/jobs.service.js';
import { Platform } from '../../graph/graph.enums.js';
import { ActivityService, clip } from '../../tv/activity.service.js';
import { ActivityKind } from '../../tv/tv.models.js';
import { SupportService } from '../support.service.js';
import { MAX_DISASTER_DAYS, type DeclareDisasterInput } from './disaster.inputs.js';
import type { Disaster } from './disaster.models.js';

/** A disaster's columns as the API shows them: its status is read off the clock of the database, never stored. */
export const DISASTER_COLUMNS = `d.id, d.topic, d.title, d.areas, d.area_keys AS "areaKeys", d.drill, d.started_at AS "startedAt", d.ends_at AS "endsAt",
  CASE WHEN d.ended_at IS NULL AND d.ends_at > now() THEN 'ACTIVE' ELSE 'ENDED' END AS status,
  coalesce(d.ended_at, CASE WHEN d.ends_at <= now() THEN d.ends_at END) AS "endedAt"`;

/** `d` is active: not ended by anyone and before its endsAt (so it closes by itself). */
export const ACTIVE_DISASTER = `d.ended_at IS NULL AND d.ends_at > now()`;

/**
 * The active disaster over an area (SQL, `area` an expression of the need's area): a real one
 * before a drill, then the latest declared.
 */
export const coveringDisasterSql = (area: string, opts: { realOnly?: boolean } = {}): string =>
  `(SELECT d.id FROM disaster d WHERE ${ACTIVE_DISASTER} AND area_key(${area}) = ANY(d.area_keys)${opts.realOnly ? ' AND NOT d.drill' : ''}
    ORDER BY d.drill, d.started_at DESC, d.id LIMIT 1)`;

/**
 * Disasters: a coordinator declares one over areas until `endsAt` (at most 14 days ahead) and may
 * end it sooner. Declaring writes, in one transaction, the disaster, its line of 地福TV's feed (the
 * coordinator's title and the areas: never a person), the audit entry, and the outbox job that
 * notifies the helpers of the areas on the worker (payload: the disaster's id).
 */
@Injectable()
export class DisasterService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    private readonly activities: ActivityService,
    private readonly support: SupportService,
  ) {}

  async declare(coordinatorId: string, input: DeclareDisasterInput, ctx?: GqlContext): Promise<Disaster> {
    const now = Date.now();
    const endsAt = input.endsAt.getTime();
    if (endsAt <= now) throw badInput([{ field: 'input.endsAt', message: 'endsAt は今より後にしてください' }]);
    if (endsAt > now + MAX_DISASTER_DAYS * 86_400_000) throw badInput([{ field: 'input.endsAt', message: `endsAt は今から${MAX_DISASTER_DAYS}日以内にしてください` }]);
    const disaster = await this.db.transaction(async (tx) => {
      // the database's clock decides (it decides every later check); a request slower than the margin is refused, not stretched
      const [d] = await rows<Disaster>(
        tx,
        `WITH d AS (
           INSERT INTO disaster (topic, title, areas, area_keys, drill, ends_at, declared_by)
           SELECT $1, $2, $3::text[], ARRAY(SELECT DISTINCT area_key(a) FROM unnest($3::text[]) a ORDER BY 1), $4, $5, $6
           WHERE $5::timestamptz > now() AND $5::timestamptz <= now() + make_interval(days => $7)
           RETURNING *)
         SELECT ${DISASTER_COLUMNS} FROM d`,
        [input.topic, input.title, input.areas, input.drill ?? false, input.endsAt, coordinatorId, MAX_DISASTER_DAYS],
      );
      if (!d) throw badInput([{ field: 'input.endsAt', message: `endsAt は今から${MAX_DISASTER_DAYS}日以内にしてください` }]);
      await this.activities.record(tx, {
        kind: ActivityKind.DISASTER_DECLARED,
        platform: Platform.PREPAREDNESS,
        title: `${d.drill ? '防災訓練' : '災害対応'}: ${clip(d.title, 120)}（${clip(d.areas.join('・'), 120)}）`,
        dedupeKey: `disaster:${d.id}`,
        public: true,
      });
      await this.jobs.record(tx, 'disaster-declared', { disasterId: d.id });
      await this.support.audit(coordinatorId, 'DISASTER_DECLARED', { disasterId: d.id }, ctx, tx);
      return d;
    });
    this.jobs.relaySoon();
    return disaster;
  }

  /** Ends an active disaster now: contact cards close at once. Ending one that is over is a CONFLICT. */
  async end(coordinatorId: string, id: string, ctx?: GqlContext): Promise<Disaster> {
    if (!isUuid(id)) throw notFound('災害');
    return this.db.transaction(async (tx) => {
      // the row first: a report holding it (FOR SHARE) commits before, so the end's clock_timestamp()
      // (read after the lock, not at the transaction's start) is later than every report it lets in
      await tx.query('SELECT 1 FROM disaster WHERE id = $1 FOR UPDATE', [id]);
      const [d] = await rows<Disaster>(
        tx,
        `WITH d AS (UPDATE disaster d SET ended_at = clock_timestamp(), ended_by = $2 WHERE d.id = $1 AND ${ACTIVE_DISASTER} RETURNING *)
         SELECT ${DISASTER_COLUMNS} FROM d`,
        [id, coordinatorId],
      );
      if (!d) {
        if (!(await this.find(id, tx))) throw notFound('災害');
        throw conflict('この災害対応はすでに終了しています (already ended)');
      }
      await this.support.audit(coordinatorId, 'DISASTER_ENDED', { disasterId: id }, ctx, tx);
      return d;
    });
  }

  /** Real disasters first, then drills; the latest declared first. */
  active(): Promise<Disaster[]> {
    return rows<Disaster>(this.db, `SELECT ${DISASTER_COLUMNS} FROM disaster d WHERE ${ACTIVE_DISASTER} ORDER BY d.drill, d.started_at DESC, d.id LIMIT 100`);
  }

  async find(id: string, db: DataSource | EntityManager = this.db): Promise<Disaster | null> {
    if (!isUuid(id)) return null;
    const [d] = await rows<Disaster>(db, `SELECT ${DISASTER_COLUMNS} FROM disaster d WHERE d.id = $1`, [id]);
    return d ?? null;
  }

  byId(loaders: Loaders, id: string): Promise<Disaster | null> {
    return loaders
      .get<string, Disaster | null>('disasterById', async (ids) =>
        byKeys(ids, await rows<Disaster>(this.db, `SELECT ${DISASTER_COLUMNS} FROM disaster d WHERE d.id = ANY($1::uuid[])`, [ids]), (d) => d.id),
      )
      .load(id);
  }
}
