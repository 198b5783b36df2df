import type { TestApp } from './app.js';
import { waitUntil } from './process.js';

/**
 * The journeys of the future conference through the API alone, as its clients make them: an
 * organisation signs up and is verified, publishes offers; a school portal enrols a roster; a
 * coordinator runs the matching on the worker and decides. Each helper throws on an error answer.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ok = (res: { errors?: unknown; data?: any }, what: string): any => {
  if (res.errors) throw new Error(`${what}: ${JSON.stringify(res.errors)}`);
  return res.data;
};

export interface Org {
  id: string;
  token: string;
  name: string;
}

let seq = 0;

/** signUpOrganization, then a coordinator's verifyOrganization (unless `verified: false`). */
export async function signUpOrganization(t: TestApp, coordinatorToken: string, opts: { name: string; description?: string; verified?: boolean }): Promise<Org> {
  const data = ok(
    await t.gql(
      `mutation($input: SignUpOrganizationInput!) { signUpOrganization(input: $input) { token } }`,
      {
        input: {
          organizationName: opts.name,
          kind: 'NPO',
          area: '中央',
          description: opts.description ?? '久留米市内で子どもと地域をつなぐ活動をしています。',
          contactName: '事務局 担当',
          email: `org-${Date.now().toString(36)}-${++seq}@example.jp`,
          password: 'org-password-123',
        },
      },
    ),
    'signUpOrganization',
  );
  const token = data.signUpOrganization.token;
  const org = ok(await t.gql(`{ myOrganization { id name } }`, {}, { token }), 'myOrganization').myOrganization;
  if (opts.verified !== false) ok(await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: org.id }, { token: coordinatorToken }), 'verifyOrganization');
  return { id: org.id, token, name: org.name };
}

export interface OfferInput {
  title: string;
  description: string;
  themes: string[];
  capacity: number;
  minParticipants?: number;
  stages?: string[];
  area?: string | null;
  mode?: 'ONSITE' | 'ONLINE' | 'HYBRID';
  slots?: string[];
}

/** createOffer then publishOffer; returns the offer's id. */
export async function publishOffer(t: TestApp, org: Org, input: OfferInput): Promise<string> {
  const created = ok(
    await t.gql(`mutation($input: CreateOfferInput!) { createOffer(input: $input) { id } }`, {
      input: { stages: ['JUNIOR_HIGH', 'HIGH_SCHOOL', 'UNIVERSITY'], area: '中央', mode: 'HYBRID', slots: [], ...input },
    }, { token: org.token }),
    'createOffer',
  ).createOffer.id as string;
  ok(await t.gql(`mutation($id: ID!) { publishOffer(id: $id) { id } }`, { id: created }, { token: org.token }), 'publishOffer');
  return created;
}

/** A roster through the school portal (one enrollStudents); returns the students' ids in order. */
export async function enrollRoster(t: TestApp, apiKey: string, students: Record<string, unknown>[]): Promise<string[]> {
  const data = ok(await t.gql(`mutation($input: [EnrollStudentInput!]!) { enrollStudents(input: $input) { id } }`, { input: students }, { apiKey }), 'enrollStudents');
  return data.enrollStudents.map((s: { id: string }) => s.id);
}

/** requestMatchingRun, then waits until the worker has finished it; returns the run. */
export async function runMatching(t: TestApp, coordinatorToken: string, timeoutMs = 30_000): Promise<{ id: string; status: string; proposalsCreated: number }> {
  const id = ok(await t.gql(`mutation { requestMatchingRun { id } }`, {}, { token: coordinatorToken }), 'requestMatchingRun').requestMatchingRun.id;
  return waitForRun(t, coordinatorToken, id, timeoutMs);
}

export async function waitForRun(t: TestApp, coordinatorToken: string, id: string, timeoutMs = 30_000) {
  let run: any;
  const done = await waitUntil(async () => {
    run = ok(await t.gql(`query($id: ID!) { matchingRun(id: $id) { id status proposalsCreated error } }`, { id }, { token: coordinatorToken }), 'matchingRun').matchingRun;
    return run.status === 'COMPLETED' || run.status === 'FAILED';
  }, timeoutMs, 100);
  if (!done) throw new Error(`matching run ${id} did not finish in ${timeoutMs} ms (${run?.status})`);
  if (run.status !== 'COMPLETED') throw new Error(`matching run ${id} failed: ${run.error}`);
  return run as { id: string; status: string; proposalsCreated: number };
}

/** Every proposal of a status, all pages. */
export async function allProposals(t: TestApp, coordinatorToken: string, status = 'PROPOSED'): Promise<{ id: string; participants: { student: { id: string } }[] }[]> {
  const out: any[] = [];
  let after: string | null = null;
  do {
    const page: any = ok(
      await t.gql(
        `query($status: ProposalStatus, $after: String) { proposals(status: $status, first: 100, after: $after) {
          pageInfo { hasNextPage endCursor } edges { node { id participants { student { id } } } } } }`,
        { status, after },
        { token: coordinatorToken },
      ),
      'proposals',
    ).proposals;
    out.push(...page.edges.map((e: any) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return out;
}
