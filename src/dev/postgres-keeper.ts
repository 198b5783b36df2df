import { spawn } from 'node:child_process';

/**
 * `npm start`'s embedded PostgreSQL runs under this small process, which embedded-postgres.ts
 * starts in a process group of its own: Ctrl-C in the terminal (SIGINT to the foreground group)
 * then reaches `npm start` alone, which closes the API and the worker first and the database
 * last. The keeper stops PostgreSQL (SIGINT: fast shutdown) when its stdin ends, which happens
 * both when `npm start` asks and when it dies in any way, even by SIGKILL: the database is never
 * left running without it. It exits with PostgreSQL's exit code. Its argument is JSON:
 * `{ bin, args, uid?, gid? }` (uid and gid: the `postgres` user when running as root).
 */
interface KeeperArgs {
  bin: string;
  args: string[];
  uid?: number;
  gid?: number;
}

const { bin, args, uid, gid } = JSON.parse(process.argv[2] ?? '{}') as KeeperArgs;
// LC_MESSAGES=C: the start-up message that says the server is ready is read in English
const postgres = spawn(bin, args, { uid, gid, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'inherit', 'inherit'] });

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  postgres.kill('SIGINT');
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
// a signal sent to the keeper itself stops the database the same way
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);

postgres.on('error', (err) => {
  process.stderr.write(`postgres-keeper: ${err.message}\n`);
  process.exit(1);
});
postgres.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
