import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, type AppConfig } from './common/config/config.js';
import { runMigrations } from './common/database/run-migrations.js';
import { isEntryPoint, runOrExit, type StartOptions } from './common/entry.js';
import { AppLogger } from './common/logging.js';
import { WorkerModule } from './worker/worker.module.js';

/** The worker: an application context with no HTTP that processes BullMQ jobs. Any number may run. */
export async function startWorker(config: AppConfig, opts: StartOptions = {}): Promise<INestApplicationContext> {
  // the tables its processors read must exist; taking the same lock as the API makes this safe
  if (config.runMigrations) await runMigrations(config.databaseUrl, { queueOnPostgres: !config.redisUrl });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(AppLogger));
  if (opts.shutdownHooks !== false) app.enableShutdownHooks();
  await app.init();
  return app;
}

if (isEntryPoint(import.meta.url)) {
  runOrExit(() => startWorker(loadConfig()));
}
