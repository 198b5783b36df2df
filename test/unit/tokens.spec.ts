import { createSecretKey } from 'node:crypto';
import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../../src/common/config/config.js';
import { TokensService } from '../../src/identity/tokens.service.js';

const key = createSecretKey(Buffer.from('a test secret that is long enough', 'utf8'));
const jwt = new JwtService({ secretOrKeyProvider: () => key, signOptions: { issuer: 'chifuku-neo' }, verifyOptions: { issuer: 'chifuku-neo' } });
const tokens = () => new TokensService(jwt, { jwtExpiresIn: '1h' } as AppConfig);

afterEach(() => jest.restoreAllMocks());

describe('TokensService.verify, with the tokens it has verified kept', () => {
  it('answers a token verified before with the same claims, and refuses it once it has expired', async () => {
    const t = tokens();
    const token = await t.sign({ sub: 'u1', typ: 'user', ver: 2 }, '60s');
    const first = await t.verify(token);
    expect(first).toMatchObject({ sub: 'u1', typ: 'user', ver: 2 });
    expect(await t.verify(token)).toEqual(first);
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    expect(await t.verify(token)).toBeUndefined();
    // and stays refused later: the entry is gone, and jsonwebtoken decides (expired) again
    jest.spyOn(Date, 'now').mockReturnValue(now + 120_000);
    expect(await t.verify(token)).toBeUndefined();
  });

  it('refuses a token differing by one character of its signature, after the real one was verified', async () => {
    const t = tokens();
    const token = await t.sign({ sub: 'u1', typ: 'user' });
    expect(await t.verify(token)).toBeDefined();
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const forged = token.slice(0, -2) + last + token.at(-1);
    expect(await t.verify(forged)).toBeUndefined();
    // a token signed with another key, same claims
    const other = new JwtService({ secret: 'another secret entirely, also long', signOptions: { issuer: 'chifuku-neo' } });
    expect(await t.verify(await other.signAsync({ sub: 'u1', typ: 'user' }))).toBeUndefined();
    expect(await t.verify(token)).toMatchObject({ sub: 'u1' });
  });

  it('does not keep what it refused, and its claims cannot be changed by whoever gets them', async () => {
    const t = tokens();
    expect(await t.verify('not.a.token')).toBeUndefined();
    const token = await t.sign({ sub: 'u2', typ: 'student' });
    const claims = (await t.verify(token))!;
    expect(() => Object.assign(claims, { sub: 'someone else' })).toThrow();
    expect((await t.verify(token))!.sub).toBe('u2');
  });
});
