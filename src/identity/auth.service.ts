import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';
import { conflict, unauthenticated } from '../common/errors/domain-error.js';
import { RateLimiter } from '../common/security/rate-limiter.service.js';
import type { AuthPayload } from './identity.models.js';
import type { SignUpInput } from './identity.inputs.js';
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
    const rows: UserEntity[] = await this.db.query(
      `INSERT INTO app_user (email, password_hash, display_name, roles, area)
       VALUES ($1, $2, $3, ARRAY['RESIDENT']::role[], $4)
       ON CONFLICT (email) DO NOTHING
       RETURNING id, display_name AS "displayName", roles::text[] AS roles`,
      [input.email, passwordHash, input.displayName, input.area ?? null],
    );
    if (!rows.length) throw conflict('このメールアドレスはすでに登録されています (email already registered)');
    return this.payload(rows[0]);
  }

  async payload(user: Pick<UserEntity, 'id' | 'displayName' | 'roles'> & { tokenVersion?: number }): Promise<AuthPayload> {
    const token = await this.tokens.sign({ sub: user.id, typ: 'user', ver: user.tokenVersion ?? 0 });
    return { token, user: { id: user.id, displayName: user.displayName, roles: user.roles } };
  }

  /** Makes sure the coordinator named by BOOTSTRAP_COORDINATOR_EMAIL exists with that password. */
  async onApplicationBootstrap(): Promise<void> {
    const bootstrap = this.config.bootstrapCoordinator;
    if (!bootstrap) return;
    await ensureCoordinator(this.db, bootstrap.email, bootstrap.password, 'コーディネーター');
    this.logger.log('bootstrap coordinator is in place');
  }
}

/**
 * Creates the coordinator, or gives an existing account of that email the password and the role.
 * Idempotent, and safe when several replicas run it at once (one statement, ON CONFLICT). When it
 * changes an existing account's password or roles it raises the account's token_version: every
 * token issued before (a resident's, say, who signed up with this address) stops working, so no
 * token issued before this start ever carries the coordinator role.
 */
export async function ensureCoordinator(db: DataSource, email: string, password: string, displayName: string): Promise<string> {
  const existing: { password_hash: string | null }[] = await db.query('SELECT password_hash FROM app_user WHERE email = $1', [email]);
  const keepHash = existing[0]?.password_hash && (await verifyPassword(existing[0].password_hash, password));
  const hash = keepHash ? existing[0].password_hash : await hashPassword(password);
  const rows: { id: string }[] = await db.query(
    `INSERT INTO app_user (email, password_hash, display_name, roles) VALUES ($1, $2, $3, ARRAY['${Role.COORDINATOR}']::role[])
     ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash,
       roles = CASE WHEN '${Role.COORDINATOR}' = ANY(app_user.roles) THEN app_user.roles ELSE app_user.roles || '${Role.COORDINATOR}'::role END,
       token_version = CASE WHEN app_user.password_hash IS DISTINCT FROM EXCLUDED.password_hash OR NOT ('${Role.COORDINATOR}' = ANY(app_user.roles))
                            THEN app_user.token_version + 1 ELSE app_user.token_version END
     RETURNING id`,
    [email, hash, displayName],
  );
  return rows[0].id;
}
