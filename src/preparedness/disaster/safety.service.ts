import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { PgChannel } from '../../common/database/pg-channel.js';
import { rows } from '../../common/database/sql.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors/domain-error.js';
import { hasRole, type GqlContext, type Viewer } from '../../common/graphql/context.js';
import type { Loaders } from '../../common/graphql/loaders.js';
import { keysetPage } from '../../common/graphql/keyset-page.js';
import { cursorTimeSql, decodeCursor, DEFAULT_PAGE, isCursorTime, type Page, type PageArgs } from '../../common/graphql/pagination.js';
import { isUuid } from '../../common/ids.js';
import { Role } from '../../identity/role.enum.js';
import { SupportService } from '../support.service.js';
import { ContactCipher, noteAad, SealedValueError } from './contact-cipher.js';
import { CONTACT_CIPHER } from './contact-card.service.js';
import { ACTIVE_DISASTER, coveringDisasterSql } from './disaster.service.js';
import type { ReportSafetyArgs } from './disaster.inputs.js';
import { SAFETY_RANK, SafetyStatus, type Disaster, type SafetyCount, type SafetyReport } from './disaster.models.js';

/** PostgreSQL NOTIFY channel of new safety reports (payload `<disasterId>:<reportId>`), sent at the report's commit. */
export const SAFETY_CHANNEL = 'safety_reported';

const RANK_SQL = `CASE coalesce(s.status, 'UNKNOWN') ${Object.entries(SAFETY_RANK).map(([status, rank]) => `WHEN '${status}' THEN ${rank}`).join(' ')} END`;

interface ReportRow {
  reportId: string;
  disasterId: string;
  needId: string;
  status: SafetyStatus;
  noteCipher: Buffer | null;
  reportedAt: Date;
  reportedById: string | null;
  reporterName: string | null;
}

const REPORT = `r.id AS "reportId", r.disaster_id AS "disasterId", r.need_id AS "needId", r.status, r.note_cipher AS "noteCipher", r.reported_at AS "reportedAt",
  r.reported_by AS "reportedById", u.display_name AS "reporterName"`;

/**
 * Safety reports: an approved helper of the need (active pledge, the person consenting) or a
 * coordinator reports during an active disaster over the need's area. The report, the latest
 * status of that need in that disaster (`safety_state`) and the NOTIFY of `safetyReported` are one
 * transaction. Notes are sealed like contact cards. A drill's reports stay in the drill: a need's
 * `safety` reads real disasters only.
 */
@Injectable()
export class SafetyService implements OnModuleDestroy {
  private readonly logger = new Logger(SafetyService.name);
  private readonly channel: PgChannel;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CONTACT_CIPHER) private readonly cipher: ContactCipher,
    private readonly support: SupportService,
  ) {
    this.channel = new PgChannel(config.databaseUrl, SAFETY_CHANNEL);
  }

  onModuleDestroy(): Promise<void> {
    return this.channel.close();
  }

  async report(viewer: Viewer, args: ReportSafetyArgs): Promise<SafetyReport> {
    if (viewer.kind !== 'user') throw forbidden();
    const coordinator = hasRole(viewer, Role.COORDINATOR);
    return this.db.transaction(async (tx) => {
      // KEY SHARE: an erasure of the need waits for this report, or this report finds no need
      const [need] = await rows<{ area: string; helper: boolean; consent: boolean }>(
        tx,
        `SELECT n.area, n.consent, EXISTS (SELECT 1 FROM support_pairing sp JOIN support_pledge pl ON pl.id = sp.pledge_id
                 WHERE sp.need_id = n.id AND sp.status = 'APPROVED' AND pl.helper_id = $2 AND pl.active) AS helper
         FROM support_need n WHERE n.id = $1 FOR KEY SHARE OF n`,
        [args.needId, viewer.userId],
      );
      // anyone but a coordinator learns nothing about needs that are not theirs, not even whether one exists
      if (!coordinator && !(need?.helper && need.consent)) throw forbidden('この方の安否を報告できるのは、承認された支援者とコーディネーターです');
      if (!need) throw notFound('支援が必要な方');
      // SHARE: ending the disaster waits for this report, or this report sees it ended
      const [disaster] = await rows<{ id: string }>(
        tx,
        `SELECT d.id FROM disaster d WHERE ${ACTIVE_DISASTER} AND area_key($1) = ANY(d.area_keys) AND ($2::uuid IS NULL OR d.id = $2::uuid)
         ORDER BY d.drill, d.started_at DESC, d.id LIMIT 1 FOR SHARE OF d`,
        [need.area, args.disasterId ?? null],
      );
      if (!disaster) throw conflict(args.disasterId ? 'この災害対応は終了しているか、この方の地区を含みません' : 'この方の地区に、いま災害対応はありません');
      const id = randomUUID();
      const note = args.note ? this.cipher.seal(args.note, noteAad(id)) : null;
      await tx.query(
        `INSERT INTO safety_report (id, disaster_id, need_id, status, note_cipher, note_key_id, reported_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, disaster.id, args.needId, args.status, note, note ? this.cipher.currentKeyId : null, viewer.userId],
      );
      // the latest report wins, compared to the microsecond in SQL (a JavaScript date would cut it to the millisecond)
      await tx.query(
        `INSERT INTO safety_state (disaster_id, need_id, report_id, status, reported_at)
         SELECT r.disaster_id, r.need_id, r.id, r.status, r.reported_at FROM safety_report r WHERE r.id = $1
         ON CONFLICT (disaster_id, need_id) DO UPDATE SET report_id = EXCLUDED.report_id, status = EXCLUDED.status, reported_at = EXCLUDED.reported_at
         WHERE (safety_state.reported_at, safety_state.report_id) < (EXCLUDED.reported_at, EXCLUDED.report_id)`,
        [id],
      );
      await tx.query('SELECT pg_notify($1, $2)', [SAFETY_CHANNEL, `${disaster.id}:${id}`]);
      // read back in the transaction: an erasure right after the commit must not leave the answer empty
      return (await this.reports(tx, [id]))[0];
    });
  }

  /** How many needs of the disaster's areas stand at each status (every status listed, 0 included). */
  async counts(d: Disaster): Promise<SafetyCount[]> {
    const found = await rows<{ status: SafetyStatus; count: number }>(
      this.db,
      `SELECT coalesce(s.status, 'UNKNOWN') AS status, count(*)::int AS count
       FROM support_need n LEFT JOIN safety_state s ON s.disaster_id = $1 AND s.need_id = n.id
       WHERE area_key(n.area) = ANY($2::text[]) GROUP BY 1`,
      [d.id, d.areaKeys],
    );
    return Object.values(SafetyStatus).map((status) => ({ status, count: found.find((f) => f.status === status)?.count ?? 0 }));
  }

  /**
   * Every need of the areas with its latest report, least known first (UNKNOWN, UNREACHABLE,
   * NEEDS_HELP, EVACUATED, SAFE; within one status the oldest report first), keyset-paginated on
   * (rank, reportedAt, need id). The page's needs are a coordinator's read of the register: audited.
   */
  async board(coordinatorId: string, d: Disaster, page: PageArgs, ctx?: GqlContext): Promise<Page<SafetyReport>> {
    const first = page.first ?? DEFAULT_PAGE;
    const base = `FROM support_need n LEFT JOIN safety_state s ON s.disaster_id = $1 AND s.need_id = n.id WHERE area_key(n.area) = ANY($2::text[])`;
    type Line = { needId: string; reportId: string | null; rank: number; cursorAt: string };
    return keysetPage<Line, SafetyReport & { keyset: [number, string, string] }>(
      this.db,
      {
        columns: '*',
        from: `(
           SELECT n.id AS "needId", s.report_id AS "reportId", ${RANK_SQL} AS rank, coalesce(s.reported_at, '-infinity') AS at,
                  CASE WHEN s.reported_at IS NULL THEN '' ELSE ${cursorTimeSql('s.reported_at')} END AS "cursorAt"
           ${base}) b`,
        where: [],
        params: [d.id, d.areaKeys],
        keys: [
          { sql: 'b.rank', type: 'int' },
          // a need no one reported on sorts first in its rank: its cursor's time is ''
          { sql: 'b.at', value: (p) => `CASE WHEN ${p} = '' THEN '-infinity' ELSE ${p} END::timestamptz` },
          { sql: 'b."needId"', type: 'uuid' },
        ],
        direction: 'ASC',
        count: `SELECT count(*)::int AS n ${base}`,
      },
      {
        first,
        after: page.after,
        decode: (cursor) => {
          const [rank, at, needId] = decodeCursor(cursor, ['number', 'string', 'string']) as [number, string, string];
          if (!Number.isInteger(rank) || rank < 0 || rank > 4 || !(at === '' || isCursorTime(at)) || !isUuid(needId)) {
            throw badInput([{ field: 'after', message: 'カーソルが正しくありません (invalid cursor)' }]);
          }
          return [rank, at, needId];
        },
        nodes: async (found) => {
          const reports = new Map((await this.reports(this.db, found.flatMap((f) => (f.reportId ? [f.reportId] : [])))).map((r) => [r.reportId, r]));
          // a report erased between the two reads (removeSupportNeed) went with its need: so does its line
          const nodes = found.flatMap((f) => {
            const report = f.reportId ? reports.get(f.reportId) : unknownReport(d.id, f.needId);
            return report ? [{ ...report, keyset: [f.rank, f.cursorAt, f.needId] as [number, string, string] }] : [];
          });
          await this.support.audit(coordinatorId, 'NEED_READ', { needIds: nodes.slice(0, first).map((n) => n.needId), disasterId: d.id }, ctx);
          return nodes;
        },
        cursor: (n) => n.keyset,
      },
    );
  }

  /** A need's status in the active REAL disaster over its area (drills never count here); UNKNOWN when none. */
  needSafety(loaders: Loaders, needId: string): Promise<SafetyStatus> {
    return loaders
      .get<string, SafetyStatus>('needSafety', async (ids) => {
        const found = await rows<{ id: string; status: SafetyStatus }>(
          this.db,
          `SELECT n.id, s.status FROM support_need n
           JOIN safety_state s ON s.need_id = n.id AND s.disaster_id = ${coveringDisasterSql('n.area', { realOnly: true })}
           WHERE n.id = ANY($1::uuid[])`,
          [ids],
        );
        return ids.map((id) => found.find((f) => f.id === id)?.status ?? SafetyStatus.UNKNOWN);
      })
      .load(needId);
  }

  /** A need's status in one disaster (a helper's assignment under its disaster). */
  statusIn(loaders: Loaders, disasterId: string, needId: string): Promise<SafetyStatus> {
    return loaders
      .get<string, SafetyStatus>('safetyIn', async (keys) => {
        const pairs = keys.map((k) => k.split(':'));
        const found = await rows<{ key: string; status: SafetyStatus }>(
          this.db,
          `SELECT s.disaster_id || ':' || s.need_id AS key, s.status FROM safety_state s
           JOIN unnest($1::uuid[], $2::uuid[]) AS k(d, n) ON s.disaster_id = k.d AND s.need_id = k.n`,
          [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
        );
        return keys.map((k) => found.find((f) => f.key === k)?.status ?? SafetyStatus.UNKNOWN);
      })
      .load(`${disasterId}:${needId}`);
  }

  /** Each new report of the disaster as it is committed, until the client leaves (coordinators; each delivery audited). */
  async *live(coordinatorId: string, disasterId: string): AsyncGenerator<{ safetyReported: SafetyReport }> {
    const abort = new AbortController();
    try {
      const changes = await this.channel.subscribe(abort.signal);
      const [known] = await rows<{ id: string }>(this.db, 'SELECT id FROM disaster WHERE id = $1', [disasterId]);
      if (!known) throw notFound('災害');
      for (;;) {
        const { value, done } = await changes.next();
        if (done) return;
        const [d, reportId] = value[0].split(':');
        if (d !== disasterId || !isUuid(reportId)) continue;
        const [report] = await this.reports(this.db, [reportId]);
        // erased in the meantime (removeSupportNeed): nothing to send
        if (!report) continue;
        await this.support.audit(coordinatorId, 'NEED_READ', { needIds: [report.needId], disasterId });
        yield { safetyReported: report };
      }
    } finally {
      abort.abort();
    }
  }

  /** Reports by id, notes opened for this request (a note that cannot be opened reads as null, logged by id). */
  async reports(db: DataSource | EntityManager, ids: string[]): Promise<SafetyReport[]> {
    if (!ids.length) return [];
    const found = await rows<ReportRow>(db, `SELECT ${REPORT} FROM safety_report r LEFT JOIN app_user u ON u.id = r.reported_by WHERE r.id = ANY($1::uuid[])`, [ids]);
    return ids.flatMap((id) => {
      const r = found.find((f) => f.reportId === id);
      if (!r) return [];
      let noteText: string | null = null;
      if (r.noteCipher) {
        try {
          noteText = this.cipher.open(r.noteCipher, noteAad(r.reportId));
        } catch (err) {
          if (!(err instanceof SealedValueError)) throw err;
          this.logger.warn(`safety report ${r.reportId}: note not readable (${err.message})`);
        }
      }
      const { noteCipher: _sealed, ...rest } = r;
      return [{ ...rest, noteText }];
    });
  }
}

const unknownReport = (disasterId: string, needId: string): SafetyReport => ({
  reportId: null,
  disasterId,
  needId,
  status: SafetyStatus.UNKNOWN,
  noteText: null,
  reportedAt: null,
  reportedById: null,
  reporterName: null,
});
