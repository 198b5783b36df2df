import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';
import { PgChannel } from '../common/database/pg-channel.js';

/** PostgreSQL NOTIFY channel on which workers announce that a run changed (payload: the run id). */
export const RUN_CHANNEL = 'matching_run_changed';

/** Run changes from workers to this API process's subscribers. */
@Injectable()
export class MatchingRunEvents implements OnModuleDestroy {
  private readonly channel: PgChannel;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.channel = new PgChannel(config.databaseUrl, RUN_CHANNEL);
  }

  /** Run ids as they change, until the signal aborts; listening when this resolves. */
  subscribe(signal: AbortSignal): Promise<AsyncIterator<[string]>> {
    return this.channel.subscribe(signal);
  }

  onModuleDestroy(): Promise<void> {
    return this.channel.close();
  }
}
