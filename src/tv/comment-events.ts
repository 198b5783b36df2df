import { EventEmitter, on } from 'node:events';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';

/** PostgreSQL NOTIFY channel of new comments (payload `<eventId>:<commentId>`), sent at the commit of the comment. */
export const COMMENT_CHANNEL = 'tv_comment_posted';

/**
 * New comments from every API replica to this one's subscribers: one LISTEN connection, opened
 * with the first subscriber and re-opened after errors (as MatchingRunEvents does for runs).
 */
@Injectable()
export class CommentEvents implements OnModuleDestroy {
  private readonly logger = new Logger(CommentEvents.name);
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private client?: pg.Client;
  private connecting?: Promise<void>;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** [eventId, commentId] pairs until the signal aborts; listening when this resolves. */
  async subscribe(signal: AbortSignal): Promise<AsyncIterator<[string, string]>> {
    const changes = on(this.emitter, 'comment', { signal }) as AsyncIterator<[string, string]>;
    await this.listen();
    return changes;
  }

  private listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'chifuku-neo-tv-listen' });
      client.on('notification', (n) => {
        const [eventId, commentId] = (n.payload ?? '').split(':');
        if (eventId && commentId) this.emitter.emit('comment', eventId, commentId);
      });
      client.on('error', (err) => {
        this.logger.warn(`LISTEN connection lost: ${err.message}`);
        this.client = undefined;
        client.end().catch(() => undefined);
        if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
      });
      await client.connect();
      await client.query(`LISTEN ${COMMENT_CHANNEL}`);
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
