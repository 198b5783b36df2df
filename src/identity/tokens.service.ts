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

  /** The claims of a valid, unexpired token; undefined otherwise. */
  async verify(token: string): Promise<TokenClaims | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'] });
      return typeof claims.sub === 'string' ? claims : undefined;
    } catch {
      return undefined;
    }
  }
}
