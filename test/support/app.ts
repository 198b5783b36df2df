import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/common/config/config.js';
import { createApi } from '../../src/main.js';
import { createDatabase, dropDatabase, REDIS_URL } from './db.js';

export interface Credentials {
  token?: string;
  apiKey?: string;
}

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; fields?: { field: string }[] } & Record<string, unknown> }[];
  /** the first error's extensions.code */
  code?: string;
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  db: DataSource;
  gql<T = any>(query: string, variables?: Record<string, unknown>, creds?: Credentials): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** 'redis' (default) or 'postgres', BullMQ's backend */
  queue?: 'redis' | 'postgres';
  env?: Record<string, string>;
}

/** The real API on a fresh database with the real migrations, against real PostgreSQL and Redis. */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = await createDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    ...(opts.queue === 'postgres' ? {} : { REDIS_URL, QUEUE_PREFIX: `test_${database.name}` }),
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    // automatic matching runs only where a test asks for them
    MATCHING_DEBOUNCE_MS: '-1',
    // every suite sends from 127.0.0.1: rate budgets far above what they use (rate-limit.spec.ts sets low ones)
    RATE_LIMIT_USER_PER_MINUTE: '10000000',
    RATE_LIMIT_IP_PER_MINUTE: '10000000',
    // every query runs compiled from its first execution (compiled-executor.ts; graphql-js again on an
    // error), so that every suite's answers are the compiled plan's: production compiles at the 2nd
    GRAPHQL_COMPILE_AFTER: '1',
    ...opts.env,
  });
  const app = await createApi(config);
  const db = app.get<DataSource>(getDataSourceToken());
  const server = app.getHttpServer();
  return {
    app,
    config,
    db,
    async gql(query, variables, creds = {}) {
      let req = request(server).post('/graphql').set('content-type', 'application/json');
      if (creds.token) req = req.set('authorization', `Bearer ${creds.token}`);
      if (creds.apiKey) req = req.set('x-api-key', creds.apiKey);
      const res = await req.send({ query, variables });
      const body = res.body as GqlResult;
      return { status: res.status, data: body.data, errors: body.errors, code: body.errors?.[0]?.extensions?.code };
    },
    async close() {
      await app.close();
      await dropDatabase(database.name);
    },
  };
}
