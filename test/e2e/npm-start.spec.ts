import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnNode, waitUntil, type Spawned } from '../support/process.js';

/**
 * `npm start` as a newcomer runs it (the built dist/src/dev.js, nothing configured but where its
 * data and ports go): an embedded PostgreSQL initialised from nothing, BullMQ on its PostgreSQL
 * backend, API and worker in one process, the demo data of all four platforms, a banner with a
 * coordinator login that works; SIGTERM stops everything cleanly (exit 0, no error logged), and a
 * second start on the same data comes up without seeding again.
 */
let dataDir: string;
let running: Spawned | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'chifuku-start-'));
  // as root the embedded PostgreSQL runs as a `postgres` user, who must reach its data folder
  chmodSync(dataDir, 0o755);
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ proc: Spawned; url: string }> {
  const [port, pgPort] = [await freePort(), await freePort()];
  const proc = spawnNode('dist/src/dev.js', { CHIFUKU_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' });
  running = proc;
  const up = await waitUntil(() => proc.output().includes('Stop with Ctrl-C') || proc.child.exitCode !== null, 180_000, 250);
  if (!up || proc.child.exitCode !== null) throw new Error(`npm start did not come up:\n${proc.output().slice(-4000)}`);
  return { proc, url: `http://127.0.0.1:${port}` };
}

async function gql(url: string, query: string, token?: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

async function stopCleanly(proc: Spawned): Promise<void> {
  const code = await proc.stop('SIGTERM');
  running = undefined;
  const out = proc.output();
  expect(code).toBe(0);
  expect(out).toMatch(/SIGTERM: stopping \.\.\.\n[\s\S]*stopped/);
  // nothing logged at error level while running or stopping (the WebSocket server once closed twice)
  expect(out).not.toMatch(/"level":"error"|while stopping:/);
}

it('starts from nothing with the demo data and a working coordinator login, and stops cleanly on SIGTERM', async () => {
  const { proc, url } = await start();
  const banner = proc.output();
  expect(banner).toContain('地域福祉NEO (chifuku-neo) is running');
  expect(banner).toContain('Queue       : BullMQ on its PostgreSQL backend');
  expect(banner).toMatch(/Demo data   : loaded/);
  const password = /Coordinator : coordinator@chifuku\.example \/ (\S+)/.exec(banner)?.[1];
  expect(password).toBeTruthy();

  expect((await fetch(`${url}/health`)).status).toBe(200);
  const login = await gql(url, `mutation { login(email: "coordinator@chifuku.example", password: "${password}") { token } }`);
  expect(login.errors).toBeUndefined();
  const token = login.data.login.token as string;

  // every platform has something to show, and a coordinator sees every organisation and offer
  const feed = await gql(url, '{ activityFeed(first: 100) { edges { node { platform } } } }');
  expect(new Set(feed.data.activityFeed.edges.map((e: { node: { platform: string } }) => e.node.platform))).toEqual(
    new Set(['FUTURE_CONFERENCE', 'COMMITTEE', 'PREPAREDNESS', 'TV']),
  );
  const seen = await gql(url, '{ organizations(first: 1) { totalCount } offers(first: 1) { totalCount } }', token);
  expect(seen.errors).toBeUndefined();
  expect(seen.data.organizations.totalCount).toBeGreaterThan(0);
  expect(seen.data.offers.totalCount).toBeGreaterThan(0);

  await stopCleanly(proc);
}, 240_000);

it('starts again on the same data without seeding it again, with the same login', async () => {
  const { proc, url } = await start();
  const banner = proc.output();
  expect(banner).toMatch(/Demo data   : already there/);
  expect(banner).not.toContain('School key');
  const password = /Coordinator : coordinator@chifuku\.example \/ (\S+)/.exec(banner)?.[1];
  const login = await gql(url, `mutation { login(email: "coordinator@chifuku.example", password: "${password}") { token } }`);
  expect(login.errors).toBeUndefined();
  await stopCleanly(proc);
}, 240_000);
