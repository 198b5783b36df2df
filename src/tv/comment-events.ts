import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';
import { PgChannel } from '../common/database/pg-channel.js';

/** PostgreSQL NOTIFY channel of new comments (payload `<eventId>:<commentId>`), sent at the commit of the comment. */
export const COMMENT_CHANNEL = 'tv_comment_posted';

/** New comments from every API replica to this one's subscribers. */
@Injectable()
export class CommentEvents implements OnModuleDestroy {
  private readonly channel: PgChannel;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.channel = new PgChannel(config.databaseUrl, COMMENT_CHANNEL);
  }

  /** [eventId, commentId] pairs until the signal aborts; listening when this resolves. */
  async subscribe(signal: AbortSignal): Promise<AsyncIterator<[string, string]>> {
    const payloads = await this.channel.subscribe(signal);
    return {
      async next() {
        for (;;) {
          const r = await payloads.next();
          if (r.done) return { done: true, value: undefined };
          const [eventId, commentId] = r.value[0].split(':');
          if (eventId && commentId) return { done: false, value: [eventId, commentId] as [string, string] };
        }
      },
    };
  }

  onModuleDestroy(): Promise<void> {
    return this.channel.close();
  }
}
