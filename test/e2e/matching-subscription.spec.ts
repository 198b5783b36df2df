import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createOrganization, createUser } from '../support/factories.js';
import { createSchool, insertOffer, insertStudents } from '../support/matching-fixtures.js';

/** matchingRunUpdated over graphql-ws on /graphql: the token in the connection parameters. */
let t: TestApp;
let worker: INestApplicationContext;
let url: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
  worker = await startWorker({ ...t.config, runMigrations: false });
  const org = await createOrganization(t, { verified: true });
  await insertOffer(t, { organizationId: org.id, capacity: 3 });
  await insertStudents(t, await createSchool(t), [{ concerns: '避難所が心配' }, { concerns: '防災マップを作りたい' }]);
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await worker?.close();
  await t?.close();
});

type Stream = Promise<{ updates: any[]; errors: any[] }> & { first: Promise<void> };

/** The subscription's messages until it ends; `first` settles with its first message (the subscription is live). */
function subscribe(token: string, runId: string): Stream {
  let live!: () => void;
  const first = new Promise<void>((r) => (live = r));
  const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  clients.push(client);
  const updates: any[] = [];
  const errors: any[] = [];
  const done = new Promise<{ updates: any[]; errors: any[] }>((resolve) => {
    client.subscribe(
      { query: 'subscription($id: ID!) { matchingRunUpdated(id: $id) { id status progress proposalsCreated } }', variables: { id: runId } },
      {
        next: (msg) => (msg.errors ? errors.push(...msg.errors) : updates.push(msg.data!.matchingRunUpdated), live()),
        error: (err) => (errors.push(err), live(), resolve({ updates, errors })),
        complete: () => (live(), resolve({ updates, errors })),
      },
    );
  });
  return Object.assign(done, { first });
}

it('streams a run from its state at subscription to COMPLETED, then ends', async () => {
  const coordinator = await createCoordinator(t);
  // queue the run while the worker is paused, so that the subscriber sees it change
  await worker.close();
  const run = (await t.gql('mutation { requestMatchingRun { id } }', {}, { token: coordinator.token })).data.requestMatchingRun;
  const stream = subscribe(coordinator.token, run.id);
  // the worker starts only once the subscriber has the run's state at subscription (QUEUED)
  await stream.first;
  worker = await startWorker({ ...t.config, runMigrations: false });
  const { updates, errors } = await stream;
  expect(errors).toEqual([]);
  expect(updates[0]).toMatchObject({ id: run.id, status: 'QUEUED' });
  expect(updates.at(-1)).toMatchObject({ id: run.id, status: 'COMPLETED', progress: 1, proposalsCreated: 1 });
  expect(updates.map((u) => u.status)).toContain('RUNNING');
});

it('is for coordinators only', async () => {
  const resident = await createUser(t);
  const { updates, errors } = await subscribe(resident.token, '00000000-0000-4000-8000-000000000000');
  expect(updates).toEqual([]);
  expect(errors[0]?.extensions?.code).toBe('FORBIDDEN');
});
