/** What `npm run bench:api` measures: the API processes it compares and the load scenarios, each with its check. */
import type { Scenario } from './load.js';
import { OFFERS_QUERY, PROPOSALS_QUERY, ROSTER_QUERY, TRIVIAL_QUERY } from './queries.js';
import type { Seeded } from './seed.js';
import { authHeaders } from './server.js';

export interface Config {
  key: string;
  label: string;
  env: Record<string, string>;
  /** another build's dist/src/main.js (--baseline): the same defaults, from another checkout */
  script?: string;
}

const OFF = { QUERY_MAX_DEPTH: '0', QUERY_MAX_ALIASES: '0', QUERY_MAX_DIRECTIVES: '0', QUERY_MAX_TOKENS: '0', QUERY_MAX_COST: '0' };
const NO_RATE = { RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' };

export function configs(withRate: boolean, withControl: boolean, baselineScript?: string, withGraphqlJs = false): Config[] {
  return [
    { key: 'limits', label: 'limits', env: { ...NO_RATE } },
    { key: 'none', label: 'no limits', env: { ...NO_RATE, ...OFF } },
    ...(withRate ? [{ key: 'rate', label: 'limits+rate', env: { RATE_LIMIT_USER_PER_MINUTE: '1000000000', RATE_LIMIT_IP_PER_MINUTE: '1000000000' } }] : []),
    // the control: a second process exactly like "limits"; their ratio is the noise floor of process against process
    ...(withControl ? [{ key: 'again', label: 'limits again', env: { ...NO_RATE } }] : []),
    // an A/B in the same run: another checkout's build with the defaults, measured in the same rounds
    ...(baselineScript ? [{ key: 'baseline', label: 'baseline', env: { ...NO_RATE }, script: baselineScript }] : []),
    // the same build with every query on graphql-js (no compiled plans, src/common/graphql/compiled-executor.ts)
    ...(withGraphqlJs ? [{ key: 'graphqljs', label: 'graphql-js only', env: { ...NO_RATE, GRAPHQL_COMPILE_AFTER: '0' } }] : []),
  ];
}

/** The floor server's place among the processes (floor-server.ts): not an API process, no environment of its own. */
export const FLOOR: Config = { key: 'floor', label: 'floor (SQL+JSON)', env: {} };

export function scenarios(s: Seeded, rosterSize: number, only?: string[]): Scenario[] {
  const rosterSizes = new Set(s.chunks.map((c) => c.length));
  const known = new Set(s.studentIds.values());
  const expectOffers = Math.min(20, s.counts.openOffers);
  const expectProposals = Math.min(50, s.counts.proposals);
  const all: Scenario[] = [
    {
      key: 'trivial',
      label: '{ __typename } (ceiling)',
      bodies: [JSON.stringify({ query: TRIVIAL_QUERY })],
      headers: [authHeaders()],
      check: (d) => (d?.__typename === 'Query' ? undefined : `__typename is ${JSON.stringify(d?.__typename)}`),
    },
    {
      key: 'offers',
      label: 'student: offers(first: 20)',
      bodies: [JSON.stringify({ query: OFFERS_QUERY })],
      headers: s.studentTokens.map((token) => authHeaders({ token })),
      check: (d) => {
        const edges = d?.offers?.edges;
        if (!Array.isArray(edges) || edges.length !== expectOffers) return `offers: ${edges?.length} edges, expected ${expectOffers}`;
        const bad = edges.find((e: any) => !e.node?.title || !e.node.organization?.name || !Number.isInteger(e.node.remainingCapacity) || !e.node.themes?.length);
        return bad ? `offers: incomplete node ${JSON.stringify(bad).slice(0, 200)}` : undefined;
      },
    },
    {
      key: 'proposals',
      label: 'coordinator: proposals(first: 50)',
      bodies: [JSON.stringify({ query: PROPOSALS_QUERY })],
      headers: [authHeaders({ token: s.coordinatorToken })],
      check: (d) => {
        const edges = d?.proposals?.edges;
        if (!Array.isArray(edges) || edges.length !== expectProposals) return `proposals: ${edges?.length} edges, expected ${expectProposals}`;
        const bad = edges.find(
          (e: any) =>
            !e.node?.plan?.title || !e.node.offer?.title || typeof e.node.score !== 'number' || !e.node.participants?.length ||
            e.node.participants.some((p: any) => !p.student?.displayName || !p.student.stage || !p.reasons?.length || typeof p.score !== 'number'),
        );
        return bad ? `proposals: incomplete node ${JSON.stringify(bad).slice(0, 200)}` : undefined;
      },
    },
    {
      key: 'roster',
      label: `school portal: enrollStudents(${rosterSize})`,
      bodies: s.chunks.map((input) => JSON.stringify({ query: ROSTER_QUERY, variables: { input } })),
      headers: [authHeaders({ apiKey: s.schoolApiKey })],
      check: (d) => {
        const list = d?.enrollStudents;
        if (!Array.isArray(list) || !rosterSizes.has(list.length)) return `enrollStudents returned ${list?.length} students`;
        const stranger = list.find((x: any) => !known.has(x.id) || typeof x.matchable !== 'boolean' || !x.profile?.themes?.length);
        return stranger ? `enrollStudents: a student not of the seeded roster or incomplete: ${JSON.stringify(stranger).slice(0, 200)}` : undefined;
      },
    },
  ];
  return only ? all.filter((x) => only.includes(x.key)) : all;
}
