import { createPostgresBackend, createRedisBackend, type BackendFactory, type QueueOptions, type WorkerOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { AppConfig } from '../config/config.js';

/**
 * Where BullMQ keeps its jobs: Redis when REDIS_URL is set (the production path), otherwise
 * BullMQ's PostgreSQL backend in the service's own database (schema `bullmq`), so that a
 * newcomer needs nothing but `npm start`.
 */
export type QueueBackendKind = 'redis' | 'postgres';

export const queueBackendKind = (config: Pick<AppConfig, 'redisUrl'>): QueueBackendKind => (config.redisUrl ? 'redis' : 'postgres');

type Role = 'producer' | 'worker';

/** Constructor arguments for a Queue or Worker on the configured backend. */
export function queueArgs(config: Pick<AppConfig, 'redisUrl' | 'databaseUrl' | 'queuePrefix'>, role: Role): { opts: QueueOptions<any> & WorkerOptions<any>; factory: BackendFactory<any, any> } {
  if (config.redisUrl) {
    // producers fail fast while Redis is away (the request must not hang); workers wait for it forever
    const options: RedisOptions =
      role === 'producer' ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 } : { maxRetriesPerRequest: null };
    return { opts: { connection: { ...redisOptionsFromUrl(config.redisUrl), ...options }, prefix: config.queuePrefix } as never, factory: createRedisBackend };
  }
  return {
    opts: { connection: { connectionString: config.databaseUrl, max: role === 'producer' ? 3 : 5, application_name: `chifuku-neo-bullmq-${role}` } } as never,
    factory: createPostgresBackend,
  };
}

/** ioredis options from a redis:// or rediss:// URL (BullMQ owns and closes the clients it makes from options). */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.replace('/', '');
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: db ? Number(db) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}
