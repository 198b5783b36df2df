import { createHash, randomBytes } from 'node:crypto';

/**
 * School API keys carry 256 random bits, so a fast hash is enough to store them (unlike passwords,
 * they cannot be guessed from a dictionary) and lets a request find its school by one indexed lookup.
 */
export function newApiKey(): { key: string; hash: Buffer; prefix: string } {
  const key = `cfk_${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, 8) };
}

export const hashApiKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();
