import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Sends the signal to the child's whole process group, as a terminal's Ctrl-C does (needs `group: true`), and waits for the exit. */
  stopGroup(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs a built entry point (dist/src/…) as its own process, collecting everything it prints.
 * `group`: the child leads a process group of its own (what a shell gives a foreground job), so
 * that `stopGroup` can signal it and everything it started in that group.
 */
export function spawnNode(script: string, env: Record<string, string>, opts: { group?: boolean } = {}): Spawned {
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.group ?? false,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async stopGroup(signal) {
      if (!opts.group) throw new Error('stopGroup needs a child spawned with { group: true }');
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, signal);
      return exited;
    },
  };
}

/** Polls until `check` is true, at most `ms`; returns whether it became true. */
export async function waitUntil(check: () => Promise<boolean> | boolean, ms: number, every = 200): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await Promise.resolve().then(check).catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, every));
  }
  return false;
}
