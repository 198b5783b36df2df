// Checks once, before any test file, that the real services the tests need answer.
import net from 'node:net';

const reach = (url, fallbackPort) =>
  new Promise((resolve) => {
    const u = new URL(url);
    const socket = net.connect({ host: u.hostname, port: Number(u.port || fallbackPort) });
    socket.setTimeout(2000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

export default async function globalSetup() {
  const pg = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redis = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const missing = [];
  if (!(await reach(pg, 5432))) missing.push(`PostgreSQL at ${new URL(pg).host}`);
  if (!(await reach(redis, 6379))) missing.push(`Redis at ${new URL(redis).host}`);
  if (missing.length) throw new Error(`Tests need real services: ${missing.join(' and ')} did not answer. Run \`npm test\`, which starts them.`);
}
