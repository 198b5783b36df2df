import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';
import { PostgresRateLimitStore, RedisRateLimitStore, type RateLimitStore } from '../common/security/rate-limit.store.js';
import { tooManyRequests } from '../common/security/security.errors.js';

/** Comments one person may post per minute (a live chat, not a flood). */
export const COMMENTS_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

/**
 * The per-user comment limit, on the rate-limit stores of src/common/security (the same Redis
 * Lua script or PostgreSQL UNLOGGED counter the request budgets use, shared by every replica; key
 * `tv-comment:<userId>`). Like the request budgets, comments go through when the store fails.
 */
@Injectable()
export class CommentRateLimit implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CommentRateLimit');
  private readonly store: RateLimitStore;
  private lastWarning = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @InjectDataSource() db: DataSource) {
    this.store = config.redisUrl ? new RedisRateLimitStore(config.redisUrl, config.queuePrefix, (err) => this.warn(err)) : new PostgresRateLimitStore(db);
  }

  async onModuleInit(): Promise<void> {
    await this.store.start().catch((err) => this.warn(err));
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  /** Takes one comment of the user's budget; TOO_MANY_REQUESTS (429, retryAfter) past it. */
  async take(userId: string): Promise<void> {
    let result;
    try {
      result = await this.store.consume(`tv-comment:${userId}`, 1, COMMENTS_PER_MINUTE, WINDOW_MS);
    } catch (err) {
      this.warn(err);
      return;
    }
    if (!result.allowed) {
      throw tooManyRequests(`コメントは1分間に${COMMENTS_PER_MINUTE}件までです。しばらくしてからもう一度お試しください (too many comments)`, result.resetMs);
    }
  }

  private warn(err: unknown): void {
    if (Date.now() - this.lastWarning < 30_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`the comment limit is not enforced while its store fails: ${err instanceof Error ? err.message : String(err)}`);
  }
}
