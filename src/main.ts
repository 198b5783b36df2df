import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { loadConfig, type AppConfig } from './common/config/config.js';
import { runMigrations } from './common/database/run-migrations.js';
import { AppLogger } from './common/logging.js';
import { mountGraphqlIde } from './common/graphql/graphql-ide.js';
import { isEntryPoint, runOrExit, type StartOptions } from './common/entry.js';
import { bodyParserErrorHandler, documentGuard } from './common/security/http-guards.js';

/** Builds the API (migrations first, under an advisory lock) without listening: tests use it as it is. */
export async function createApi(config: AppConfig, opts: StartOptions = {}): Promise<NestExpressApplication> {
  if (config.runMigrations) await runMigrations(config.databaseUrl, { queueOnPostgres: !config.redisUrl });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(AppLogger));
  // a roster of 1000 students with full Japanese texts (about 12 MB) fits in the default 16 MB; a larger
  // body is refused with 413 before parsing. The document itself is held far smaller by the token limit.
  app.useBodyParser('json', { limit: config.limits.bodyLimitMb * 1024 * 1024 });
  // its errors (413, malformed JSON) answer as GraphQL errors with a contract code, not Nest's shape
  app.use(bodyParserErrorHandler);
  // documents over QUERY_MAX_BYTES, or nested so deep that graphql-js's recursive parser could run
  // out of stack, are refused before anything parses them
  app.use('/graphql', documentGuard(config.limits));
  app.disable('x-powered-by');
  // no ETag on answers: every GraphQL answer is `cache-control: no-store` (graphql-options.ts), so
  // nothing ever revalidates one, and Express would hash every body to make it (a page of
  // proposals is 75 KB). The IDE's page sets its own.
  app.set('etag', false);
  // req.ip is the socket's address, or X-Forwarded-For's client when the socket is a trusted proxy
  app.set('trust proxy', config.limits.trustedProxies.length ? config.limits.trustedProxies : false);
  if (config.graphqlIde) mountGraphqlIde(app.getHttpAdapter().getInstance());
  if (opts.shutdownHooks !== false) app.enableShutdownHooks();
  await app.init();
  return app;
}

export async function startApi(config: AppConfig, opts: StartOptions = {}): Promise<INestApplication> {
  const app = await createApi(config, opts);
  await app.listen(config.port);
  if (config.jwtSecretIsEphemeral) app.get(AppLogger).warn('JWT_SECRET is not set: tokens are signed with a random key and die with this process');
  if (config.contactCards.ephemeral) app.get(AppLogger).warn('CONTACT_CARD_KEY is not set: contact cards are sealed with a random key and cannot be read by another process or after a restart');
  return app;
}

if (isEntryPoint(import.meta.url)) {
  runOrExit(async () => {
    const config = loadConfig();
    const app = await startApi(config);
    const url = await app.getUrl();
    app.get(AppLogger).log(`GraphQL: ${url.replace('[::1]', 'localhost')}/graphql`);
  });
}
