import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_LOGINS, demoEmail } from '../../src/demo/demo-logins.js';
import { freePort, spawnNode, waitUntil, type Spawned } from '../support/process.js';

/**
 * `npm start` as a newcomer runs it (the built dist/src/dev.js, nothing configured but where its
 * data and ports go): an embedded PostgreSQL initialised from nothing, BullMQ on its PostgreSQL
 * backend, API and worker in one process, the demo data of all four platforms, a banner with a
 * coordinator login that works; SIGTERM, and Ctrl-C (SIGINT to the whole process group, as a
 * terminal sends it), stop everything silently with the database last (exit 0, nothing logged at
 * warn or error level); a second start on the same data comes up without seeding again; and a
 * start killed outright leaves no database running.
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
  const proc = spawnNode('dist/src/dev.js', { CHIFUKU_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' }, { group: true });
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

/** The one warning README documents: the API and the worker are two Nest applications in one process. */
const DOCUMENTED_WARNING = 'A data source with the default name is already registered';

/** Lines at warn level or above: pino's JSON lines, and Node's own warnings. */
function loudLines(out: string): string[] {
  return out.split('\n').filter((line) => {
    if (/^\(node:\d+\)/.test(line)) return true;
    if (!line.startsWith('{')) return false;
    const level = (JSON.parse(line) as { level?: string }).level;
    return level === 'warn' || level === 'error' || level === 'fatal';
  });
}

/** The embedded PostgreSQL's postmaster, while its pid file is there. */
const postmasterPid = (): number | null => {
  const file = join(dataDir, 'postgres', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
};
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function stopCleanly(proc: Spawned, how: 'SIGTERM' | 'Ctrl-C'): Promise<void> {
  const postmaster = postmasterPid();
  expect(postmaster).not.toBeNull();
  const bannerEnd = proc.output().length;
  const code = how === 'SIGTERM' ? await proc.stop('SIGTERM') : await proc.stopGroup('SIGINT');
  running = undefined;
  const out = proc.output();
  expect(code).toBe(0);
  expect(out).toMatch(new RegExp(`${how === 'SIGTERM' ? 'SIGTERM' : 'SIGINT'}: stopping \\.\\.\\.\\n[\\s\\S]*stopped`));
  // nothing at warn level or above but the documented start-up warning, and nothing at all while
  // stopping: the database outlives its connections (no "terminating connection due to
  // administrator command"); the WebSocket server once closed twice
  expect(loudLines(out).filter((line) => !line.includes(DOCUMENTED_WARNING))).toEqual([]);
  expect(loudLines(out.slice(bannerEnd))).toEqual([]);
  expect(out).not.toMatch(/while stopping:|terminating connection|administrator command/);
  // and the database has stopped with it
  expect(alive(postmaster!)).toBe(false);
  expect(postmasterPid()).toBeNull();
}

it('starts from nothing with the demo data and a working coordinator login, and stops silently on SIGTERM', async () => {
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

  // the banner offers a login for each platform with the demo password; the resident's もしもプラン is there
  const memberPassword = /Demo logins : password (\S+)/.exec(banner)?.[1];
  expect(memberPassword).toBeTruthy();
  for (const l of DEMO_LOGINS) expect(banner).toContain(`${demoEmail(l.key)}`);
  const resident = DEMO_LOGINS.find((l) => l.platform === 'resident')!;
  const residentLogin = await gql(url, `mutation { login(email: "${demoEmail(resident.key)}", password: "${memberPassword}") { token } }`);
  expect(residentLogin.errors).toBeUndefined();
  const plan = await gql(url, '{ myPreparednessPlan { progress } }', residentLogin.data.login.token);
  expect(plan.data.myPreparednessPlan.progress).toBeGreaterThan(0);

  await stopCleanly(proc, 'SIGTERM');
}, 240_000);

it('starts again on the same data without seeding it again, with the same login, and stops silently on Ctrl-C', async () => {
  const { proc, url } = await start();
  const banner = proc.output();
  expect(banner).toMatch(/Demo data   : already there/);
  expect(banner).not.toContain('School key');
  for (const l of DEMO_LOGINS) expect(banner).toContain(`${demoEmail(l.key)}`);
  const password = /Coordinator : coordinator@chifuku\.example \/ (\S+)/.exec(banner)?.[1];
  const login = await gql(url, `mutation { login(email: "coordinator@chifuku.example", password: "${password}") { token } }`);
  expect(login.errors).toBeUndefined();
  await stopCleanly(proc, 'Ctrl-C');
}, 240_000);

it('leaves no database running when it is killed outright (SIGKILL reaches only the node process)', async () => {
  const { proc } = await start();
  const postmaster = postmasterPid();
  expect(postmaster).not.toBeNull();
  expect(alive(postmaster!)).toBe(true);
  await proc.stop('SIGKILL');
  running = undefined;
  // the keeper sees its stdin end and stops the database
  expect(await waitUntil(() => !alive(postmaster!), 15_000)).toBe(true);
}, 240_000);
