import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createApi } from '../../src/main.js';
import { JointActionExpiryProcessor } from '../../src/matching/replies/jobs/joint-action-expiry.processor.js';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, type TestUser } from '../support/factories.js';
import { allProposals, enrollRoster, publishOffer, runMatching, signUpOrganization, type Org } from '../support/journey.js';
import { waitUntil } from '../support/process.js';
import { registerSchool, type TestSchool } from '../support/students.js';

/**
 * プラットフォーム未来会議, second part (replies.graphql), through the API and two real workers:
 * both sides answer by a deadline, empty places fill again, a minimum group size, students'
 * interests, and why a student was left out.
 */
let t: TestApp;
const workers: INestApplicationContext[] = [];
const apis: NestExpressApplication[] = [];
let coordinator: TestUser;
let school: TestSchool;
let n = 0;

const JA = `id status respondBy organizationInvitation { status } participants { id } invitations { status student { id } } offer { id remainingCapacity }
  event { participantCount }`;
const APPROVE = `mutation($id: ID!, $by: DateTime) { approveProposal(id: $id, respondBy: $by) { status jointAction { ${JA} } } }`;
const RESPOND = `mutation($id: ID!, $accept: Boolean!) { respondToJointAction(jointActionId: $id, accept: $accept) { ${JA} } }`;
const FOR_STUDENT = `mutation($ref: String!, $id: ID!, $accept: Boolean!) { respondForStudent(externalRef: $ref, jointActionId: $id, accept: $accept) { ${JA} } }`;
const JOINT_ACTION = `query($id: ID!) { proposal(id: $id) { jointAction { ${JA} } } }`;

beforeAll(async () => {
  // a relay that looks for lost jobs after 1.5 s (the deadline test empties Redis under it)
  t = await startTestApp({ env: { OUTBOX_ACK_TIMEOUT_MS: '1500' } });
  // two workers: a deadline is settled once whichever takes it
  for (let i = 0; i < 2; i++) workers.push(await startWorker({ ...t.config, runMigrations: false }));
  coordinator = await createCoordinator(t);
  school = await registerSchool(t, '久留米市立城島中学校');
}, 60_000);
// each test its own city: whatever earlier tests left (students not placed, offers with free places)
// stays out of this test's runs
beforeEach(async () => {
  await t.db.query(`UPDATE student SET withdrawn_at = now() WHERE withdrawn_at IS NULL`);
  await t.db.query(`UPDATE offer SET status = 'CLOSED' WHERE status = 'OPEN'`);
});
afterAll(async () => {
  for (const a of apis) await a.close();
  for (const w of workers) await w.close();
  await t?.close();
});

/** `count` students of a theme through the portal; returns their refs and ids. */
async function students(count: number, themes: string[], concerns = '地域の防災に関わりたい'): Promise<{ ref: string; id: string }[]> {
  const roster = Array.from({ length: count }, () => {
    const ref = `RP-${++n}`;
    return {
      externalRef: ref,
      displayName: `返答 生徒${n}`,
      stage: 'HIGH_SCHOOL',
      guardianConsent: true,
      profile: { themes, concerns, interests: `${concerns}。地図づくりが好き`, area: '中央', slots: ['WEEKEND_AFTERNOON'], modes: ['ONSITE'] },
    };
  });
  const ids = await enrollRoster(t, school.apiKey, roster);
  return roster.map((r, i) => ({ ref: r.externalRef, id: ids[i] }));
}

const sessionOf = async (ref: string) =>
  (await t.gql(`mutation($ref: String!) { issueStudentSession(externalRef: $ref) { token } }`, { ref }, { apiKey: school.apiKey })).data.issueStudentSession.token as string;

async function newOrg(): Promise<Org> {
  return signUpOrganization(t, coordinator.token, { name: `NPO法人 返答テスト${++n}` });
}

/** The run's proposal for an offer (throws when there is none). */
async function proposalFor(offerId: string): Promise<{ id: string; participants: { student: { id: string } }[] }> {
  const found = (await allProposals(t, coordinator.token)).find((p) => (p as unknown as { offer?: { id: string } }).offer?.id === offerId);
  if (found) return found;
  const [row]: { id: string }[] = await t.db.query(`SELECT id FROM proposal WHERE offer_id = $1 AND status = 'PROPOSED'`, [offerId]);
  if (!row) throw new Error(`no proposal for ${offerId}`);
  const participants: { student_id: string }[] = await t.db.query('SELECT student_id FROM proposal_participant WHERE proposal_id = $1', [row.id]);
  return { id: row.id, participants: participants.map((p) => ({ student: { id: p.student_id } })) };
}

describe('invitations', () => {
  it('an approval invites the organisation and each student; both sides accepting confirms it; the accepted are its participants and join its gathering', async () => {
    const org = await newOrg();
    const offer = await publishOffer(t, org, { title: '川の清掃と観察', description: '筑後川沿いのごみを拾い、生き物を観察します。', themes: ['environment'], capacity: 3, minParticipants: 2 });
    const kids = await students(3, ['environment'], '川のごみが気になる');
    await runMatching(t, coordinator.token);
    const proposal = await proposalFor(offer);
    const by = new Date(Date.now() + 3 * 86400_000).toISOString();
    const approved = (await t.gql(APPROVE, { id: proposal.id, by }, { token: coordinator.token })).data.approveProposal.jointAction;
    expect(approved).toMatchObject({ status: 'AWAITING_REPLIES', respondBy: by, organizationInvitation: { status: 'PENDING' }, participants: [], offer: { remainingCapacity: 0 }, event: { participantCount: 0 } });
    expect(approved.invitations.map((i: any) => i.status)).toEqual(['PENDING', 'PENDING', 'PENDING']);

    // one student in the app: not yet confirmed (the organisation has not answered)
    const first = (await t.gql(RESPOND, { id: approved.id, accept: true }, { token: await sessionOf(kids[0].ref) })).data.respondToJointAction;
    expect(first).toMatchObject({ status: 'AWAITING_REPLIES', participants: [{ id: kids[0].id }], event: { participantCount: 1 } });
    // the organisation says yes: one accepted student is below its minimum of two, so it still waits
    const waiting = (await t.gql(RESPOND, { id: approved.id, accept: true }, { token: org.token })).data.respondToJointAction;
    expect(waiting).toMatchObject({ status: 'AWAITING_REPLIES', organizationInvitation: { status: 'ACCEPTED' }, event: { participantCount: 1 } });
    // a second student through the portal makes the minimum: confirmed
    const confirmed = (await t.gql(FOR_STUDENT, { ref: kids[1].ref, id: approved.id, accept: true }, { apiKey: school.apiKey })).data.respondForStudent;
    // (a school portal is no party: it reads the gathering's public face)
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', organizationInvitation: { status: 'ACCEPTED' }, event: { participantCount: 0 } });
    const asOrg = (await t.gql(`{ myJointActions { id status event { participantCount } } }`, {}, { token: org.token })).data.myJointActions;
    expect(asOrg).toEqual([{ id: approved.id, status: 'CONFIRMED', event: { participantCount: 2 } }]);
    // the third declines: the place goes back
    const declined = (await t.gql(FOR_STUDENT, { ref: kids[2].ref, id: approved.id, accept: false }, { apiKey: school.apiKey })).data.respondForStudent;
    expect(declined.offer.remainingCapacity).toBe(1);
    expect(declined.invitations.map((i: any) => [i.student.id, i.status]).sort()).toEqual(
      [[kids[0].id, 'ACCEPTED'], [kids[1].id, 'ACCEPTED'], [kids[2].id, 'DECLINED']].sort(),
    );

    // answering again, for someone else's school, or as an outsider changes nothing
    expect((await t.gql(FOR_STUDENT, { ref: kids[0].ref, id: approved.id, accept: false }, { apiKey: school.apiKey })).code).toBe('CONFLICT');
    const other = await registerSchool(t);
    expect((await t.gql(FOR_STUDENT, { ref: kids[0].ref, id: approved.id, accept: false }, { apiKey: other.apiKey })).code).toBe('NOT_FOUND');
    const stranger = await newOrg();
    expect((await t.gql(RESPOND, { id: approved.id, accept: false }, { token: stranger.token })).code).toBe('NOT_FOUND');
    const outsider = (await students(1, ['sports']))[0];
    expect((await t.gql(RESPOND, { id: approved.id, accept: true }, { token: await sessionOf(outsider.ref) })).code).toBe('NOT_FOUND');
    expect((await t.gql(RESPOND, { id: approved.id, accept: true }, { token: coordinator.token })).code).toBe('FORBIDDEN');
    // a deadline in the past is refused
    expect((await t.gql(APPROVE, { id: proposal.id, by: new Date(Date.now() - 1000).toISOString() }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
  });

  it('the organisation declining cancels it: every place goes back and pending invitations lapse', async () => {
    const org = await newOrg();
    const offer = await publishOffer(t, org, { title: '防災倉庫の点検', description: '防災倉庫の中身を点検し、リストを作ります。', themes: ['disaster'], capacity: 2 });
    const kids = await students(2, ['disaster'], '防災倉庫に何があるか知りたい');
    await runMatching(t, coordinator.token);
    const ja = (await t.gql(APPROVE, { id: (await proposalFor(offer)).id }, { token: coordinator.token })).data.approveProposal.jointAction;
    await t.gql(RESPOND, { id: ja.id, accept: true }, { token: await sessionOf(kids[0].ref) });
    const cancelled = (await t.gql(RESPOND, { id: ja.id, accept: false }, { token: org.token })).data.respondToJointAction;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', organizationInvitation: { status: 'DECLINED' }, participants: [], offer: { remainingCapacity: 2 }, event: { participantCount: 0 } });
    expect(cancelled.invitations.map((i: any) => i.status).sort()).toEqual(['ACCEPTED', 'EXPIRED']);
    expect((await t.gql(RESPOND, { id: ja.id, accept: true }, { token: await sessionOf(kids[1].ref) })).code).toBe('CONFLICT');
    // the next run may propose them to the offer again: a cancelled group does not count against them
    await runMatching(t, coordinator.token);
    expect((await proposalFor(offer)).participants.map((p) => p.student.id).sort()).toEqual(kids.map((k) => k.id).sort());
  });

  it('races: parallel answers into one joint action, a decline racing an accept, two answers from one student', async () => {
    const org = await newOrg();
    const offer = await publishOffer(t, org, { title: '高齢者サロンのお手伝い', description: '公民館のサロンで、お茶出しと話し相手をします。', themes: ['elderly'], capacity: 12 });
    const kids = await students(12, ['elderly'], '近所のお年寄りと話したい');
    await runMatching(t, coordinator.token);
    const ja = (await t.gql(APPROVE, { id: (await proposalFor(offer)).id }, { token: coordinator.token })).data.approveProposal.jointAction;
    expect(ja.invitations).toHaveLength(12);
    const answer = (ref: string, accept: boolean) => t.gql(FOR_STUDENT, { ref, id: ja.id, accept }, { apiKey: school.apiKey });
    const results = await Promise.all([
      // eight accept at once, with the organisation
      ...kids.slice(0, 8).map((k) => answer(k.ref, true)),
      t.gql(RESPOND, { id: ja.id, accept: true }, { token: org.token }),
      // two send both answers at once
      ...kids.slice(8, 10).flatMap((k) => [answer(k.ref, true), answer(k.ref, false)]),
      // two send the same answer twice at once
      ...kids.slice(10, 12).flatMap((k) => [answer(k.ref, true), answer(k.ref, true)]),
    ]);
    expect(results.filter((r) => r.status >= 500 || r.code === 'INTERNAL_SERVER_ERROR')).toEqual([]);
    expect(results.filter((r) => r.errors && r.code !== 'CONFLICT')).toEqual([]);
    expect(results.filter((r) => r.code === 'CONFLICT')).toHaveLength(4);
    const after = (await t.gql(JOINT_ACTION, { id: (await t.db.query('SELECT proposal_id FROM joint_action WHERE id = $1', [ja.id]))[0].proposal_id }, { token: coordinator.token })).data
      .proposal.jointAction;
    const accepted = after.invitations.filter((i: any) => i.status === 'ACCEPTED').length;
    const declined = after.invitations.filter((i: any) => i.status === 'DECLINED').length;
    expect(accepted + declined).toBe(12);
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect(after).toMatchObject({ status: 'CONFIRMED', offer: { remainingCapacity: declined }, event: { participantCount: accepted } });
    expect(after.participants).toHaveLength(accepted);
    const [{ freed }] = await t.db.query('SELECT freed_places AS freed FROM offer WHERE id = $1', [offer]);
    expect(freed).toBe(declined);
  });
});

describe('deadlines', () => {
  it('at respondBy (a delayed job, on one of two workers, even when Redis lost it) pending invitations lapse and an organisation that never answered cancels it', async () => {
    const org = await newOrg();
    const offer = await publishOffer(t, org, { title: '子ども食堂の配膳', description: '夕食の配膳と片付けをします。', themes: ['food'], capacity: 2 });
    const kids = await students(2, ['food'], '子ども食堂を手伝いたい');
    await runMatching(t, coordinator.token);
    const by = new Date(Date.now() + 3000).toISOString();
    const ja = (await t.gql(APPROVE, { id: (await proposalFor(offer)).id, by }, { token: coordinator.token })).data.approveProposal.jointAction;
    await t.gql(RESPOND, { id: ja.id, accept: true }, { token: await sessionOf(kids[0].ref) });
    // Redis forgets every job of this test (a restart without persistence): the outbox still has the deadline
    await waitUntil(async () => (await t.db.query(`SELECT relayed_at FROM job_outbox WHERE name = 'joint-action-expiry' AND payload->>'jointActionId' = $1`, [ja.id]))[0]?.relayed_at != null, 5000, 50);
    const redis = new Redis(t.config.redisUrl!);
    try {
      const keys = await redis.keys(`${t.config.queuePrefix}:*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    const settled = await waitUntil(async () => (await t.db.query('SELECT status FROM joint_action WHERE id = $1', [ja.id]))[0].status === 'CANCELLED', 20_000);
    expect(settled).toBe(true);
    const [row] = await t.db.query(
      `SELECT organization_status, (SELECT array_agg(status::text ORDER BY status) FROM joint_action_invitation WHERE joint_action_id = $1) AS statuses,
         (SELECT approved_count FROM offer WHERE id = $2) AS held, (SELECT count(*)::int FROM joint_action_participant WHERE joint_action_id = $1) AS participants,
         (SELECT done_at IS NOT NULL FROM job_outbox WHERE name = 'joint-action-expiry' AND payload->>'jointActionId' = $3) AS done
       FROM joint_action WHERE id = $1`,
      [ja.id, offer, ja.id],
    );
    expect(row).toEqual({ organization_status: 'EXPIRED', statuses: ['ACCEPTED', 'EXPIRED'], held: 0, participants: 0, done: true });
    // settled once: the other worker, a retry or the re-queued job changed nothing more
    await new Promise((r) => setTimeout(r, 500));
    expect((await t.db.query(`SELECT count(*)::int AS n FROM joint_action_invitation WHERE joint_action_id = $1 AND status = 'EXPIRED'`, [ja.id]))[0].n).toBe(1);
    const counts = async () => (await t.db.query('SELECT approved_count, freed_places FROM offer WHERE id = $1', [offer]))[0];
    const before = await counts();
    expect(before.freed_places).toBe(2);
    // the same job delivered again, on each worker (a retry after a lost acknowledgement)
    const [{ payload }] = await t.db.query(`SELECT payload FROM job_outbox WHERE name = 'joint-action-expiry' AND payload->>'jointActionId' = $1`, [ja.id]);
    for (const w of workers) expect(await w.get(JointActionExpiryProcessor).process(payload)).toBe('already-settled');
    expect(await counts()).toEqual(before);
  }, 60_000);

  it('a confirmed joint action keeps its participants at the deadline; the pending expire and give their places back', async () => {
    const org = await newOrg();
    const offer = await publishOffer(t, org, { title: '通学路の危険箇所マップ', description: '通学路を歩いて危ない場所を記録します。', themes: ['community'], capacity: 2 });
    const kids = await students(2, ['community'], '通学路が暗い');
    await runMatching(t, coordinator.token);
    const ja = (await t.gql(APPROVE, { id: (await proposalFor(offer)).id, by: new Date(Date.now() + 2500).toISOString() }, { token: coordinator.token })).data.approveProposal.jointAction;
    await t.gql(RESPOND, { id: ja.id, accept: true }, { token: await sessionOf(kids[0].ref) });
    expect((await t.gql(RESPOND, { id: ja.id, accept: true }, { token: org.token })).data.respondToJointAction.status).toBe('CONFIRMED');
    expect(await waitUntil(async () => (await t.db.query(`SELECT count(*)::int AS n FROM joint_action_invitation WHERE joint_action_id = $1 AND status = 'EXPIRED'`, [ja.id]))[0].n === 1, 20_000)).toBe(true);
    const [row] = await t.db.query(`SELECT status, (SELECT approved_count FROM offer WHERE id = $2) AS held FROM joint_action WHERE id = $1`, [ja.id, offer]);
    expect(row).toEqual({ status: 'CONFIRMED', held: 1 });
    // too late to answer now
    expect((await t.gql(RESPOND, { id: ja.id, accept: true }, { token: await sessionOf(kids[1].ref) })).code).toBe('CONFLICT');
  }, 60_000);
});

describe('deadlines, too few', () => {
  it('at respondBy fewer than minParticipants accepted cancels it, though the organisation said yes: the accepted leave the gathering and every place goes back', async () => {
    const org = await newOrg();
    const offer = await publishOffer(t, org, { title: '高齢者サロンの合唱', description: '公民館のサロンで一緒に歌います。', themes: ['welfare'], capacity: 3, minParticipants: 2 });
    const kids = await students(3, ['welfare'], '高齢の人と話したい');
    await runMatching(t, coordinator.token);
    const ja = (await t.gql(APPROVE, { id: (await proposalFor(offer)).id, by: new Date(Date.now() + 2500).toISOString() }, { token: coordinator.token })).data.approveProposal.jointAction;
    expect((await t.gql(RESPOND, { id: ja.id, accept: true }, { token: org.token })).data.respondToJointAction.status).toBe('AWAITING_REPLIES');
    const one = (await t.gql(RESPOND, { id: ja.id, accept: true }, { token: await sessionOf(kids[0].ref) })).data.respondToJointAction;
    expect(one).toMatchObject({ status: 'AWAITING_REPLIES', event: { participantCount: 1 } });
    expect(await waitUntil(async () => (await t.db.query('SELECT status FROM joint_action WHERE id = $1', [ja.id]))[0].status === 'CANCELLED', 20_000)).toBe(true);
    const [row] = await t.db.query(
      `SELECT (SELECT approved_count FROM offer WHERE id = $2) AS held, (SELECT count(*)::int FROM event_participant ep WHERE ep.event_id = ja.event_id) AS gathered,
         (SELECT array_agg(status::text ORDER BY status) FROM joint_action_invitation WHERE joint_action_id = $1) AS statuses
       FROM joint_action ja WHERE ja.id = $1`,
      [ja.id, offer],
    );
    expect(row).toEqual({ held: 0, gathered: 0, statuses: ['ACCEPTED', 'EXPIRED', 'EXPIRED'] });
    const after = (await t.gql(JOINT_ACTION, { id: (await t.db.query('SELECT proposal_id FROM joint_action WHERE id = $1', [ja.id]))[0].proposal_id }, { token: coordinator.token })).data.proposal.jointAction;
    expect(after).toMatchObject({ status: 'CANCELLED', participants: [], offer: { remainingCapacity: 3 } });
  }, 60_000);
});

describe('refill', () => {
  it('a declined place triggers the debounced run, which fills only free places, keeps the accepted where they are, never proposes the offer again to whoever declined it, and counts what it refilled', async () => {
    const org = await newOrg();
    const offer = await publishOffer(t, org, { title: '多文化交流カフェ', description: '外国にルーツのある人と、やさしい日本語で話します。', themes: ['multicultural'], capacity: 3 });
    const kids = await students(3, ['multicultural'], '外国の友だちと話したい');
    await runMatching(t, coordinator.token);
    const ja = (await t.gql(APPROVE, { id: (await proposalFor(offer)).id }, { token: coordinator.token })).data.approveProposal.jointAction;
    for (const k of kids.slice(0, 2)) await t.gql(FOR_STUDENT, { ref: k.ref, id: ja.id, accept: true }, { apiKey: school.apiKey });
    await t.gql(RESPOND, { id: ja.id, accept: true }, { token: org.token });
    const late = await students(2, ['multicultural'], '外国の文化に興味がある');

    // the decline goes through an API replica whose automatic runs start 300 ms after a change
    const replica = await createApi({ ...t.config, runMigrations: false, matchingDebounceMs: 300 });
    apis.push(replica);
    const res = await request(replica.getHttpServer()).post('/graphql').set('x-api-key', school.apiKey).send({ query: FOR_STUDENT, variables: { ref: kids[2].ref, id: ja.id, accept: false } });
    expect(res.body.errors).toBeUndefined();
    const run = await waitUntil(async () => (await t.db.query(`SELECT status FROM matching_run WHERE cause = 'PLACE_FREED' AND status = 'COMPLETED'`)).length > 0, 20_000);
    expect(run).toBe(true);
    const [auto] = await t.db.query(`SELECT id, refilled_places FROM matching_run WHERE cause = 'PLACE_FREED' ORDER BY created_at DESC LIMIT 1`);
    expect(auto.refilled_places).toBe(1);
    const refill = await proposalFor(offer);
    // one free place: one of the late students; the decliner is not proposed it again
    expect(refill.participants).toHaveLength(1);
    expect(late.map((l) => l.id)).toContain(refill.participants[0].student.id);
    // approving it refills the same joint action, which stays CONFIRMED; the accepted stay where they are
    const refilled = (await t.gql(APPROVE, { id: refill.id }, { token: coordinator.token })).data.approveProposal.jointAction;
    expect(refilled.id).toBe(ja.id);
    expect(refilled.status).toBe('CONFIRMED');
    expect(refilled.participants.map((p: any) => p.id).sort()).toEqual(kids.slice(0, 2).map((k) => k.id).sort());
    expect(refilled.invitations.map((i: any) => i.status).sort()).toEqual(['ACCEPTED', 'ACCEPTED', 'DECLINED', 'PENDING']);
    expect(refilled.offer.remainingCapacity).toBe(0);
    const [{ n: declinedProposed }] = await t.db.query(
      `SELECT count(*)::int AS n FROM proposal_participant pp JOIN proposal p ON p.id = pp.proposal_id WHERE p.offer_id = $1 AND pp.student_id = $2 AND p.created_at > now() - interval '1 minute' AND p.id <> $3`,
      [offer, kids[2].id, (await t.db.query('SELECT proposal_id FROM joint_action WHERE id = $1', [ja.id]))[0].proposal_id],
    );
    expect(declinedProposed).toBe(0);
  }, 60_000);
});

describe('minimum group size', () => {
  it('an offer with minParticipants k gets no students or at least k from a run, and those left out learn BELOW_MINIMUM', async () => {
    const org = await newOrg();
    const offer = await publishOffer(t, org, { title: '和太鼓チーム', description: '地域の祭りで和太鼓を演奏します。', themes: ['culture'], capacity: 6, minParticipants: 4 });
    const few = await students(3, ['culture'], '和太鼓をやってみたい');
    const run = await runMatching(t, coordinator.token);
    expect(await t.db.query(`SELECT 1 FROM proposal WHERE offer_id = $1 AND status = 'PROPOSED'`, [offer])).toEqual([]);
    const unplaced = await t.gql(
      `query($id: ID!) { matchingRun(id: $id) { unplaced(first: 100) { totalCount edges { node { reason student { id } } } } } }`,
      { id: run.id },
      { token: coordinator.token },
    );
    const why = Object.fromEntries(unplaced.data.matchingRun.unplaced.edges.map((e: any) => [e.node.student.id, e.node.reason]));
    for (const s of few) expect(why[s.id]).toBe('BELOW_MINIMUM');
    // a fourth student makes the group
    const fourth = await students(1, ['culture'], '太鼓の音が好き');
    await runMatching(t, coordinator.token);
    const proposal = await proposalFor(offer);
    expect(proposal.participants.map((p) => p.student.id).sort()).toEqual([...few, ...fourth].map((s) => s.id).sort());
    // minParticipants is checked against the capacity
    const bad = await t.gql(`mutation($input: CreateOfferInput!) { createOffer(input: $input) { id } }`, {
      input: { title: '無理な募集', description: '最少人数が定員を超えます。', themes: ['culture'], capacity: 2, minParticipants: 3, stages: ['HIGH_SCHOOL'], mode: 'ONSITE', slots: [] },
    }, { token: org.token });
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['input.minParticipants']);
  }, 60_000);
});

describe("students' interests", () => {
  it('a student marks offers (their own to read back), NOT_INTERESTED keeps the offer away, and the organisation learns nothing of it', async () => {
    const org = await newOrg();
    const offer = await publishOffer(t, org, { title: '商店街のポスターづくり', description: '商店街のイベントのポスターを描きます。', themes: ['media'], capacity: 2 });
    const [me] = await students(1, ['media'], 'ポスターを描くのが好き');
    const token = await sessionOf(me.ref);
    const SET = `mutation($id: ID!, $i: OfferInterest) { setOfferInterest(offerId: $id, interest: $i) { id viewerInterest } }`;
    expect((await t.gql(SET, { id: offer, i: 'NOT_INTERESTED' }, { token })).data.setOfferInterest).toEqual({ id: offer, viewerInterest: 'NOT_INTERESTED' });
    expect((await t.gql(`{ myOfferInterests { id viewerInterest } }`, {}, { token })).data.myOfferInterests).toEqual([{ id: offer, viewerInterest: 'NOT_INTERESTED' }]);
    const run = await runMatching(t, coordinator.token);
    expect(await t.db.query(`SELECT 1 FROM proposal_participant pp JOIN proposal p ON p.id = pp.proposal_id WHERE p.run_id = $1 AND pp.student_id = $2`, [run.id, me.id])).toEqual([]);
    const [left] = await t.db.query('SELECT reason::text FROM matching_run_unplaced WHERE run_id = $1 AND student_id = $2', [run.id, me.id]);
    expect(left.reason).toBe('DECLINED_ALL');
    // the organisation reads its offer with no trace of the mark
    const theirs = await t.gql(`query($id: ID!) { offer(id: $id) { id viewerInterest } }`, { id: offer }, { token: org.token });
    expect(theirs.data.offer).toEqual({ id: offer, viewerInterest: null });
    // cleared, then INTERESTED: proposed again
    await t.gql(SET, { id: offer, i: null }, { token });
    expect((await t.gql(SET, { id: offer, i: 'INTERESTED' }, { token })).data.setOfferInterest.viewerInterest).toBe('INTERESTED');
    await runMatching(t, coordinator.token);
    expect((await proposalFor(offer)).participants.map((p) => p.student.id)).toContain(me.id);
    // refusals: not a student, an offer the student may not see, a malformed id
    expect((await t.gql(SET, { id: offer, i: 'INTERESTED' }, { token: org.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(SET, { id: '7f0c2a52-3c1e-4e55-9d1c-1a2b3c4d5e6f', i: 'INTERESTED' }, { token })).code).toBe('NOT_FOUND');
    expect((await t.gql(SET, { id: 'nope', i: 'INTERESTED' }, { token })).code).toBe('BAD_USER_INPUT');
  }, 60_000);
});

describe('why not placed', () => {
  it('MatchingRun.unplaced is for coordinators only, and proposals(offerId: null) ignores the filter', async () => {
    // two places for eight students: six are left out, outscored by those placed
    const host = await newOrg();
    const offer = await publishOffer(t, host, { title: '図書館のおはなし会', description: '子どもたちに絵本を読み聞かせます。', themes: ['education'], capacity: 2 });
    const kids = await students(8, ['education'], '絵本の読み聞かせをしたい');
    const run = await runMatching(t, coordinator.token);
    const placed = new Set((await proposalFor(offer)).participants.map((p) => p.student.id));
    expect(placed.size).toBe(2);
    const Q = `query($id: ID!) { matchingRun(id: $id) { unplaced(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { node { reason score cutoff nearestOffer { id } student { id } } } } } }`;
    const mine = await t.gql(Q, { id: run.id }, { token: coordinator.token });
    expect(mine.errors).toBeUndefined();
    const page = mine.data.matchingRun.unplaced;
    expect(page.totalCount).toBe(6);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await t.gql(`query($id: ID!, $a: String) { matchingRun(id: $id) { unplaced(first: 5, after: $a) { pageInfo { hasNextPage } edges { node { reason score cutoff nearestOffer { id } student { id } } } } } }`, { id: run.id, a: page.pageInfo.endCursor }, { token: coordinator.token });
    const edges = [...page.edges, ...next.data.matchingRun.unplaced.edges];
    expect(next.data.matchingRun.unplaced.pageInfo.hasNextPage).toBe(false);
    // the two pages together: exactly the six not placed, each once
    expect(edges.map((e: any) => e.node.student.id).sort()).toEqual(kids.map((k) => k.id).filter((id) => !placed.has(id)).sort());
    for (const e of edges) {
      expect(e.node).toMatchObject({ reason: 'OUTSCORED', nearestOffer: { id: offer } });
      expect(e.node.score).toBeLessThanOrEqual(e.node.cutoff);
    }
    // in Japanese for the portal, with the numbers
    const texts = await t.gql(`query($id: ID!) { matchingRun(id: $id) { unplaced(first: 1) { edges { node { reasonText score cutoff } } } } }`, { id: run.id }, { token: coordinator.token });
    const first = texts.data.matchingRun.unplaced.edges[0].node;
    expect(first.reasonText).toBe(`合う募集はありましたが、より合う生徒で定員が埋まりました（本人の適合度 ${first.score.toFixed(2)}、その募集で決まった生徒の最低 ${first.cutoff.toFixed(2)}）`);
    const org = await newOrg();
    expect((await t.gql(Q, { id: run.id }, { token: org.token })).code).toBe('FORBIDDEN');
    const all = await t.gql(`{ proposals(first: 100) { totalCount } }`, {}, { token: coordinator.token });
    const unfiltered = await t.gql(`query($o: ID) { proposals(first: 100, offerId: $o) { totalCount } }`, { o: null }, { token: coordinator.token });
    expect(unfiltered.data.proposals.totalCount).toBe(all.data.proposals.totalCount);
    expect(all.data.proposals.totalCount).toBeGreaterThan(0);
  }, 60_000);
});
