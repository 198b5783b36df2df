import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from './common/config/config.js';
import { isEntryPoint, runOrExit } from './common/entry.js';
import { PROJECT_ROOT } from './common/paths.js';
import { queueBackendKind } from './common/queue/queue-connection.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './dev/embedded-postgres.js';
import { DEMO_LOGINS, demoEmail } from './demo/demo-logins.js';
import { seedDemoData, type SeedResult } from './demo/seed.js';
import { startApi } from './main.js';
import { startWorker } from './worker.js';

/**
 * `npm start`: everything a newcomer needs in one process. With DATABASE_URL unset it runs an
 * embedded PostgreSQL (data in .data/, git-ignored); with REDIS_URL unset BullMQ runs on its
 * PostgreSQL backend. API and worker run together; an empty graph gets the demo data.
 * CHIFUKU_DATA_DIR puts the data elsewhere (the test of `npm start` uses a temporary folder).
 */
const DATA_DIR = process.env.CHIFUKU_DATA_DIR ? resolve(process.env.CHIFUKU_DATA_DIR) : join(PROJECT_ROOT, '.data');
const DATA_DIR_SHOWN = relative(PROJECT_ROOT, DATA_DIR).startsWith('..') ? DATA_DIR : relative(PROJECT_ROOT, DATA_DIR);
const log = (line: string) => console.log(`[chifuku-neo] ${line}`);

interface LocalSecrets {
  jwtSecret: string;
  coordinatorPassword: string;
  memberPassword: string;
  /** CONTACT_CARD_KEY: 32 bytes in base64 (contact cards at rest) */
  contactCardKey: string;
}

/**
 * Secrets of this checkout's local setup, made once and kept in .data/, so restarts keep sessions,
 * logins and readable contact cards. A file from before a secret existed gets it added, once.
 */
function localSecrets(): LocalSecrets {
  const file = join(DATA_DIR, 'local-secrets.json');
  const word = () => randomBytes(3).toString('hex');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = {
    jwtSecret: kept.jwtSecret ?? randomBytes(32).toString('base64url'),
    coordinatorPassword: kept.coordinatorPassword ?? `kurume-${word()}-${word()}`,
    memberPassword: kept.memberPassword ?? `sasaeau-${word()}-${word()}`,
    contactCardKey: kept.contactCardKey ?? randomBytes(32).toString('base64'),
  };
  if (Object.keys(kept).length !== Object.keys(secrets).length) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  const secrets = localSecrets();
  let embedded: EmbeddedDatabase | undefined;
  const closers: (() => Promise<unknown>)[] = [];

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping ...`);
    // the API, then the worker, then the embedded database (in its own process group, so Ctrl-C
    // does not reach it before): a connection that breaks meanwhile must not crash the close
    process.on('uncaughtException', (err) => log(`while stopping: ${err.message}`));
    setTimeout(() => (log('stopping took too long; exiting'), process.exit(1)), 20_000).unref();
    for (const close of closers.reverse()) await close().catch((err) => log(`while stopping: ${err instanceof Error ? err.message : err}`));
    log('stopped');
    process.exit(0);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    // embedded-postgres registers exit hooks on import that would stop a database at once; ours stops last
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  };
  (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).forEach(onSignal);

  const env = { ...process.env };
  if (!env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ dir: join(DATA_DIR, 'postgres'), port: Number(env.EMBEDDED_PG_PORT ?? 54329), database: 'chifuku', log });
    closers.push(() => embedded!.stop());
    (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).forEach(onSignal);
    env.DATABASE_URL = embedded.url;
  }
  env.JWT_SECRET ??= secrets.jwtSecret;
  env.CONTACT_CARD_KEY ??= secrets.contactCardKey;
  const demoCoordinator = !env.BOOTSTRAP_COORDINATOR_EMAIL && !env.BOOTSTRAP_COORDINATOR_PASSWORD;
  if (demoCoordinator) {
    env.BOOTSTRAP_COORDINATOR_EMAIL = 'coordinator@chifuku.example';
    env.BOOTSTRAP_COORDINATOR_PASSWORD = secrets.coordinatorPassword;
  }
  const config = loadConfig(env);

  const api = await startApi(config, { shutdownHooks: false });
  closers.push(() => api.close());
  const worker: INestApplicationContext = await startWorker({ ...config, runMigrations: false }, { shutdownHooks: false });
  closers.push(() => worker.close());

  const seeded = config.env !== 'production' && env.DEMO_DATA !== 'false'
    ? await seedDemoData(api, { memberPassword: secrets.memberPassword })
    : undefined;

  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    '地域福祉NEO (chifuku-neo) is running',
    `  GraphQL IDE : ${url}/graphql   (open it in a browser; works offline)`,
    `  Health      : ${url}/health`,
    `  Database    : ${embedded ? `embedded PostgreSQL in ${join(DATA_DIR_SHOWN, 'postgres')} (port ${env.EMBEDDED_PG_PORT ?? 54329})` : 'DATABASE_URL'}`,
    `  Queue       : BullMQ on ${queueBackendKind(config) === 'redis' ? 'Redis (REDIS_URL)' : 'its PostgreSQL backend (same database)'}`,
    demoCoordinator
      ? `  Coordinator : coordinator@chifuku.example / ${secrets.coordinatorPassword}`
      : `  Coordinator : ${config.bootstrapCoordinator?.email ?? '(none: set BOOTSTRAP_COORDINATOR_EMAIL and _PASSWORD)'}`,
    `               mutation { login(email: "...", password: "...") { token } }  then send  Authorization: Bearer <token>`,
  ];
  if (seeded?.seeded) {
    lines.push(`  Demo data   : loaded (schools, ${seeded.students} students, organisations, ${seeded.offers} offers, residents, events on all four platforms)`);
    lines.push(...platformLines(seeded.platforms, url));
    lines.push(...loginLines(secrets.memberPassword, new Set(seeded.accounts.map((a) => a.email))));
    for (const s of seeded.schools) lines.push(`  School key  : ${s.name}: ${s.apiKey}   (shown once; send as x-api-key)`);
  } else if (seeded) {
    lines.push(`  Demo data   : already there`);
    lines.push(...platformLines(seeded.platforms, url), ...loginLines(secrets.memberPassword));
  } else {
    lines.push(`  Demo data   : not loaded (${config.env === 'production' ? 'NODE_ENV=production' : 'DEMO_DATA=false'})`);
  }
  lines.push('  Stop with Ctrl-C.', '');
  console.log(lines.join('\n'));
}

/**
 * The demo accounts to try each platform with, and what each shows (src/demo/demo-logins.ts);
 * `created`: when the seed just ran, only the accounts it made (an address someone had signed up
 * with stays theirs and is not offered).
 */
function loginLines(password: string, created?: Set<string>): string[] {
  const logins = DEMO_LOGINS.map((l) => ({ ...l, email: demoEmail(l.key) })).filter((l) => !created || created.has(l.email));
  const width = Math.max(...logins.map((l) => l.email.length));
  return [
    `  Demo logins : password ${password} (every demo organisation member and resident; 地福TV is run by the coordinator)`,
    ...logins.map((l) => `                ${l.email.padEnd(width)}  ${l.platform}: ${l.shows}`),
  ];
}

/** What the sibling platforms got, in counts only (nothing about anyone); nothing when they had their data already. */
function platformLines(p: SeedResult['platforms'], url: string): string[] {
  const lines: string[] = [];
  if (p.perspectives) lines.push(`                committee: a past meeting with agenda, minutes, ${p.perspectives} perspectives and ${p.stances} stances (perspectiveMap)`);
  if (p.meetingId) lines.push(`                its map     ${url}/committee/meetings/${p.meetingId}/map.svg`);
  if (p.episodes) lines.push(`                地福TV: programme 「くるめ地福TV」 with ${p.episodes} episodes, ${p.comments} comments`);
  if (p.scenarios) lines.push(`                もしも: ${p.scenarios} scenarios, ${p.responses} responses, ${p.pledges} pledges, ${p.needs} needs (coordinator: requestSupportMatching)`);
  const j = p.jointActions;
  if (j.confirmed + j.awaitingReplies + j.cancelled)
    lines.push(`                未来会議: joint actions ${j.confirmed} CONFIRMED, ${j.awaitingReplies} AWAITING_REPLIES, ${j.cancelled} CANCELLED; ${j.proposed} proposals to approve (coordinator)`);
  if (p.drills) lines.push(`                もしも: a past disaster drill with its safety reports (coordinator: disaster(id) { safetyCounts board })`);
  return lines;
}

if (isEntryPoint(import.meta.url)) runOrExit(main);
