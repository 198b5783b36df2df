import { randomBytes } from 'node:crypto';
import { cardAad, ContactCipher, keyIdOf, SealedValueError } from '../../src/preparedness/disaster/contact-cipher.js';

describe('ContactCipher (AES-256-GCM with a key id prefix, bound to its row)', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const text = JSON.stringify({ name: '筑後 ハナヱ', address: '久留米市中央町 😀', phone: null, notes: '合鍵は隣' });

  it('opens what it sealed, with a fresh IV each time, the key id in front and no plaintext inside', () => {
    const c = new ContactCipher(k1);
    const a = c.seal(text, cardAad('n1'));
    const b = c.seal(text, cardAad('n1'));
    expect(a.equals(b)).toBe(false);
    expect(ContactCipher.keyIdIn(a)).toBe(keyIdOf(k1));
    expect(c.currentKeyId).toBe(keyIdOf(k1));
    expect(a.includes(Buffer.from('ハナヱ'))).toBe(false);
    expect(c.open(a, cardAad('n1'))).toBe(text);
    expect(keyIdOf(k1)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(k1)).not.toBe(keyIdOf(k2));
  });

  it('refuses another row, altered bytes, an unknown key and an unknown format, without saying what it held', () => {
    const c = new ContactCipher(k1);
    const sealed = c.seal(text, cardAad('n1'));
    const fails = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(SealedValueError);
        expect((err as Error).message).not.toContain('ハナヱ');
        return;
      }
      throw new Error('opened');
    };
    fails(() => c.open(sealed, cardAad('n2')));
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] ^= 1;
    fails(() => c.open(flipped, cardAad('n1')));
    fails(() => new ContactCipher(k2).open(sealed, cardAad('n1')));
    fails(() => c.open(Buffer.concat([Buffer.from([2]), sealed.subarray(1)]), cardAad('n1')));
    fails(() => c.open(sealed.subarray(0, 20), cardAad('n1')));
  });

  it('during a rotation seals with the new key and opens with both', () => {
    const old = new ContactCipher(k1).seal(text, cardAad('n1'));
    const rotating = new ContactCipher(k2, k1);
    expect(rotating.keyIds).toEqual([keyIdOf(k2), keyIdOf(k1)]);
    expect(rotating.open(old, cardAad('n1'))).toBe(text);
    expect(ContactCipher.keyIdIn(rotating.seal(text, cardAad('n1')))).toBe(keyIdOf(k2));
    expect(() => new ContactCipher(randomBytes(16))).toThrow('32 bytes');
  });
});
