import { EventEmitter, on } from 'node:events';
import { Logger } from '@nestjs/common';
import pg from 'pg';

/**
 * One PostgreSQL NOTIFY channel, heard by this process: a single LISTEN connection, opened with the
 * first subscriber and re-opened after errors. Carries news (a run changed, a comment was posted)
 * from any process to this one's GraphQL subscribers, on either queue backend.
 */
export class PgChannel {
  private readonly logger: Logger;
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private client?: pg.Client;
  private connecting?: Promise<void>;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
    this.logger = new Logger(`PgChannel ${channel}`);
  }

  /** Payloads as they come, until the signal aborts. The listener is in place when this resolves. */
  async subscribe(signal: AbortSignal): Promise<AsyncIterator<[string]>> {
    const payloads = on(this.emitter, 'payload', { signal }) as AsyncIterator<[string]>;
    await this.listen();
    return payloads;
  }

  private listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.databaseUrl, application_name: `chifuku-neo-listen-${this.channel}` });
      client.on('notification', (n) => n.payload && this.emitter.emit('payload', n.payload));
      client.on('error', (err) => {
        this.logger.warn(`LISTEN connection lost: ${err.message}`);
        this.client = undefined;
        client.end().catch(() => undefined);
        if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
      });
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.client = client;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
    this.emitter.removeAllListeners();
  }
}
