import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineThreadHost, type EngineRequest } from '../../src/matching/run/engine-host.js';

/**
 * The warm engine thread's host (engine-host.ts) on a stand-in thread script that speaks the same
 * messages: one thread reused by every run, runs one after the other, a thread that dies fails
 * its run and the next run gets a new one, a failure inside the thread leaves it warm, and stop()
 * lets the run in flight finish first.
 */
const dir = mkdtempSync(join(tmpdir(), 'engine-thread-'));
const script = join(dir, 'fake-engine-thread.mjs');
writeFileSync(
  script,
  `import { parentPort, threadId } from 'node:worker_threads';
const epoch = () => performance.timeOrigin + performance.now();
parentPort.on('message', (m) => {
  const received = epoch();
  const what = m.themeLabels.what;
  if (what === 'die') process.exit(3);
  if (what === 'fail') return parentPort.postMessage({ type: 'failed', message: 'no database' });
  if (what === 'slow') { const until = Date.now() + 150; while (Date.now() < until); }
  parentPort.postMessage({ type: 'progress', fraction: 1, pairsScored: 7 });
  parentPort.postMessage({ type: 'result', result: { proposals: [], unplaced: [], stats: {} }, students: threadId, offers: 0, received, loadedMs: 0, computeMs: 0, sent: epoch() });
});
parentPort.postMessage({ type: 'ready' });
`,
);
const ask = (what: string): EngineRequest => ({ themeLabels: { what } });
const noProgress = (): void => undefined;

let host: EngineThreadHost;
beforeEach(() => {
  host = new EngineThreadHost(script);
});
afterEach(() => host.stop());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reuses one thread: the first run may wait for it to start, the next finds it warm', async () => {
  await host.start();
  const progress: number[] = [];
  const first = await host.run(ask('ok'), (_, pairs) => progress.push(pairs));
  const second = await host.run(ask('ok'), noProgress);
  expect(first.warm).toBe(true);
  expect(second.warm).toBe(true);
  expect(second.students).toBe(first.students); // the same threadId
  expect(progress).toEqual([7]);
});

it('runs one request at a time, in order', async () => {
  const [a, b] = await Promise.all([host.run(ask('slow'), noProgress), host.run(ask('ok'), noProgress)]);
  expect(a.warm).toBe(false);
  expect(b.received).toBeGreaterThanOrEqual(a.sent);
});

it('a thread that dies fails its run; the next run starts a new thread', async () => {
  const before = await host.run(ask('ok'), noProgress);
  await expect(host.run(ask('die'), noProgress)).rejects.toThrow(/exited with 3/);
  const after = await host.run(ask('ok'), noProgress);
  expect(after.warm).toBe(false);
  expect(after.students).not.toBe(before.students);
});

it('a failure inside the thread fails the run and keeps the thread warm', async () => {
  const before = await host.run(ask('ok'), noProgress);
  await expect(host.run(ask('fail'), noProgress)).rejects.toThrow('no database');
  const after = await host.run(ask('ok'), noProgress);
  expect(after.warm).toBe(true);
  expect(after.students).toBe(before.students);
});

it('stop() lets the run in flight finish, then ends the thread; a later run starts another', async () => {
  const first = host.run(ask('slow'), noProgress);
  await host.stop();
  await expect(first).resolves.toMatchObject({ type: 'result' });
  const later = await host.run(ask('ok'), noProgress);
  expect(later.warm).toBe(false);
  expect(later.students).not.toBe((await first).students);
});
