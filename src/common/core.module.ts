import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { loggerParams } from './logging.js';
import { JobsService } from './queue/jobs.service.js';
import { OutboxRelay } from './queue/outbox-relay.service.js';

/**
 * What both processes share: the typed config, PostgreSQL, the job producer, the outbox relay
 * (every API and worker process relays recorded jobs to BullMQ) and the logger.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        LoggerModule.forRoot(loggerParams(config)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 3, retryDelay: 1000 }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }, JobsService, OutboxRelay],
      exports: [APP_CONFIG, JobsService, OutboxRelay],
    };
  }
}
