import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { redisOptionsFromUrl } from '../queue/queue-connection.js';

export interface ConsumeResult {
  /** true when the cost fitted in the budget and was added */
  allowed: boolean;
  /** what the window has used so far (after this request when allowed) */
  used: number;
  /** milliseconds until the window ends and the budget is whole again */
  resetMs: number;
}

/**
 * Counters of fixed windows shared by every API replica. A window starts with its key's first
 * hit and lasts `windowMs`; `consume` adds `cost` only when the total stays within `limit`, in one
 * atomic step (a refused request uses nothing, so hammering does not stretch the wait).
 */
export interface RateLimitStore {
  readonly kind: 'redis' | 'postgres';
  consume(key: string, cost: number, limit: number, windowMs: number): Promise<ConsumeResult>;
  reset(key: string): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

// KEYS[1] counter; ARGV cost, limit, window ms. Returns { allowed 0/1, used, ms left }.
const CONSUME_LUA = `
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local left = redis.call('PTTL', KEYS[1])
if left <= 0 then
  used = 0
  left = tonumber(ARGV[3])
end
if used + cost > limit then
  return {0, used, left}
end
redis.call('SET', KEYS[1], used + cost, 'PX', left)
return {1, used + cost, left}
`;

type RedisWithConsume = Redis & { rlConsume(key: string, cost: number, limit: number, windowMs: number): Promise<[number, number, number]> };

/** Redis (REDIS_URL): one Lua script per request; keys `<QUEUE_PREFIX>:rl:<key>` expire with their window. */
export class RedisRateLimitStore implements RateLimitStore {
  readonly kind = 'redis' as const;
  private readonly redis: RedisWithConsume;

  constructor(url: string, private readonly prefix: string, onError: (err: Error) => void) {
    // fail fast while Redis is away (the limiter then lets requests through, see RateLimiter); reconnect forever
    this.redis = new Redis({
      ...redisOptionsFromUrl(url),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 1000,
      connectionName: 'chifuku-neo-rate-limit',
    }) as RedisWithConsume;
    this.redis.on('error', onError);
    this.redis.defineCommand('rlConsume', { numberOfKeys: 1, lua: CONSUME_LUA });
  }

  async start(): Promise<void> {
    await this.redis.connect();
  }

  async consume(key: string, cost: number, limit: number, windowMs: number): Promise<ConsumeResult> {
    const [allowed, used, left] = await this.redis.rlConsume(`${this.prefix}:rl:${key}`, cost, limit, windowMs);
    return { allowed: allowed === 1, used: Number(used), resetMs: Number(left) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}:rl:${key}`);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/**
 * PostgreSQL (no REDIS_URL): an UNLOGGED table in its own schema (counters need no crash safety
 * and skip the WAL), one upsert per request; expired rows are swept every few minutes.
 */
export class PostgresRateLimitStore implements RateLimitStore {
  readonly kind = 'postgres' as const;
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly db: DataSource) {}

  async start(): Promise<void> {
    // counters are a cache, not data: made here rather than by a migration; the lock lets replicas start at once
    await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('chifuku-neo:rate_limit'))`);
      await m.query(`CREATE SCHEMA IF NOT EXISTS rate_limit`);
      await m.query(
        `CREATE UNLOGGED TABLE IF NOT EXISTS rate_limit.counter (
           key text PRIMARY KEY, used bigint NOT NULL, allowed boolean NOT NULL, expires_at timestamptz NOT NULL)`,
      );
    });
    this.sweeper = setInterval(() => void this.db.query('DELETE FROM rate_limit.counter WHERE expires_at < now()').catch(() => undefined), 5 * 60_000);
    this.sweeper.unref();
  }

  async consume(key: string, cost: number, limit: number, windowMs: number): Promise<ConsumeResult> {
    // every SET expression reads the row as it was: the decision and the write are one atomic step
    const rows: { used: string; allowed: boolean; reset_ms: string }[] = await this.db.query(
      `INSERT INTO rate_limit.counter AS c (key, used, allowed, expires_at)
       VALUES ($1, CASE WHEN $2::bigint <= $3::bigint THEN $2::bigint ELSE 0 END, $2::bigint <= $3::bigint, now() + $4::bigint * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         used = CASE WHEN c.expires_at <= now() THEN EXCLUDED.used WHEN c.used + $2 <= $3 THEN c.used + $2 ELSE c.used END,
         allowed = CASE WHEN c.expires_at <= now() THEN EXCLUDED.allowed ELSE c.used + $2 <= $3 END,
         expires_at = CASE WHEN c.expires_at <= now() THEN EXCLUDED.expires_at ELSE c.expires_at END
       RETURNING used, allowed, greatest(0, ceil(extract(epoch FROM expires_at - now()) * 1000))::bigint AS reset_ms`,
      [key, cost, limit, windowMs],
    );
    return { allowed: rows[0].allowed, used: Number(rows[0].used), resetMs: Number(rows[0].reset_ms) };
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limit.counter WHERE key = $1', [key]);
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
  }
}
