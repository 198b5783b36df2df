import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { rows } from '../../common/database/sql.js';
import { conflict, notFound } from '../../common/errors/domain-error.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { isUuid } from '../../common/ids.js';
import type { SupportNeed } from '../preparedness.models.js';
import { requestIdOf, SupportService } from '../support.service.js';
import { cardAad, ContactCipher, SealedValueError } from './contact-cipher.js';
import type { ContactCardInput } from './disaster.inputs.js';
import type { ContactCard, HelpAssignment } from './disaster.models.js';
import { coveringDisasterSql } from './disaster.service.js';

/** The process's contact card keys (CONTACT_CARD_KEY and, during a rotation, CONTACT_CARD_PREVIOUS_KEY). */
export const CONTACT_CIPHER = Symbol('CONTACT_CIPHER');
export const contactCipherProvider = {
  provide: CONTACT_CIPHER,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new ContactCipher(config.contactCards.key, config.contactCards.previousKey),
};

const NEED = `id, label, kinds::text[] AS kinds, area, slots::text[] AS slots, consent, helpers_wanted AS "helpersWanted"`;

/**
 * Contact cards: written by coordinators (with the person's consent), sealed before they leave
 * this process, and opened only as break-glass — for the approved helper of that need, while an
 * active disaster covers the need's area and the person consents, one audit row per opening
 * (who, which need and pairing, when, under which disaster), decrypted for that one request.
 * No plaintext is logged, queued, cached or put in an error message: a card that cannot be opened
 * is logged by the need's id only.
 */
@Injectable()
export class ContactCardService {
  private readonly logger = new Logger(ContactCardService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONTACT_CIPHER) private readonly cipher: ContactCipher,
    private readonly support: SupportService,
  ) {}

  /** Replaces the need's card. The person must consent (a card is given with that consent and goes with it). */
  async set(coordinatorId: string, needId: string, input: ContactCardInput, ctx?: GqlContext): Promise<SupportNeed> {
    if (!isUuid(needId)) throw notFound('支援が必要な方');
    const card: ContactCard = { name: input.name, address: input.address, phone: input.phone ?? null, notes: input.notes ?? null };
    const sealed = this.cipher.seal(JSON.stringify(card), cardAad(needId));
    return this.db.transaction(async (tx) => {
      const [need] = await rows<SupportNeed>(tx, `SELECT ${NEED} FROM support_need WHERE id = $1 FOR UPDATE`, [needId]);
      if (!need) throw notFound('支援が必要な方');
      if (!need.consent) throw conflict('ご本人の同意がないため、連絡先は登録できません (consent withdrawn)');
      await tx.query(
        `INSERT INTO support_contact_card (need_id, cipher, key_id, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (need_id) DO UPDATE SET cipher = EXCLUDED.cipher, key_id = EXCLUDED.key_id, updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [needId, sealed, this.cipher.currentKeyId, coordinatorId],
      );
      await this.support.audit(coordinatorId, 'CONTACT_CARD_SET', { needIds: [needId] }, ctx, tx);
      return need;
    });
  }

  /**
   * Break-glass: the card of the assignment's need, or null. Every condition is checked by the one
   * statement that also writes the audit row, at the instant of the opening: the pairing APPROVED
   * and the viewer its helper (active pledge), the person consenting, a card held, and an active
   * disaster over the need's area (real before drill) — past its endsAt, or ended, nothing opens.
   */
  async open(helperId: string, a: HelpAssignment, ctx?: GqlContext): Promise<ContactCard | null> {
    const [found] = await rows<{ cipher: Buffer; needId: string; disasterId: string }>(
      this.db,
      `WITH ok AS (
         SELECT c.cipher, n.id AS need_id, sp.id AS pairing_id, d.id AS disaster_id
         FROM support_pairing sp
         JOIN support_pledge pl ON pl.id = sp.pledge_id
         JOIN support_need n ON n.id = sp.need_id
         JOIN support_contact_card c ON c.need_id = n.id
         JOIN disaster d ON d.id = ${coveringDisasterSql('n.area')}
         WHERE sp.id = $1 AND sp.status = 'APPROVED' AND pl.helper_id = $2 AND pl.active AND n.consent
       ), audit AS (
         INSERT INTO support_audit (actor_user_id, action, need_ids, pairing_ids, request_id, disaster_id)
         SELECT $2, 'CONTACT_OPENED', ARRAY[need_id], ARRAY[pairing_id], $3, disaster_id FROM ok
       )
       SELECT cipher, need_id AS "needId", disaster_id AS "disasterId" FROM ok`,
      [a.pairingId, helperId, requestIdOf(ctx)],
    );
    if (!found) return null;
    try {
      const card = JSON.parse(this.cipher.open(found.cipher, cardAad(found.needId))) as ContactCard;
      return { name: card.name, address: card.address, phone: card.phone ?? null, notes: card.notes ?? null };
    } catch (err) {
      if (!(err instanceof SealedValueError)) throw err;
      this.logger.warn(`contact card of need ${found.needId} not readable (${err.message})`);
      return null;
    }
  }
}
