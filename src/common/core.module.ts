import { Global, Inject, Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { AppLogger, requestLogging } from './logging.js';
import { JobsService } from './queue/jobs.service.js';
import { OutboxRelay } from './queue/outbox-relay.service.js';

/**
 * What both processes share: the typed config, PostgreSQL, the job producer, the outbox relay
 * (every API and worker process relays recorded jobs to BullMQ) and the logger.
 */
@Global()
@Module({})
export class CoreModule implements NestModule {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Every HTTP route is logged (only in the API: an application context has no middleware). */
  configure(consumer: MiddlewareConsumer): void {
    // `{/*splat}` matches the root as well, and path-to-regexp 8 (Express 5) takes it without a warning
    consumer.apply(requestLogging(this.config)).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        // each module registers its own entities (TypeOrmModule.forFeature): common lists none of them
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), autoLoadEntities: true, retryAttempts: 3, retryDelay: 1000 }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }, AppLogger, JobsService, OutboxRelay],
      exports: [APP_CONFIG, AppLogger, JobsService, OutboxRelay],
    };
  }
}
