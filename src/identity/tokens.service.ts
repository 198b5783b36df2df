import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';

export interface TokenClaims {
  sub: string;
  /** 'user' for accounts with a password, 'student' for portal-issued student sessions */
  typ: 'user' | 'student';
  /**
   * the account's token_version when the token was issued (0 when absent): raising it revokes every
   * token issued before, as a bootstrap that changes an account's password or roles does
   */
  ver?: number;
}

@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  sign(claims: TokenClaims, expiresIn: string = this.config.jwtExpiresIn): Promise<string> {
    return this.jwt.signAsync({ ...claims }, { expiresIn: expiresIn as never, algorithm: 'HS256' });
  }

  /**
   * Tokens already verified, by their exact text (signature included), with their claims: the same
   * bytes verify the same way until they expire, so a client's next request costs a lookup instead
   * of a signature check and a JSON decode. Expiry is checked again on every use; revocation is
   * not a property of the token (ViewerService reads the account's token_version every request).
   */
  private readonly verified = new Map<string, TokenClaims & { exp?: number }>();

  /** The claims of a valid, unexpired token; undefined otherwise. */
  async verify(token: string): Promise<TokenClaims | undefined> {
    const known = this.verified.get(token);
    if (known) {
      // jsonwebtoken's own rule: expired once the current second reaches `exp`
      if (known.exp === undefined || Math.floor(Date.now() / 1000) < known.exp) return known;
      this.verified.delete(token);
      return undefined;
    }
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims & { exp?: number }>(token, { algorithms: ['HS256'] });
      if (typeof claims.sub !== 'string') return undefined;
      if (this.verified.size >= MAX_VERIFIED) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, Object.freeze(claims));
      return claims;
    } catch {
      return undefined;
    }
  }
}

/** Bounded: the oldest entry goes first (a few hundred bytes each). */
const MAX_VERIFIED = 10_000;
