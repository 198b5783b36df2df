/**
 * Contact cards and safety notes at rest: AES-256-GCM (node:crypto), a random 12-byte IV per value,
 * bound to the row it belongs to by the additional authenticated data (a card copied onto another
 * need's row does not open there).
 *
 *   sealed = 0x01 (format) | key id (8 bytes) | IV (12) | tag (16) | ciphertext
 *
 * The key id is the first 8 bytes of HMAC-SHA256(key, "chifuku contact card key id"): it names the
 * key without revealing it, so that a value sealed under the previous key (CONTACT_CARD_PREVIOUS_KEY
 * during a rotation) is opened with that one, and the re-encryption finds what is left to do.
 * Pure: no I/O, no logging; nothing here ever reaches a log or an error message.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const FORMAT = 0x01;
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES;

export class SealedValueError extends Error {
  constructor(reason: string) {
    super(`sealed value cannot be opened: ${reason}`);
    this.name = 'SealedValueError';
  }
}

export const keyIdOf = (key: Buffer): string => createHmac('sha256', key).update('chifuku contact card key id').digest().subarray(0, KEY_ID_BYTES).toString('hex');

/** The keys of one process: the current one seals, both open. */
export class ContactCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(current: Buffer, previous?: Buffer) {
    if (current.length !== 32 || (previous && previous.length !== 32)) throw new Error('AES-256 keys are 32 bytes');
    this.currentKeyId = keyIdOf(current);
    this.keys.set(this.currentKeyId, current);
    if (previous) this.keys.set(keyIdOf(previous), previous);
  }

  /** The key ids this process can open, the current one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  seal(plaintext: string, aad: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT]), Buffer.from(this.currentKeyId, 'hex'), iv, cipher.getAuthTag(), body]);
  }

  /** The key id a sealed value names (without opening it). */
  static keyIdIn(sealed: Buffer): string {
    if (sealed.length <= HEADER || sealed[0] !== FORMAT) throw new SealedValueError('unknown format');
    return sealed.subarray(1, 1 + KEY_ID_BYTES).toString('hex');
  }

  open(sealed: Buffer, aad: string): string {
    const keyId = ContactCipher.keyIdIn(sealed);
    const key = this.keys.get(keyId);
    if (!key) throw new SealedValueError(`key ${keyId} is not configured`);
    const iv = sealed.subarray(1 + KEY_ID_BYTES, 1 + KEY_ID_BYTES + IV_BYTES);
    const tag = sealed.subarray(1 + KEY_ID_BYTES + IV_BYTES, HEADER);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(HEADER)), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedValueError('authentication failed (wrong key, wrong row or altered data)');
    }
  }
}

/** The additional data that ties a sealed value to its row. */
export const cardAad = (needId: string): string => `support_contact_card:${needId}`;
export const noteAad = (reportId: string): string => `safety_report:${reportId}`;
