import { EventEmitter, on } from 'node:events';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';

/** PostgreSQL NOTIFY channel on which workers announce that a run changed (payload: the run id). */
export const RUN_CHANNEL = 'matching_run_changed';

/**
 * Carries run changes from workers to this API process: one LISTEN connection, opened when the
 * first subscriber arrives and re-opened after errors. Works on both queue backends, since
 * PostgreSQL is always there.
 */
@Injectable()
export class MatchingRunEvents implements OnModuleDestroy {
  private readonly logger = new Logger(MatchingRunEvents.name);
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private client?: pg.Client;
  private connecting?: Promise<void>;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Run ids as they change, until the signal aborts. The listener is in place when this resolves,
   * so a change after it is never missed.
   */
  async subscribe(signal: AbortSignal): Promise<AsyncIterator<[string]>> {
    const changes = on(this.emitter, 'change', { signal }) as AsyncIterator<[string]>;
    await this.listen();
    return changes;
  }

  private listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'chifuku-neo-listen' });
      client.on('notification', (n) => n.payload && this.emitter.emit('change', n.payload));
      client.on('error', (err) => {
        this.logger.warn(`LISTEN connection lost: ${err.message}`);
        this.client = undefined;
        client.end().catch(() => undefined);
        if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
      });
      await client.connect();
      await client.query(`LISTEN ${RUN_CHANNEL}`);
      this.client = client;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
    this.emitter.removeAllListeners();
  }
}
