/** The machine a benchmark ran on, and the process-level measurements it needs (Linux /proc). */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memTotal: string;
  freeH: string;
  node: string;
  kernel: string;
}

export function machine(): Machine {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel;
  } catch {
    /* not Linux */
  }
  let freeH = '';
  try {
    freeH = execFileSync('free', ['-h'], { encoding: 'utf8' }).trimEnd();
  } catch {
    /* no procps */
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    memTotal: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    freeH,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
  };
}

/** 1-minute load average, and how many CPU-busy processes other than ours there are (a hint of contention). */
export function load(): { avg1: number; avg5: number } {
  const [avg1, avg5] = os.loadavg();
  return { avg1, avg5 };
}

/** VmRSS and VmHWM (peak RSS) of a process, in bytes; undefined once it is gone. */
export function procMemory(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s*(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat. */
export function procCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

export interface Child {
  child: ChildProcess;
  output: () => string;
  /** resolves when a line of its output contains `text` (rejects if it exits first or after `ms`) */
  waitFor(text: string, ms: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The node options the Docker image and `start:api`/`start:worker` run with: a bench process runs as production does. */
export const RUNTIME_NODE_OPTIONS = '--max-semi-space-size=64';

export function spawnNode(script: string, env: Record<string, string>, cwd: string): Child {
  const child = spawn(process.execPath, [script], { cwd, env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: RUNTIME_NODE_OPTIONS, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const onData = (d: Buffer): void => {
    out += d.toString('utf8');
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (out.includes(waiters[i].text)) {
        waiters[i].resolve();
        waiters.splice(i, 1);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    waitFor(text, ms) {
      if (out.includes(text)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" from ${script} within ${ms} ms:\n${out.slice(-2000)}`)), ms);
        waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${script} exited (${code}) before "${text}":\n${out.slice(-2000)}`));
        });
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
