#!/usr/bin/env node
// `npm test`: makes sure PostgreSQL and Redis answer on 127.0.0.1 (starting what is missing), then runs
// jest's two projects (unit and e2e). `npm run test:unit` (`--unit`): the unit project alone, which
// needs no service, so nothing is looked for or started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';

const reach = (port) =>
  new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.setTimeout(1500);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(port, what) {
  for (let i = 0; i < 40; i++) {
    if (await reach(port)) return;
    await sleep(250);
  }
  throw new Error(`${what} did not start on 127.0.0.1:${port}`);
}
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status === 0;

const unitOnly = process.argv[2] === '--unit';
// --selectProjects takes every word after it: it goes last
const jestArgs = unitOnly ? [...process.argv.slice(3), '--selectProjects', 'unit'] : process.argv.slice(2);
if (!unitOnly) await services();

/** PostgreSQL and Redis on 127.0.0.1, started when missing; chromium for the browser tests. */
async function services() {
  if (!process.env.TEST_DATABASE_URL && !(await reach(5432))) {
    const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
    if (!versions.length) {
      console.error('PostgreSQL is not running on 127.0.0.1:5432 and not installed. Install it (Debian: apt-get install postgresql) or set TEST_DATABASE_URL.');
      process.exit(1);
    }
    console.log(`starting PostgreSQL ${versions[0]} ...`);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0], 'main', 'start']);
    await waitFor(5432, 'PostgreSQL');
  }
  if (!process.env.TEST_REDIS_URL && !(await reach(6379))) {
    console.log('starting Redis (no persistence) ...');
    if (!run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'])) {
      console.error('Redis is not running on 127.0.0.1:6379 and redis-server could not start. Install it (Debian: apt-get install redis-server) or set TEST_REDIS_URL.');
      process.exit(1);
    }
    await waitFor(6379, 'Redis');
  }

  // the pages (the IDE, the committee's SVG map) are tested in Debian's chromium: skipped without it
  // on a workstation, with a warning; in CI (.ci/run installs it) its absence is a failure
  if (!existsSync('/usr/bin/chromium')) {
    if (process.env.CI) {
      console.error('/usr/bin/chromium is missing: the browser tests cannot run (apt-get install chromium).');
      process.exit(1);
    }
    console.warn('warning: /usr/bin/chromium is missing, the browser tests will be skipped (apt-get install chromium).');
  }
}

const jest = spawn(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', ...jestArgs], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
jest.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
