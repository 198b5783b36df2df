import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../../common/errors/domain-error.js';
import type { Viewer } from '../../common/graphql/context.js';
import { byKeys, type Loaders } from '../../common/graphql/loaders.js';
import { MAX_PAGE } from '../../common/graphql/pagination.js';
import { Offer } from '../../organizations/offer.models.js';
import { OFFER_COLUMNS, OfferService } from '../../organizations/offer.service.js';
import { OfferInterest } from '../matching.enums.js';
import { MatchingTrigger } from '../matching-trigger.service.js';

/**
 * A student's say before the run: INTERESTED (the engine prefers the offer by a bounded bonus) or
 * NOT_INTERESTED (never proposed it); null clears it. The student's own: only the student reads
 * it back (Offer.viewerInterest, myOfferInterests); no organisation learns who marked its offer,
 * either way (nothing of it reaches an organisation's view, and coordinators read it only in the
 * reasons of a proposal).
 */
@Injectable()
export class OfferInterestService {
  private readonly logger = new Logger(OfferInterestService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferService,
    private readonly matching: MatchingTrigger,
  ) {}

  /** On an offer the student may see (OPEN, verified): otherwise NOT_FOUND, whether it exists or not. */
  async set(loaders: Loaders, viewer: Viewer & { kind: 'user' }, offerId: string, interest: OfferInterest | null | undefined): Promise<Offer> {
    const offer = await this.offers.visibleById(loaders, viewer, offerId);
    if (!offer) throw notFound('募集');
    if (interest) {
      await this.db.query(
        `INSERT INTO offer_interest (student_id, offer_id, interest) VALUES ($1, $2, $3)
         ON CONFLICT (student_id, offer_id) DO UPDATE SET interest = EXCLUDED.interest, updated_at = clock_timestamp()`,
        [viewer.userId, offer.id, interest],
      );
    } else {
      await this.db.query('DELETE FROM offer_interest WHERE student_id = $1 AND offer_id = $2', [viewer.userId, offer.id]);
    }
    this.loader(loaders, viewer.userId).clear(offer.id);
    try {
      await this.matching.changed('PROFILE_CHANGED');
    } catch (err) {
      this.logger.warn(`could not queue a matching run after an interest changed: ${err instanceof Error ? err.message : String(err)}`);
    }
    return offer;
  }

  /** The viewing student's interest in the offer, batched per request; null for anyone else. */
  viewerInterest(loaders: Loaders, viewer: Viewer, offerId: string): Promise<OfferInterest | null> {
    if (viewer.kind !== 'user') return Promise.resolve(null);
    return this.loader(loaders, viewer.userId).load(offerId);
  }

  /** The offers the student marked, newest mark first (at most 100), that the student may still see. */
  async mine(loaders: Loaders, viewer: Viewer & { kind: 'user' }): Promise<Offer[]> {
    const found: Offer[] = await this.db.query(
      `SELECT ${OFFER_COLUMNS} FROM offer_interest oi JOIN offer o ON o.id = oi.offer_id JOIN organization g ON g.id = o.organization_id
       WHERE oi.student_id = $1 AND o.status = 'OPEN' AND g.verified ORDER BY oi.updated_at DESC, o.id LIMIT $2`,
      [viewer.userId, MAX_PAGE],
    );
    return found;
  }

  private loader(loaders: Loaders, studentId: string) {
    return loaders.get<string, OfferInterest | null>(`offerInterest:${studentId}`, async (ids) => {
      const found: { offerId: string; interest: OfferInterest }[] = await this.db.query(
        'SELECT offer_id AS "offerId", interest::text AS interest FROM offer_interest WHERE student_id = $1 AND offer_id = ANY($2::uuid[])',
        [studentId, ids],
      );
      return byKeys(ids, found, (r) => r.offerId).map((r) => r?.interest ?? null);
    });
  }
}
