import { readFileSync } from 'node:fs';
import { RUNTIME_NODE_OPTIONS } from '../../bench/api/server.js';

it('bench:api runs its processes with the node options the image and the start scripts run the API and the worker with', () => {
  const dockerfile = readFileSync(new URL('../../docker/Dockerfile', import.meta.url), 'utf8');
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
  expect(runtime).toContain(`ENV NODE_OPTIONS="${RUNTIME_NODE_OPTIONS}"`);
  // and so do the README's `npm run start:api` and `start:worker`
  const scripts = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts;
  expect(scripts['start:api']).toBe(`node ${RUNTIME_NODE_OPTIONS} dist/src/main.js`);
  expect(scripts['start:worker']).toBe(`node ${RUNTIME_NODE_OPTIONS} dist/src/worker.js`);
});
