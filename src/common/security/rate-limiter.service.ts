import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Viewer } from '../graphql/context.js';
import { clientKey } from './client-ip.js';
import { PostgresRateLimitStore, RedisRateLimitStore, type RateLimitStore } from './rate-limit.store.js';
import { tooManyRequests } from './security.errors.js';

const MINUTE_MS = 60_000;

/** What one operation takes from its budget: 1 for the request, plus 1 per 100 of its cost (query-cost.ts). */
export const pointsForCost = (cost: number): number => 1 + Math.floor(Math.max(cost, 0) / 100);

/**
 * Budgets per minute, shared by every API replica (Redis when REDIS_URL is set, else PostgreSQL):
 * each signed-in user and each school key has RATE_LIMIT_USER_PER_MINUTE points, each anonymous
 * client address RATE_LIMIT_IP_PER_MINUTE, and each account LOGIN_MAX_FAILURES login attempts per
 * LOGIN_WINDOW_SECONDS. When the store does not answer, requests go through (a warning is logged):
 * an outage of Redis must not take the API down with it.
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimiter');
  private readonly store: RateLimitStore;
  private lastWarning = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() db: DataSource,
  ) {
    this.store = config.redisUrl
      ? new RedisRateLimitStore(config.redisUrl, config.queuePrefix, (err) => this.warn(err))
      : new PostgresRateLimitStore(db);
  }

  get backend(): RateLimitStore['kind'] {
    return this.store.kind;
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.store.start();
    } catch (err) {
      this.warn(err);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  /** Charges one GraphQL operation of `cost` to its caller; throws TOO_MANY_REQUESTS (429) past the budget. */
  chargeOperation(viewer: Viewer, address: string | undefined, cost: number): Promise<{ points: number; remaining?: number }> {
    return this.chargePoints(viewer, address, pointsForCost(cost));
  }

  /**
   * Takes `points` from the caller's budget (the user or school key when signed in, else the client
   * address); throws TOO_MANY_REQUESTS (429) past it. GraphQL operations come here through
   * chargeOperation, plain HTTP routes (files, feeds) with their fixed price (http-rate-limit.guard.ts):
   * one budget per caller, whichever door the requests come through.
   */
  async chargePoints(viewer: Viewer, address: string | undefined, points: number): Promise<{ points: number; remaining?: number }> {
    const { key, limit } =
      viewer.kind === 'user'
        ? { key: `user:${viewer.userId}`, limit: this.config.limits.userPointsPerMinute }
        : viewer.kind === 'school'
          ? { key: `school:${viewer.schoolId}`, limit: this.config.limits.userPointsPerMinute }
          : { key: this.keyOf('ip', clientKey(address)), limit: this.config.limits.ipPointsPerMinute };
    if (!limit) return { points };
    const result = await this.consume(key, points, limit, MINUTE_MS);
    if (!result) return { points };
    if (!result.allowed) {
      throw tooManyRequests('リクエストが多すぎます。しばらくしてからもう一度お試しください (too many requests)', result.resetMs);
    }
    return { points, remaining: limit - result.used };
  }

  /**
   * Takes one login attempt of the account from this client address before its password is
   * checked; throws TOO_MANY_REQUESTS when those attempts are spent, whatever the password.
   * Counted per email and address (IPv6 per /64), whether or not the account exists (the answer
   * must not tell), under a hash of the email: guesses from one place lock out that place only,
   * never the rightful owner elsewhere. Guessing from many places is held back by each address's
   * own budget (a login costs 500, so 6 points: 50 a minute an address) and argon2id's cost.
   */
  async takeLoginAttempt(email: string, address: string | undefined): Promise<void> {
    const limit = this.config.limits.loginMaxFailures;
    if (!limit) return;
    const result = await this.consume(this.loginKey(email, address), 1, limit, this.config.limits.loginWindowSeconds * 1000);
    if (result && !result.allowed) {
      throw tooManyRequests('ログインの試行が多すぎます。しばらくしてからもう一度お試しください (too many login attempts)', result.resetMs);
    }
  }

  /** A successful login clears the account's failed attempts from that address. */
  async loginSucceeded(email: string, address: string | undefined): Promise<void> {
    if (!this.config.limits.loginMaxFailures) return;
    try {
      await this.store.reset(this.loginKey(email, address));
    } catch (err) {
      this.warn(err);
    }
  }

  /**
   * A counter's key that names no email or address in the clear (Redis and the counter table hold
   * no personal data): a keyed hash, since an address or a known email is easily guessed from a
   * plain one. Keyed with JWT_SECRET, which every replica shares.
   */
  private keyOf(kind: 'ip' | 'login', value: string): string {
    return `${kind}:${createHmac('sha256', this.config.jwtSecret).update(`${kind}\n${value}`).digest('base64url').slice(0, 32)}`;
  }

  private loginKey(email: string, address: string | undefined): string {
    return this.keyOf('login', `${email.trim().toLowerCase()}\n${clientKey(address)}`);
  }

  private async consume(key: string, cost: number, limit: number, windowMs: number) {
    try {
      return await this.store.consume(key, cost, limit, windowMs);
    } catch (err) {
      this.warn(err);
      return undefined;
    }
  }

  private warn(err: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < 30_000) return;
    this.lastWarning = now;
    this.logger.warn(`rate limits are not enforced while the ${this.store?.kind ?? 'counter'} store fails: ${err instanceof Error ? err.message : String(err)}`);
  }
}


