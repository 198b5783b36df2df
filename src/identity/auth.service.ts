import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';
import { conflict, unauthenticated } from '../common/errors/domain-error.js';
import { RateLimiter } from '../common/security/rate-limiter.service.js';
import type { AuthPayload } from './identity.models.js';
import type { SignUpInput } from './identity.inputs.js';
import { AccountService } from './account.service.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { Role } from './role.enum.js';
import { TokensService } from './tokens.service.js';
import { UserEntity } from './user.entity.js';

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly accounts: AccountService,
  ) {}

  /**
   * `address` is the client's (X-Forwarded-For only from TRUSTED_PROXIES): failures are counted per
   * account and address, so a stranger guessing from elsewhere never locks the owner out.
   */
  async login(email: string, password: string, address?: string): Promise<AuthPayload> {
    // an attempt is taken before the password is checked: past LOGIN_MAX_FAILURES even the right one waits
    await this.limiter.takeLoginAttempt(email, address);
    const user = await this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
    if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
      throw unauthenticated('メールアドレスかパスワードが違います (invalid email or password)');
    }
    await this.limiter.loginSucceeded(email, address);
    return this.payload(user);
  }

  /** A RESIDENT account; the email must be new. */
  async signUp(input: SignUpInput): Promise<AuthPayload> {
    const passwordHash = await hashPassword(input.password);
    const created = await this.accounts.create(this.db, {
      email: input.email,
      passwordHash,
      displayName: input.displayName,
      role: Role.RESIDENT,
      area: input.area,
    });
    if (!created) throw conflict('このメールアドレスはすでに登録されています (email already registered)');
    return this.payload(created);
  }

  async payload(user: Pick<UserEntity, 'id' | 'displayName' | 'roles'> & { tokenVersion?: number }): Promise<AuthPayload> {
    const token = await this.tokens.sign({ sub: user.id, typ: 'user', ver: user.tokenVersion ?? 0 });
    return { token, user: { id: user.id, displayName: user.displayName, roles: user.roles } };
  }

  /** Makes sure the coordinator named by BOOTSTRAP_COORDINATOR_EMAIL exists with that password. */
  async onApplicationBootstrap(): Promise<void> {
    const bootstrap = this.config.bootstrapCoordinator;
    if (!bootstrap) return;
    await this.accounts.ensureCoordinator(this.db, bootstrap.email, bootstrap.password, 'コーディネーター');
    this.logger.log('bootstrap coordinator is in place');
  }
}
