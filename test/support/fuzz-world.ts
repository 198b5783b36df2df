/**
 * The world the fuzzer's calls are made in (fuzz-mutations.spec.ts, fuzz-regressions.spec.ts): a
 * running app on its own database, an account of every kind, a school portal, and existing ids of
 * everything a mutation may name (`pools`), so that generated calls get past NOT_FOUND to what lies
 * behind it; and a fingerprint of every table, to show that a refused call changed nothing.
 */
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLSchema } from 'graphql';
import { Platform } from '../../src/graph/graph.enums.js';
import { Role } from '../../src/identity/role.enum.js';
import { startTestApp, type TestApp } from './app.js';
import { createCoordinator, createEvent, createOffers, createOrgMember, createUser, type TestUser } from './factories.js';
import { createSchool, insertOffer, insertProposal, insertStudents } from './matching-fixtures.js';
import { enroll, ISSUE_SESSION, profile, registerSchool, type TestSchool } from './students.js';

export const CONTRACT_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY_REQUESTS'];
export const REFS = ['FZ-001', 'FZ-002', 'FZ-003', 'FZ-004'];

/**
 * Columns a table rewrites by itself after an earlier, successful call: the outbox relay's
 * bookkeeping (when it handed a job to BullMQ, when it looks next). The rows themselves count.
 */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  job_outbox: ['relayed_at', 'relay_count', 'next_check_at', 'attempts', 'last_error', 'done_at', 'failed'],
};

const pools = {
  offer: [] as string[], toApprove: [] as string[], toReject: [] as string[], organization: [] as string[], event: [] as string[], notification: [] as string[],
  school: [] as string[], student: [] as string[],
  // the sibling platforms: so that their mutations get past NOT_FOUND to what lies behind it
  meeting: [] as string[], perspective: [] as string[], program: [] as string[], episode: [] as string[], comment: [] as string[], scenario: [] as string[],
  need: [] as string[], pledge: [] as string[], pairing: [] as string[], jointAction: [] as string[], disaster: [] as string[], removable: [] as string[], endable: [] as string[], interestable: [] as string[],
};

export interface FuzzWorld {
  t: TestApp;
  schema: GraphQLSchema;
  coordinator: TestUser;
  member: TestUser;
  resident: TestUser;
  studentToken: string;
  school: TestSchool;
  /** a second school whose key rotateSchoolKey may replace (the current key is kept here) */
  rotating: TestSchool;
  themeKeys: string[];
  /** existing ids by what they are, for the arguments that name one */
  pools: typeof pools;
  snapshotSql: string;
}

/** The one world of a test file, filled by startFuzzWorld() in its beforeAll (until then only its empty pools). */
export const fz = { pools } as Pick<FuzzWorld, 'pools'> as FuzzWorld;

export async function startFuzzWorld(): Promise<void> {
  fz.t = await startTestApp({ env: { LOGIN_MAX_FAILURES: '0' } });
  fz.schema = fz.t.app.get(GraphQLSchemaHost).schema;
  fz.themeKeys = (await fz.t.db.query('SELECT key FROM theme ORDER BY position')).map((r: { key: string }) => r.key);
  fz.coordinator = await createCoordinator(fz.t);
  fz.resident = await createUser(fz.t, { roles: [Role.RESIDENT], email: 'fuzz-resident@example.jp' });
  const org = await createOrgMember(fz.t);
  fz.member = org.user;
  const unverified = await createOrgMember(fz.t, { verified: false });
  fz.pools.organization.push(org.org.id, unverified.org.id);
  fz.school = await registerSchool(fz.t, '久留米市立ファズ中学校');
  fz.rotating = await registerSchool(fz.t, '久留米市立鍵ファズ中学校');
  fz.pools.school.push(fz.rotating.id);
  for (const ref of REFS) fz.pools.student.push((await enroll(fz.t, fz.school, ref, { profile: profile() })).id);
  // the student whose session is used is never in the withdrawal pool
  await enroll(fz.t, fz.school, 'FZ-SESSION', { profile: profile() });
  fz.studentToken = (await fz.t.gql(ISSUE_SESSION, { ref: 'FZ-SESSION' }, { apiKey: fz.school.apiKey })).data.issueStudentSession.token;
  fz.pools.offer.push(...(await createOffers(fz.t, org.org.id, { count: 3, status: 'DRAFT' })), ...(await createOffers(fz.t, org.org.id, { count: 3, status: 'OPEN' })));
  fz.pools.offer.push(...(await createOffers(fz.t, org.org.id, { count: 1, status: 'CLOSED' })));
  // proposals of students the other mutations leave alone: two fit the offer, the third is over capacity
  const decidable = await insertStudents(fz.t, await createSchool(fz.t, '久留米市立提案中学校'), [{}, {}, {}, {}, {}, {}]);
  const open = await insertOffer(fz.t, { organizationId: org.org.id, capacity: 2 });
  for (const id of decidable.slice(0, 3)) fz.pools.toApprove.push(await insertProposal(fz.t, open, [id]));
  for (const id of decidable.slice(3)) fz.pools.toReject.push(await insertProposal(fz.t, open, [id]));
  fz.pools.event.push((await createEvent(fz.t, { capacity: 1 })).id, (await createEvent(fz.t)).id, (await createEvent(fz.t, { capacity: 2, hostOrganizationId: org.org.id })).id);
  const me = (await fz.t.gql('{ myStudent { id } }', {}, { token: fz.studentToken })).data.myStudent.id;
  for (let i = 0; i < 3; i++) {
    const [n] = await fz.t.db.query(`INSERT INTO notification (user_id, kind, dedupe_key, title) VALUES ($1, 'TEST', $2, 'お知らせ') RETURNING id`, [me, `fuzz:${i}`]);
    fz.pools.notification.push(n.id);
  }
  await siblingPlatforms(org.org.id);
  fz.snapshotSql = await buildSnapshotSql();
}

/** A committee meeting everyone joined with a perspective, an episode with a comment, a scenario, support needs, pledges and pairings. */
async function siblingPlatforms(organizationId: string): Promise<void> {
  const meeting = (await createEvent(fz.t, { platform: Platform.COMMITTEE, title: '新地福委員会 ファズ回' })).id;
  fz.pools.meeting.push(meeting);
  const studentId = (await fz.t.gql('{ myStudent { id } }', {}, { token: fz.studentToken })).data.myStudent.id;
  for (const userId of [fz.coordinator.id, fz.member.id, fz.resident.id, studentId]) {
    await fz.t.db.query(`INSERT INTO event_participant (event_id, user_id, status) VALUES ($1, $2, 'JOINED')`, [meeting, userId]);
  }
  for (const text of ['公民館を夜も開けてほしい', '通学路に見守りを']) {
    const [p] = await fz.t.db.query(`INSERT INTO perspective (event_id, author_id, text, themes) VALUES ($1, $2, $3, '{community}') RETURNING id`, [meeting, fz.resident.id, text]);
    fz.pools.perspective.push(p.id);
  }
  const [program] = await fz.t.db.query(`INSERT INTO tv_program (title, description) VALUES ('ファズTV', '') RETURNING id`);
  fz.pools.program.push(program.id);
  for (const startsAt of [new Date(Date.now() - 86400_000), new Date(Date.now() + 86400_000)]) {
    const episode = (await createEvent(fz.t, { platform: Platform.TV, title: 'ファズ回', startsAt })).id;
    await fz.t.db.query('INSERT INTO tv_episode (event_id, program_id) VALUES ($1, $2)', [episode, program.id]);
    fz.pools.episode.push(episode);
  }
  const [comment] = await fz.t.db.query(`INSERT INTO tv_comment (event_id, author_id, text) VALUES ($1, $2, 'いい回でした') RETURNING id`, [fz.pools.episode[0], fz.resident.id]);
  fz.pools.comment.push(comment.id);
  const [scenario] = await fz.t.db.query(`INSERT INTO scenario (topic, title, prompt) VALUES ('DISASTER', 'もし大雨なら？', '何をしますか') RETURNING id`);
  fz.pools.scenario.push(scenario.id);
  const [run] = await fz.t.db.query(`INSERT INTO matching_run (kind, status, finished_at) VALUES ('SUPPORT', 'COMPLETED', now()) RETURNING id`);
  for (let i = 0; i < 4; i++) {
    const [need] = await fz.t.db.query(
      `INSERT INTO support_need (label, kinds, area, slots, consent) VALUES ($1, '{CHECK_IN_CALL}', '中央', '{WEEKEND_AFTERNOON}', true) RETURNING id`,
      [`要支援ファズ${i}`],
    );
    const [pledge] = await fz.t.db.query(`INSERT INTO support_pledge (helper_id, kinds, area, slots) VALUES ($1, '{CHECK_IN_CALL}', '中央', '{WEEKEND_AFTERNOON}') RETURNING id`, [fz.resident.id]);
    const [pairing] = await fz.t.db.query(
      `INSERT INTO support_pairing (run_id, pledge_id, need_id, kinds, score, status) VALUES ($1, $2, $3, '{CHECK_IN_CALL}', 0.8, $4) RETURNING id`,
      [run.id, pledge.id, need.id, i < 2 ? 'PROPOSED' : 'APPROVED'],
    );
    fz.pools.need.push(need.id);
    fz.pools.pledge.push(pledge.id);
    fz.pools.pairing.push(pairing.id);
  }
  // needs of their own for removeSupportNeed, which erases them: the other operations keep theirs
  for (let i = 0; i < 4; i++) {
    const [need] = await fz.t.db.query(
      `INSERT INTO support_need (label, kinds, area, slots, consent) VALUES ($1, '{SHOPPING}', '中央', '{WEEKEND_AFTERNOON}', true) RETURNING id`,
      [`要支援ファズ消${i}`],
    );
    fz.pools.removable.push(need.id);
  }
  for (let i = 0; i < 6; i++) {
    const [d] = await fz.t.db.query(
      `INSERT INTO disaster (topic, title, areas, area_keys, ends_at) VALUES ('DISASTER', 'ファズ災害', '{中央}', '{中央}', now() + interval '2 days') RETURNING id`,
    );
    // the first three for endDisaster, which ends them: reportSafety needs the others active
    (i < 3 ? fz.pools.endable : fz.pools.disaster).push(d.id);
  }
  // a joint action awaiting replies: the session's student and two of the portal's are invited
  const replying: string[] = [];
  for (const ref of ['FZ-REPLY-1', 'FZ-REPLY-2']) replying.push((await enroll(fz.t, fz.school, ref, { profile: profile() })).id);
  const sessionStudent = (await fz.t.gql('{ myStudent { id } }', {}, { token: fz.studentToken })).data.myStudent.id;
  const replyOffer = await insertOffer(fz.t, { organizationId, capacity: 10 });
  // open offers of their own for setOfferInterest (closeOffer closes the shared ones)
  fz.pools.interestable.push(replyOffer, await insertOffer(fz.t, { organizationId, capacity: 3 }));
  const replyProposal = await insertProposal(fz.t, replyOffer, [...replying, sessionStudent]);
  const approved = await fz.t.gql('mutation($id: ID!) { approveProposal(id: $id) { jointAction { id } } }', { id: replyProposal }, { token: fz.coordinator.token });
  fz.pools.jointAction.push(approved.data.approveProposal.jointAction.id);
}

// ------------------------------------------------------------------ the database's fingerprint

async function buildSnapshotSql(): Promise<string> {
  const tables: { name: string }[] = await fz.t.db.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  return tables
    .map(({ name }) => {
      const drop = VOLATILE_COLUMNS[name]?.length ? ` - ARRAY[${VOLATILE_COLUMNS[name].map((c) => `'${c}'`).join(', ')}]` : '';
      return `SELECT '${name}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x, '|' ORDER BY x), '')) AS h FROM (SELECT (to_jsonb(r)${drop})::text AS x FROM public."${name}" r) s`;
    })
    .join(' UNION ALL ');
}

export async function snapshot(): Promise<Record<string, string>> {
  const rows: { t: string; n: number; h: string }[] = await fz.t.db.query(fz.snapshotSql);
  return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
}

// ------------------------------------------------------------------ operations and their callers

export type Caller = () => { token?: string; apiKey?: string };
export const asCoordinator: Caller = () => ({ token: fz.coordinator.token });
export const asMember: Caller = () => ({ token: fz.member.token });
export const asStudent: Caller = () => ({ token: fz.studentToken });
export const asResident: Caller = () => ({ token: fz.resident.token });
export const asSchool: Caller = () => ({ apiKey: fz.school.apiKey });
export const anonymous: Caller = () => ({});
let turn = 0;
/** several callers taking turns: the operation is meant for more than one kind of caller */
export const alternate = (...callers: Caller[]): Caller => () => callers[turn++ % callers.length]();
