/** The real API as a child process for `npm run bench:api`, and a small GraphQL client for seeding. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { RUNTIME_NODE_OPTIONS } from '../support/machine.js';

/** What docker/Dockerfile's runtime stage sets (test/unit/bench-runtime.spec.ts keeps the two the same): the processes are measured as they are deployed. */
export { RUNTIME_NODE_OPTIONS };

export const HOST = '127.0.0.1';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

export interface ApiProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** the last `chars` of what it logged (its stdout and stderr go to `logFile`, read by nobody while it runs) */
  tail(chars?: number): string;
  stop(): Promise<void>;
}

/**
 * Spawns `node [BENCH_NODE_ARGS] <script>` with exactly `env` (plus PATH, and NODE_OPTIONS as the image sets it). Its output goes straight to a file, so
 * that the load generator, which shares the machine, does not spend CPU reading the per-request
 * log lines; `tail()` shows them when something fails.
 */
export function spawnLogged(name: string, script: string, env: Record<string, string>, cwd: string, logFile: string): { child: ChildProcess; tail: (chars?: number) => string; exited: Promise<number | null> } {
  const fd = openSync(logFile, 'a');
  // BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the API processes under load
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script], { cwd, env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: RUNTIME_NODE_OPTIONS, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const tail = (chars = 3000): string => {
    try {
      return readFileSync(logFile, 'utf8').slice(-chars);
    } catch {
      return '';
    }
  };
  child.once('error', (err) => console.error(`[bench] ${name}: ${err.message}`));
  return { child, tail, exited };
}

/** Starts the API (dist/src/main.js) on a free port of 127.0.0.1 and waits until GET /health answers 200. */
export async function startApi(name: string, script: string, env: Record<string, string>, cwd: string, logFile: string, timeoutMs = 90_000): Promise<ApiProcess> {
  const port = await freePort();
  const { child, tail, exited } = spawnLogged(name, script, { ...env, PORT: String(port) }, cwd, logFile);
  const url = `http://${HOST}:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${tail()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not healthy within ${timeoutMs} ms:\n${tail()}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    url,
    child,
    tail,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface Credentials {
  token?: string;
  apiKey?: string;
}

export interface GqlResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export function authHeaders(creds: Credentials = {}): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  if (creds.token) h.authorization = `Bearer ${creds.token}`;
  if (creds.apiKey) h['x-api-key'] = creds.apiKey;
  return h;
}

/** One GraphQL request; throws on a non-200 status or GraphQL errors (seeding must not half-succeed). */
export async function gql<T>(baseUrl: string, query: string, variables: Record<string, unknown> = {}, creds: Credentials = {}): Promise<T> {
  const res = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: authHeaders(creds), body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(120_000) });
  const body = (await res.json()) as GqlResponse<T>;
  if (res.status !== 200 || body.errors?.length || !body.data) {
    throw new Error(`GraphQL ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 1000)}\n  for ${query.slice(0, 200)}`);
  }
  return body.data;
}
