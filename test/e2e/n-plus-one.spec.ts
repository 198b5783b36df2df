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
/** every statement sent to PostgreSQL since the last reset, by text */
let texts: string[] = [];
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
    if (!text.includes('job_outbox')) texts.push(text);
    return (original as any).apply(this, args);
  };
});
afterAll(async () => {
  pg.Client.prototype.query = original;
  await t?.close();
});

/** The audit of coordinators' reads of minors is written once per request, as the response goes out. */
const settle = () => new Promise((r) => setTimeout(r, 150));

/**
 * The statements one request sends, by text. `sends`: statements the request cannot do without
 * (its page, the loaders' batches), which the count must have seen: a count that saw nothing would
 * find a small and a large page alike.
 */
async function measure(query: string, first: number, sends: RegExp[]): Promise<string[]> {
  // once unmeasured: per-process caches (the theme vocabulary, prepared metadata) fill on first use
  await t.gql(query, { first }, { token: coordinator.token });
  await settle();
  texts = [];
  const res = await t.gql(query, { first }, { token: coordinator.token });
  expect(res.errors).toBeUndefined();
  await settle();
  const seen = [...texts];
  for (const statement of sends) expect(seen.filter((text) => statement.test(text)).length).toBeGreaterThanOrEqual(1);
  return seen;
}

/**
 * The same statements for a small and a large page, give or take a batch: a loader reached by two
 * paths (a proposal's participants and its joint action's participants both load students) sends
 * one batch or two depending on which of the queries before it answers first. That is timing, not
 * page size: an N+1 would add one statement per item, here 90.
 */
function expectSameStatements(small: string[], large: string[], splitBatches: number): void {
  expect(new Set(large)).toEqual(new Set(small));
  expect(Math.abs(large.length - small.length)).toBeLessThanOrEqual(splitBatches);
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
  // the page (with its participants and offers, read in the page's statement), and the loaders'
  // batches (one statement for all the page's items: `= ANY($1)`)
  const sends = [/FROM\s+proposal\s+p\b/, /FROM\s+proposal_participant\s+pp\b[^;]*WHERE\s+pp\.proposal_id\s+=\s+r\.id[^;]*FROM\s+offer\s+o\s+WHERE\s+o\.id\s+=\s+r\.\"offerId\"[^;]*FROM\s+proposal\s+p\b/, /FROM\s+school\s+WHERE\s+id\s+=\s+ANY/, /JOIN\s+joint_action\s+ja\s+ON\s+ja\.id\s+=\s+p\.joint_action_id\s+WHERE\s+p\.id\s+=\s+ANY/, /FROM\s+joint_action_participant\s+WHERE\s+joint_action_id\s+=\s+ANY/];
  const small = await measure(PROPOSALS, 10, sends);
  const large = await measure(PROPOSALS, 100, sends);
  expectSameStatements(small, large, 1);
  expect(large.length).toBeLessThan(25);
});

it('a 100-event page with hosts, their offers and the viewer\'s status costs what a 10-event page does', async () => {
  const sends = [/FROM\s+event\s+e\b/, /FROM\s+event_participant\s+WHERE\s+event_id\s+=\s+ANY/, /FROM\s+event_participant\s+WHERE\s+user_id\s+=\s+\$1\s+AND\s+event_id\s+=\s+ANY/, /FROM\s+offer\s+o\s+JOIN\s+organization/];
  const small = await measure(EVENTS, 10, sends);
  const large = await measure(EVENTS, 100, sends);
  expectSameStatements(small, large, 0);
  expect(large.length).toBeLessThan(20);
});

it('the counter sees every statement (a control: one statement per extra query)', async () => {
  texts = [];
  await t.db.query('SELECT 1');
  await t.db.query('SELECT 2');
  expect(texts).toEqual(['SELECT 1', 'SELECT 2']);
});
