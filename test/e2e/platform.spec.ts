import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import request from 'supertest';
import { migrations } from '../../migrations/index.js';
import { loadConfig } from '../../src/common/config/config.js';
import { createApi } from '../../src/main.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createDatabase, dropDatabase, REDIS_URL } from '../support/db.js';
import { createEvent, createUser } from '../support/factories.js';

// Process-level behaviour: replicas starting at once on one database, the built entry point,
// and GET /health following the queue backend down and back up.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const THEMES: [string, string][] = [
  ['disaster', '防災'], ['infection', '感染症'], ['elderly', '高齢者'], ['childcare', '子育て'],
  ['disability', '障がい'], ['multicultural', '多文化共生'], ['environment', '環境'], ['community', 'まちづくり'],
  ['food', '食'], ['health', '健康'], ['education', '学び'], ['culture', '文化・芸術'],
  ['sports', 'スポーツ'], ['media', '情報発信'], ['welfare', '地域福祉'], ['work', 'しごと'],
];
const EXPECTED_THEMES = THEMES.map(([key, label]) => ({ key, label }));
const MIGRATION_NAMES = migrations.map((M) => new M().name);
const THEMES_QUERY = JSON.stringify({ query: '{ themes { key label } }' });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/** Stops a child process and waits for it to be gone (SIGKILL when it lingers). */
async function stop(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function migrationRows(url: string): Promise<{ name: string; n: number }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT name, count(*)::int AS n FROM schema_migration GROUP BY name ORDER BY name')).rows;
  } finally {
    await client.end();
  }
}
const eachMigrationOnce = () => [...MIGRATION_NAMES].sort().map((name) => ({ name, n: 1 }));

const testConfig = (databaseUrl: string, prefix: string) =>
  loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix, JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'error' });

describe('two API replicas starting at once on one fresh database', () => {
  it('in one process: both come up, each migration is applied once, the 16 themes are served in order', async () => {
    const database = await createDatabase();
    const config = testConfig(database.url, `plat_${database.name}`);
    const started = await Promise.allSettled([createApi(config), createApi(config)]);
    const apps = started.filter((s): s is PromiseFulfilledResult<NestExpressApplication> => s.status === 'fulfilled').map((s) => s.value);
    try {
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'up'))).toEqual(['up', 'up']);
      expect(MIGRATION_NAMES.length).toBeGreaterThan(0);
      expect(await migrationRows(database.url)).toEqual(eachMigrationOnce());
      for (const app of apps) {
        const res = await request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json').send(THEMES_QUERY);
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.themes).toEqual(EXPECTED_THEMES);
        expect((await request(app.getHttpServer()).get('/health')).status).toBe(200);
      }
    } finally {
      await Promise.all(apps.map((a) => a.close()));
      await dropDatabase(database.name);
    }
  });

  describe('as real processes of the built entry point (node dist/src/main.js)', () => {
    // built into a private directory, so that other builds of dist/ running meanwhile cannot tear it
    let buildDir: string;
    beforeAll(async () => {
      buildDir = await mkdtemp(path.join(os.tmpdir(), 'chifuku-build-'));
      const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
      await promisify(execFile)(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', buildDir], { cwd: ROOT }).catch((err) => {
        // a type error elsewhere still emits JavaScript; only a missing entry point stops this test
        console.warn(`tsc reported problems:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
      });
      await writeFile(path.join(buildDir, 'package.json'), JSON.stringify({ type: 'module' }));
      await symlink(path.join(ROOT, 'node_modules'), path.join(buildDir, 'node_modules'), 'dir');
    }, 120_000);
    afterAll(() => (buildDir ? rm(buildDir, { recursive: true, force: true }) : undefined));

    it('two processes on different ports both answer /health and GraphQL, and migrate once', async () => {
      const database = await createDatabase();
      const ports = [await freePort(), await freePort()];
      const output = ['', ''];
      const env = {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        REDIS_URL,
        QUEUE_PREFIX: `plat_${database.name}`,
        JWT_SECRET: randomBytes(32).toString('hex'),
        CONTACT_CARD_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'warn',
      };
      const children = ports.map((port, i) => {
        const child = spawn(process.execPath, [path.join(buildDir, 'src/main.js')], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout!.on('data', (d) => (output[i] += d));
        child.stderr!.on('data', (d) => (output[i] += d));
        return child;
      });
      try {
        for (const [i, port] of ports.entries()) {
          await until(
            `process ${i} on port ${port} to answer /health 200 (output so far: ${output[i] || 'none'})`,
            async () => {
              if (children[i].exitCode !== null) throw new Error(`process ${i} exited ${children[i].exitCode}: ${output[i]}`);
              return fetch(`http://127.0.0.1:${port}/health`).then((res) => res.status === 200, () => false);
            },
            30_000,
          ).catch((err) => {
            throw new Error(`${err.message}\n--- output ---\n${output[i]}`);
          });
        }
        for (const port of ports) {
          const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: THEMES_QUERY });
          expect(res.status).toBe(200);
          expect(((await res.json()) as any).data.themes).toEqual(EXPECTED_THEMES);
        }
        expect(await migrationRows(database.url)).toEqual(eachMigrationOnce());
      } finally {
        await Promise.all(children.map((c) => stop(c)));
        await dropDatabase(database.name);
      }
      // a clean shutdown on SIGTERM: neither crashed on its way out
      for (const c of children) expect(c.exitCode === 0 || c.signalCode === 'SIGTERM').toBe(true);
    }, 90_000);
  });
});

describe('GET /health', () => {
  describe('follows a Redis that goes away and comes back', () => {
    let port: number;
    let redis: ChildProcess | undefined;
    let t: TestApp;

    async function startRedis(): Promise<ChildProcess> {
      const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await until(`redis-server on port ${port}`, async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited ${child.exitCode}`);
        return reachable(port);
      }, 10_000, 100);
      return child;
    }
    const health = () => request(t.app.getHttpServer()).get('/health');

    beforeAll(async () => {
      port = await freePort();
      redis = await startRedis();
      t = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    });
    afterAll(async () => {
      // closing the app's queue connections needs its Redis: bring it back if a failed test left it down
      if (t && (!redis || redis.exitCode !== null || redis.signalCode !== null)) redis = await startRedis();
      await t?.close();
      await stop(redis, 'SIGKILL');
    });

    it('is 200 with both up, 503 once Redis is killed, and 200 again by itself when Redis returns', async () => {
      const up = await health();
      expect(up.status).toBe(200);
      expect(up.body.info.database.status).toBe('up');
      expect(up.body.info.queue).toMatchObject({ status: 'up', backend: 'redis' });

      await stop(redis, 'SIGKILL');
      const started = Date.now();
      const down = await until('/health to report 503', async () => {
        const res = await health();
        return res.status === 503 && res;
      }, 10_000);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(down.body.details.queue.status).toBe('down');
      expect(down.body.details.database.status).toBe('up');

      // meanwhile the API keeps serving what needs no queue, and a leave that promotes someone
      // still succeeds without hanging: its notification job waits in the outbox until the queue is back
      expect((await t.gql('{ themes { key } }')).data.themes).toHaveLength(16);
      const eventId = (await createEvent(t, { capacity: 1 })).id;
      const [first, second] = [await createUser(t), await createUser(t)];
      await t.gql('mutation($id: ID!) { joinEvent(eventId: $id) { id } }', { id: eventId }, { token: first.token });
      await t.gql('mutation($id: ID!) { joinEvent(eventId: $id) { id } }', { id: eventId }, { token: second.token });
      const leaveStarted = Date.now();
      const left = await within(5_000, 'leaveEvent while Redis is down', t.gql('mutation($id: ID!) { leaveEvent(eventId: $id) { participantCount } }', { id: eventId }, { token: first.token }));
      expect(left.errors).toBeUndefined();
      expect(left.data.leaveEvent.participantCount).toBe(1);
      expect(Date.now() - leaveStarted).toBeLessThan(5_000);

      redis = await startRedis();
      const back = await until('/health to recover to 200', async () => {
        const res = await health();
        return res.status === 200 && res;
      }, 30_000, 500);
      expect(back.body.info.queue).toMatchObject({ status: 'up', backend: 'redis' });
    }, 90_000);
  });

  it('is 200 with the PostgreSQL queue backend, naming it', async () => {
    const t = await startTestApp({ queue: 'postgres' });
    try {
      const res = await request(t.app.getHttpServer()).get('/health');
      expect(res.status).toBe(200);
      expect(res.body.info.database.status).toBe('up');
      expect(res.body.info.queue).toMatchObject({ status: 'up', backend: 'postgres' });
      const [schema] = await t.db.query(`SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = 'bullmq'`);
      expect(schema.n).toBe(1);
    } finally {
      await t.close();
    }
  });
});
