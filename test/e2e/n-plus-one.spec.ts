import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createOrganization, type TestUser } from '../support/factories.js';
import { createSchool, insertOffer, insertProposal, insertStudents } from '../support/matching-fixtures.js';

/**
 * Lists resolve their relations through per-request DataLoaders: the number of SQL statements
 * of a page does not grow with the page. Statements are counted where they leave for PostgreSQL.
 */
let t: TestApp;
let coordinator: TestUser;
let statements = 0;
const original = pg.Client.prototype.query;

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await createCoordinator(t);
  const school = await createSchool(t);
  // 100 proposals over 100 offers of 25 organisations, 2 students each; every 4th approved
  const orgs = await Promise.all(Array.from({ length: 25 }, (_, i) => createOrganization(t, { name: `団体${i}`, verified: true })));
  const students = await insertStudents(t, school, Array.from({ length: 200 }, () => ({})));
  for (let i = 0; i < 100; i++) {
    const offer = await insertOffer(t, { organizationId: orgs[i % 25].id, capacity: 5, title: `募集${i}` });
    const proposal = await insertProposal(t, offer, [students[2 * i], students[2 * i + 1]]);
    if (i % 4 === 0) await t.gql('mutation($id: ID!) { approveProposal(id: $id) { id } }', { id: proposal }, { token: coordinator.token });
  }
  for (let i = 0; i < 100; i++) await createEvent(t, { hostOrganizationId: orgs[i % 25].id, capacity: 10 });
  (pg.Client.prototype as any).query = function (...args: unknown[]) {
    // the outbox relay ticks in the background of every process: not this request's work
    const text = String((args[0] as { text?: string })?.text ?? args[0]);
    if (!text.includes('job_outbox')) statements++;
    return (original as any).apply(this, args);
  };
});
afterAll(async () => {
  pg.Client.prototype.query = original;
  await t?.close();
});

/** The audit of coordinators' reads of minors is written once per request, as the response goes out. */
const settle = () => new Promise((r) => setTimeout(r, 150));

async function count(query: string, first: number): Promise<number> {
  // once unmeasured: per-process caches (the theme vocabulary, prepared metadata) fill on first use
  await t.gql(query, { first }, { token: coordinator.token });
  await settle();
  statements = 0;
  const res = await t.gql(query, { first }, { token: coordinator.token });
  expect(res.errors).toBeUndefined();
  await settle();
  return statements;
}

const PROPOSALS = `query($first: Int) { proposals(first: $first) { totalCount edges { node {
  id score plan { title }
  offer { title remainingCapacity organization { name verified } }
  participants { score reasons student { displayName stage school { name } profile { themes } } }
  jointAction { title participants { displayName } event { title participantCount host { name } } }
} } } }`;

const EVENTS = `query($first: Int) { events(first: $first) { totalCount edges { node {
  title participantCount waitlistCount viewerIsParticipant viewerStatus host { name offers(first: 5) { totalCount edges { node { title } } } }
} } } }`;

it('a 100-proposal page with offers, organisations, participants, students, schools and joint actions costs what a 10-proposal page does', async () => {
  const small = await count(PROPOSALS, 10);
  const large = await count(PROPOSALS, 100);
  expect(large).toBe(small);
  expect(large).toBeLessThan(25);
});

it('a 100-event page with hosts, their offers and the viewer\'s status costs what a 10-event page does', async () => {
  const small = await count(EVENTS, 10);
  const large = await count(EVENTS, 100);
  expect(large).toBe(small);
  expect(large).toBeLessThan(20);
});

it('the counter sees every statement (a control: one statement per extra query)', async () => {
  statements = 0;
  await t.db.query('SELECT 1');
  await t.db.query('SELECT 2');
  expect(statements).toBe(2);
});
