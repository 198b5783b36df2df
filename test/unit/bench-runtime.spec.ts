import { readFileSync } from 'node:fs';
import { RUNTIME_NODE_OPTIONS } from '../../bench/api/server.js';

it('bench:api runs its processes with the NODE_OPTIONS the image runs the API and the worker with', () => {
  const dockerfile = readFileSync(new URL('../../docker/Dockerfile', import.meta.url), 'utf8');
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
  expect(runtime).toContain(`ENV NODE_OPTIONS="${RUNTIME_NODE_OPTIONS}"`);
});
