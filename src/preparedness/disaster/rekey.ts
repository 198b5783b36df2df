import 'reflect-metadata';
import { DataSource, type EntityManager } from 'typeorm';
import { loadConfig } from '../../common/config/config.js';
import { dataSourceOptions } from '../../common/database/data-source-options.js';
import { rows } from '../../common/database/sql.js';
import { isEntryPoint, runOrExit } from '../../common/entry.js';
import { cardAad, ContactCipher, noteAad, SealedValueError } from './contact-cipher.js';

/** What a re-encryption did: values re-sealed under the current key, and those no configured key opens (left as they are). */
export interface RekeyResult {
  cards: number;
  notes: number;
  unreadable: number;
}

const SEALED = [
  { kind: 'cards', table: 'support_contact_card', id: 'need_id', sealed: 'cipher', keyId: 'key_id', aad: cardAad },
  { kind: 'notes', table: 'safety_report', id: 'id', sealed: 'note_cipher', keyId: 'note_key_id', aad: noteAad },
] as const;

/**
 * The key rotation's second step (README "Operating"): re-seals under the current key every
 * contact card and safety note sealed under another one (CONTACT_CARD_PREVIOUS_KEY), a batch at a
 * time. Each row is rewritten only if it still holds what was read (a card replaced meanwhile is
 * already under the current key), so it may run while the API serves; running it again finds
 * nothing to do. Values no configured key opens are counted and left alone.
 */
export async function rekeySealedValues(db: DataSource | EntityManager, cipher: ContactCipher, batch = 200): Promise<RekeyResult> {
  const out: RekeyResult = { cards: 0, notes: 0, unreadable: 0 };
  for (const s of SEALED) {
    const skip: string[] = [];
    for (;;) {
      const stale = await rows<{ id: string; sealed: Buffer }>(
        db,
        `SELECT ${s.id} AS id, ${s.sealed} AS sealed FROM ${s.table}
         WHERE ${s.keyId} <> $1 AND NOT (${s.id} = ANY($2::uuid[])) ORDER BY ${s.id} LIMIT $3`,
        [cipher.currentKeyId, skip, batch],
      );
      if (!stale.length) break;
      for (const row of stale) {
        let plain: string;
        try {
          plain = cipher.open(row.sealed, s.aad(row.id));
        } catch (err) {
          if (!(err instanceof SealedValueError)) throw err;
          skip.push(row.id);
          out.unreadable++;
          continue;
        }
        const changed = await rows<{ id: string }>(
          db,
          `UPDATE ${s.table} SET ${s.sealed} = $2, ${s.keyId} = $3 WHERE ${s.id} = $1 AND ${s.sealed} = $4 RETURNING ${s.id} AS id`,
          [row.id, cipher.seal(plain, s.aad(row.id)), cipher.currentKeyId, row.sealed],
        );
        if (changed.length) out[s.kind]++;
        else skip.push(row.id);
      }
    }
  }
  return out;
}

// `npm run contact-cards:rekey` with the API's environment (CONTACT_CARD_KEY the new key, CONTACT_CARD_PREVIOUS_KEY the old one)
if (isEntryPoint(import.meta.url)) {
  runOrExit(async () => {
    const config = loadConfig();
    if (config.contactCards.ephemeral) throw new Error('CONTACT_CARD_KEY is not set: there is no key to re-encrypt under');
    const db = new DataSource(dataSourceOptions(config.databaseUrl, { extra: { max: 2, application_name: 'chifuku-neo-rekey' } }));
    await db.initialize();
    try {
      const result = await rekeySealedValues(db, new ContactCipher(config.contactCards.key, config.contactCards.previousKey));
      // counts only: never a value
      console.log(`contact cards re-encrypted: ${result.cards}, safety notes: ${result.notes}, unreadable with the configured keys: ${result.unreadable}`);
      if (result.unreadable) process.exitCode = 2;
    } finally {
      await db.destroy();
    }
  });
}
