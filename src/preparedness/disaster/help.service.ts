import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rows } from '../../common/database/sql.js';
import { notFound } from '../../common/errors/domain-error.js';
import type { GqlContext } from '../../common/graphql/context.js';
import type { Loaders } from '../../common/graphql/loaders.js';
import { isUuid } from '../../common/ids.js';
import type { SupportNeed } from '../preparedness.models.js';
import { SupportService } from '../support.service.js';
import type { Disaster, HelpAssignment } from './disaster.models.js';
import { coveringDisasterSql, DisasterService } from './disaster.service.js';
import { PersonalDataRegistry } from '../../personal-data/personal-data.registry.js';

const NEED = `n.id, n.label, n.kinds::text[] AS kinds, n.area, n.slots::text[] AS slots, n.consent, n.helpers_wanted AS "helpersWanted"`;

/** An approved helper: the pairing APPROVED, the pledge still active (a withdrawn pledge is no longer help). */
const APPROVED_HELPER = `sp.status = 'APPROVED' AND pl.active`;

/**
 * The helper's side of the day (their assignments, as pseudonyms), and the coordinators' view of
 * coverage: approved helpers per need, cards held, the needs short of helpers, and erasure.
 */
@Injectable()
export class HelpService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly disasters: DisasterService,
    private readonly support: SupportService,
    private readonly personalData: PersonalDataRegistry,
  ) {}

  /** The approved pairings of the helper's active pledges, with people who still consent; pseudonyms only. */
  assignments(helperId: string): Promise<HelpAssignment[]> {
    return rows<HelpAssignment>(
      this.db,
      `SELECT sp.id AS "pairingId", n.label AS "needLabel", sp.kinds::text[] AS kinds, n.area, n.id AS "needId", pl.helper_id AS "helperId"
       FROM support_pairing sp JOIN support_pledge pl ON pl.id = sp.pledge_id JOIN support_need n ON n.id = sp.need_id
       WHERE pl.helper_id = $1 AND ${APPROVED_HELPER} AND n.consent
       ORDER BY sp.decided_at, sp.id LIMIT 100`,
      [helperId],
    );
  }

  /** The active disaster over the assignment's area (a real one before a drill), batched. */
  async assignmentDisaster(loaders: Loaders, needId: string): Promise<Disaster | null> {
    const id = await loaders
      .get<string, string | null>('coveringDisaster', async (ids) => {
        const found = await rows<{ id: string; disasterId: string | null }>(
          this.db,
          `SELECT n.id, ${coveringDisasterSql('n.area')} AS "disasterId" FROM support_need n WHERE n.id = ANY($1::uuid[])`,
          [ids],
        );
        return ids.map((id) => found.find((f) => f.id === id)?.disasterId ?? null);
      })
      .load(needId);
    return id ? this.disasters.byId(loaders, id) : null;
  }

  approvedHelpers(loaders: Loaders, needId: string): Promise<number> {
    return loaders
      .get<string, number>('approvedHelpers', async (ids) => {
        const found = await rows<{ id: string; n: number }>(
          this.db,
          `SELECT sp.need_id AS id, count(DISTINCT pl.helper_id)::int AS n FROM support_pairing sp JOIN support_pledge pl ON pl.id = sp.pledge_id
           WHERE sp.need_id = ANY($1::uuid[]) AND ${APPROVED_HELPER} GROUP BY sp.need_id`,
          [ids],
        );
        return ids.map((id) => found.find((f) => f.id === id)?.n ?? 0);
      })
      .load(needId);
  }

  hasContactCard(loaders: Loaders, needId: string): Promise<boolean> {
    return loaders
      .get<string, boolean>('hasContactCard', async (ids) => {
        const found = await rows<{ id: string }>(this.db, 'SELECT need_id AS id FROM support_contact_card WHERE need_id = ANY($1::uuid[])', [ids]);
        return ids.map((id) => found.some((f) => f.id === id));
      })
      .load(needId);
  }

  /**
   * Needs whose person consents and who have fewer approved helpers than they want, the largest
   * shortfall first (then the oldest registration); a coordinator's read, audited.
   */
  async gaps(coordinatorId: string, first = 100, ctx?: GqlContext): Promise<SupportNeed[]> {
    return this.db.transaction(async (tx) => {
      const found = await rows<SupportNeed>(
        tx,
        `SELECT ${NEED} FROM support_need n
         CROSS JOIN LATERAL (SELECT count(DISTINCT pl.helper_id)::int AS approved FROM support_pairing sp JOIN support_pledge pl ON pl.id = sp.pledge_id
                             WHERE sp.need_id = n.id AND ${APPROVED_HELPER}) h
         WHERE n.consent AND h.approved < n.helpers_wanted
         ORDER BY n.helpers_wanted - h.approved DESC, n.created_at, n.id LIMIT $1`,
        [first],
      );
      await this.support.audit(coordinatorId, 'NEED_READ', { needIds: found.map((n) => n.id) }, ctx, tx);
      return found;
    });
  }

  /**
   * removeSupportNeed: the need and everything about the person (every supportNeed step of the
   * personal-data registry: erase-need.ts), and the audit of it, in one transaction.
   */
  async remove(coordinatorId: string, needId: string, ctx?: GqlContext): Promise<boolean> {
    if (!isUuid(needId)) throw notFound('支援が必要な方');
    await this.db.transaction(async (tx) => {
      // the lock makes racing writers (an approval, a new card, a report) either finish first or find nothing
      const found: unknown[] = await tx.query('SELECT 1 FROM support_need WHERE id = $1 FOR UPDATE', [needId]);
      if (!found.length) throw notFound('支援が必要な方');
      await this.personalData.eraseAll(tx, needId, 'supportNeed');
      await this.support.audit(coordinatorId, 'NEED_REMOVED', { needIds: [needId] }, ctx, tx);
    });
    return true;
  }
}
