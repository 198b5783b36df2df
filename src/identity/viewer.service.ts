import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { unauthenticated } from '../common/errors/domain-error.js';
import { ANONYMOUS, type Viewer, type ViewerResolver } from '../common/graphql/context.js';
import { hashApiKey } from './api-keys.js';
import type { Role } from './role.enum.js';
import { TokensService } from './tokens.service.js';

/** Turns a request's credentials into a Viewer: one indexed lookup per credential. */
@Injectable()
export class ViewerService implements ViewerResolver {
  constructor(
    private readonly tokens: TokensService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Requests already resolved: the HTTP rate-limit guard and then the controller both ask for the same request. */
  private readonly resolved = new WeakMap<object, Promise<Viewer>>();

  /** The viewer of a request, looked up once per request object. */
  fromRequest(req: Pick<Request, 'headers'>): Promise<Viewer> {
    let viewer = this.resolved.get(req);
    if (!viewer) this.resolved.set(req, (viewer = this.lookup(req)));
    return viewer;
  }

  private async lookup(req: Pick<Request, 'headers'>): Promise<Viewer> {
    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey) return this.fromApiKey(apiKey);
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && auth) return this.fromAuthorization(auth);
    return ANONYMOUS;
  }

  async fromAuthorization(header: string): Promise<Viewer> {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) return { kind: 'anonymous', authError: unauthenticated('Authorization ヘッダーは "Bearer <token>" の形式で送ってください') };
    const claims = await this.tokens.verify(match[1]);
    if (!claims) return { kind: 'anonymous', authError: unauthenticated('トークンが無効か期限切れです。もう一度ログインしてください') };
    // roles are read fresh, so that a removed or changed account loses its rights at once; a
    // withdrawn (erased) student's tokens die with the withdrawal, and every token issued before
    // the account's token_version was raised (a bootstrap changed its password or roles) is dead
    const rows: { roles: string; student: boolean; withdrawn: boolean; tokenVersion: number }[] = await this.db.query(
      `SELECT u.roles::text[] AS roles, s.id IS NOT NULL AS student, s.withdrawn_at IS NOT NULL AS withdrawn, u.token_version AS "tokenVersion"
       FROM app_user u LEFT JOIN student s ON s.id = u.id WHERE u.id = $1`,
      [claims.sub],
    );
    if (!rows.length || rows[0].withdrawn || (claims.typ === 'student' && !rows[0].student)) {
      return { kind: 'anonymous', authError: unauthenticated('このアカウントは存在しません') };
    }
    if ((typeof claims.ver === 'number' ? claims.ver : 0) !== rows[0].tokenVersion) {
      return { kind: 'anonymous', authError: unauthenticated('このトークンは取り消されました。もう一度ログインしてください (token revoked)') };
    }
    return { kind: 'user', userId: claims.sub, roles: rows[0].roles as unknown as Role[] };
  }

  async fromApiKey(key: string): Promise<Viewer> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM school WHERE api_key_hash = $1', [hashApiKey(key)]);
    if (!rows.length) return { kind: 'anonymous', authError: unauthenticated('API キーが無効です') };
    return { kind: 'school', schoolId: rows[0].id };
  }
}
