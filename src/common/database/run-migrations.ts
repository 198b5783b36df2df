import { runMigrations as runBullmqMigrations } from 'bullmq';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { isEntryPoint } from '../entry.js';
import { dataSourceOptions } from './data-source-options.js';

/** Any fixed 64-bit number; every process of the service agrees on it. */
const MIGRATION_LOCK = 7_264_001;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so that several API
 * replicas starting at once take turns: the first migrates, the others find nothing to do.
 * Returns the names of the migrations this call applied.
 */
export async function runMigrations(databaseUrl: string, opts: { queueOnPostgres?: boolean } = {}): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(databaseUrl, { extra: { max: 2, application_name: 'chifuku-neo-migrate' } }));
  await ds.initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      if (opts.queueOnPostgres) await migrateQueueSchema(databaseUrl);
      return applied.map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await lock.release();
    await ds.destroy();
  }
}

/** BullMQ's PostgreSQL backend keeps its jobs in schema `bullmq` of the same database, with its own migrations. */
async function migrateQueueSchema(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'chifuku-neo-migrate' });
  await client.connect();
  try {
    await runBullmqMigrations(client);
  } finally {
    await client.end();
  }
}

// `npm run migration:run`
if (isEntryPoint(import.meta.url)) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required');
    process.exit(1);
  }
  runMigrations(url, { queueOnPostgres: !process.env.REDIS_URL }).then(
    (names) => console.log(names.length ? `applied: ${names.join(', ')}` : 'no pending migrations'),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
