/**
 * The floor of `npm run bench:api` (issue 15, item 1): a plain node:http server, started like the
 * API processes (its own node process, on the same database, a pg pool of the same size: 10), that
 * answers the bench's documents (queries.ts) with the same data read, or written, by the fewest SQL
 * statements that produce it, shaped in JavaScript and serialised with JSON.stringify. What the
 * real API costs above this is the price of its layers (HTTP framework, Apollo, graphql-js, Nest,
 * TypeORM, loaders, checks), which is what the bench's "× floor" column shows.
 *
 * It knows nothing else: no authentication (credentials are ignored), no limits, no logging; a
 * body it does not know gets 400. Run by api.ts: `node dist/bench/api/floor-server.js` with
 * DATABASE_URL, PORT and BENCH_SCHOOL_ID.
 */
import http from 'node:http';
import pg from 'pg';
import { OFFERS_QUERY, PROPOSALS_QUERY, ROSTER_QUERY, TRIVIAL_QUERY } from './queries.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: 'chifuku-bench-floor' });

/** A student's first page: OPEN offers of verified organisations, newest first, with the organisation's name (one statement). */
async function offers(): Promise<unknown> {
  const { rows } = await pool.query(
    `SELECT o.title, g.name AS "orgName", o.capacity - o.approved_count AS "remainingCapacity", o.themes
     FROM offer o JOIN organization g ON g.id = o.organization_id
     WHERE o.status = 'OPEN' AND g.verified ORDER BY o.created_at DESC, o.id DESC LIMIT 20`,
  );
  return { offers: { edges: rows.map((r) => ({ node: { title: r.title, organization: { name: r.orgName }, remainingCapacity: r.remainingCapacity, themes: r.themes } })) } };
}

/** A coordinator's first page of proposals with their offers, participants and students (one statement). */
async function proposals(): Promise<unknown> {
  const { rows } = await pool.query(
    `SELECT p.score, p.plan_title AS "planTitle", o.title AS "offerTitle",
       (SELECT coalesce(json_agg(json_build_object('score', pp.score, 'reasons', pp.reasons, 'student', json_build_object('displayName', u.display_name, 'stage', s.stage))
                                 ORDER BY pp.score DESC, pp.student_id), '[]')
        FROM proposal_participant pp JOIN student s ON s.id = pp.student_id JOIN app_user u ON u.id = s.id WHERE pp.proposal_id = p.id) AS participants
     FROM proposal p JOIN offer o ON o.id = p.offer_id
     ORDER BY p.created_at DESC, p.id DESC LIMIT 50`,
  );
  return { proposals: { edges: rows.map((r) => ({ node: { score: r.score, plan: { title: r.planTitle }, offer: { title: r.offerTitle }, participants: r.participants } })) } };
}

interface RosterRow {
  externalRef: string;
  displayName: string;
  stage: string;
  guardianConsent: boolean;
  profile?: { themes: string[]; concerns: string; interests: string; area: string | null; slots: string[]; modes: string[] } | null;
}

/**
 * A school's roster: the same rows the API writes (new accounts, names, student rows with their
 * profiles, the debounced matching run's request when matching would see a change), as one
 * statement of writable CTEs; rows in the order of externalRef, as the API takes its locks.
 */
async function roster(schoolId: string, input: RosterRow[]): Promise<unknown> {
  const sorted = [...input].sort((a, b) => (a.externalRef < b.externalRef ? -1 : a.externalRef > b.externalRef ? 1 : 0));
  const col = <T>(f: (r: RosterRow) => T): T[] => sorted.map(f);
  const { rows } = await pool.query(
    `WITH i AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::student_stage[], $5::boolean[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         WITH ORDINALITY AS i(ref, name, stage, consent, themes, concerns, interests, area, slots, modes, n)),
     known AS (SELECT s.id, s.external_ref AS ref, s.stage, s.guardian_consent AS consent, s.withdrawn_at, s.themes, s.concerns, s.interests, s.area, s.slots, s.modes
               FROM student s JOIN i ON s.school_id = $1 AND s.external_ref = i.ref),
     fresh AS (SELECT gen_random_uuid() AS id, i.ref, i.name FROM i WHERE i.ref NOT IN (SELECT ref FROM known)),
     users AS (INSERT INTO app_user (id, display_name, roles) SELECT id, name, ARRAY['STUDENT']::role[] FROM fresh RETURNING id),
     renamed AS (UPDATE app_user u SET display_name = i.name FROM known k JOIN i ON i.ref = k.ref WHERE u.id = k.id AND u.display_name IS DISTINCT FROM i.name RETURNING u.id),
     st AS (
       INSERT INTO student AS s (id, school_id, external_ref, stage, guardian_consent, themes, concerns, interests, area, slots, modes)
       SELECT coalesce(k.id, f.id), $1, i.ref, i.stage, i.consent, string_to_array(i.themes, ','), i.concerns, i.interests, i.area,
              string_to_array(i.slots, ',')::time_slot[], string_to_array(i.modes, ',')::participation_mode[]
       FROM i LEFT JOIN known k ON k.ref = i.ref LEFT JOIN fresh f ON f.ref = i.ref ORDER BY i.n
       ON CONFLICT (school_id, external_ref) DO UPDATE SET stage = EXCLUDED.stage, guardian_consent = EXCLUDED.guardian_consent, themes = EXCLUDED.themes,
         concerns = EXCLUDED.concerns, interests = EXCLUDED.interests, area = EXCLUDED.area, slots = EXCLUDED.slots, modes = EXCLUDED.modes, updated_at = now()
       RETURNING s.id, s.external_ref, s.stage, s.guardian_consent, s.themes, s.concerns, s.interests, s.area, s.slots, s.modes, s.withdrawn_at),
     run AS (INSERT INTO matching_run (cause) SELECT 'PROFILE_CHANGED' WHERE EXISTS (
               SELECT 1 FROM st LEFT JOIN known k ON k.id = st.id
               WHERE st.withdrawn_at IS NULL AND cardinality(st.themes) > 0 AND (st.guardian_consent OR st.stage = 'UNIVERSITY')
                 AND (k.id IS NULL OR (k.stage, k.consent, k.withdrawn_at IS NULL, k.themes, k.concerns, k.interests, k.area, k.slots, k.modes)
                      IS DISTINCT FROM (st.stage, st.guardian_consent, true, st.themes, st.concerns, st.interests, st.area, st.slots, st.modes)))
             ON CONFLICT (kind) WHERE status = 'QUEUED' AND cause <> 'REQUESTED' DO NOTHING RETURNING id)
     SELECT st.id, st.external_ref AS ref, st.stage, st.guardian_consent AS "guardianConsent", st.themes,
            st.withdrawn_at IS NULL AND cardinality(st.themes) > 0 AND (st.guardian_consent OR st.stage = 'UNIVERSITY') AS matchable
     FROM st`,
    [
      schoolId,
      col((r) => r.externalRef),
      col((r) => r.displayName),
      col((r) => r.stage),
      col((r) => r.guardianConsent),
      col((r) => r.profile?.themes.join(',') ?? ''),
      col((r) => r.profile?.concerns ?? ''),
      col((r) => r.profile?.interests ?? ''),
      col((r) => r.profile?.area ?? null),
      col((r) => r.profile?.slots.join(',') ?? ''),
      col((r) => r.profile?.modes.join(',') ?? ''),
    ],
  );
  const byRef = new Map(rows.map((r) => [r.ref as string, r]));
  return {
    enrollStudents: input.map((x) => {
      const r = byRef.get(x.externalRef)!;
      return { id: r.id, displayName: x.displayName, stage: r.stage, guardianConsent: r.guardianConsent, matchable: r.matchable, profile: { themes: r.themes } };
    }),
  };
}

/** The bench school, given by api.ts: the floor does not authenticate (the API takes it from the x-api-key). */
const SCHOOL_ID = process.env.BENCH_SCHOOL_ID ?? '';

async function answer(body: { query?: string; variables?: { input?: RosterRow[] } }): Promise<unknown> {
  switch (body.query) {
    case TRIVIAL_QUERY:
      return { __typename: 'Query' };
    case OFFERS_QUERY:
      return offers();
    case PROPOSALS_QUERY:
      return proposals();
    case ROSTER_QUERY:
      return roster(SCHOOL_ID, body.variables?.input ?? []);
    default:
      return undefined;
  }
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      try {
        const data = await answer(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        if (data === undefined) {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"message":"unknown document"}]}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
      } catch (err) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: err instanceof Error ? err.message : String(err) }] }));
      }
    })();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`floor listening on ${process.env.PORT}`));
const stop = (): void => {
  server.close();
  void pool.end().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
