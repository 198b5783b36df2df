import type { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/identity/role.enum.js';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createOrganization, createUser, type TestUser } from '../support/factories.js';
import { createSchool, insertOffer, insertStudents } from '../support/matching-fixtures.js';
import { waitUntil } from '../support/process.js';

/** The contract's matching rules on planted data: clear fits among decoys and negative controls. */
let t: TestApp;
let worker: INestApplicationContext;
let coordinator: TestUser;
let member: TestUser;
const S: Record<string, string> = {};
const O: Record<string, string> = {};

const RUN = `mutation { requestMatchingRun { id status } }`;
const RUN_STATE = `query($id: ID!) { matchingRun(id: $id) { id status progress pairsScored proposalsCreated error } }`;
const PROPOSALS = `query($status: ProposalStatus) { proposals(status: $status, first: 100) { totalCount edges { node {
  id status score offer { id } plan { title summary themes } participants { score reasons student { id displayName } } } } } }`;

async function runToCompletion(): Promise<any> {
  const started = await t.gql(RUN, {}, { token: coordinator.token });
  expect(started.errors).toBeUndefined();
  const id = started.data.requestMatchingRun.id;
  let run: any;
  const done = await waitUntil(async () => {
    run = (await t.gql(RUN_STATE, { id }, { token: coordinator.token })).data.matchingRun;
    return run.status === 'COMPLETED' || run.status === 'FAILED';
  }, 30_000);
  expect(done).toBe(true);
  expect(run.status).toBe('COMPLETED');
  return run;
}

beforeAll(async () => {
  t = await startTestApp();
  worker = await startWorker({ ...t.config, runMigrations: false });
  coordinator = await createCoordinator(t);
  member = await createUser(t, { roles: [Role.ORGANIZATION_MEMBER] });
  const verified = await createOrganization(t, { name: '株式会社くるめ防災ラボ', verified: true, members: [member] });
  const unverified = await createOrganization(t, { name: '未確認の団体', verified: false });
  const school = await createSchool(t);

  const disasterText = { concerns: '大雨のときに地域の避難所がどこにあるのか分からず不安です。', interests: '避難所の地図づくりや防災の情報発信をしてみたい。' };
  const [f1, f2, f3, f4, noConsent, elementary, onlineOnly, weekendOnly, noMeaning] = await insertStudents(t, school, [
    { displayName: '防災 一郎', themes: ['disaster', 'community'], ...disasterText, modes: ['ONSITE'], slots: ['WEEKDAY_AFTER_SCHOOL'] },
    { displayName: '防災 二葉', themes: ['disaster'], ...disasterText, modes: ['ONSITE', 'ONLINE'], slots: ['WEEKDAY_AFTER_SCHOOL'] },
    { displayName: '食堂 三郎', stage: 'JUNIOR_HIGH', themes: ['childcare', 'food'], concerns: '子ども食堂がもっと増えてほしい。', interests: '料理が得意なので子ども食堂を手伝いたい。' },
    { displayName: '食堂 四季', themes: ['food'], concerns: '一人で夕ごはんを食べる子どもが心配。', interests: '子ども食堂で配膳や遊び相手をしたい。' },
    { displayName: '同意 なし', themes: ['disaster'], ...disasterText, consent: false },
    { displayName: '小学 五郎', stage: 'ELEMENTARY', themes: ['disaster'], ...disasterText },
    { displayName: 'オンライン 六花', themes: ['disaster'], ...disasterText, modes: ['ONLINE'] },
    { displayName: '週末 七海', themes: ['disaster'], ...disasterText, slots: ['WEEKEND_MORNING'] },
    { displayName: '野球 八郎', themes: ['sports'], concerns: '野球部の練習場所が足りない。', interests: '甲子園を目指して毎日練習している。' },
  ]);
  Object.assign(S, { f1, f2, f3, f4, noConsent, elementary, onlineOnly, weekendOnly, noMeaning });

  const disasterOffer = {
    organizationId: verified.id,
    title: '高校生と作る 中央地区の避難所マップ',
    description: '地域の避難所を一緒に歩いて確かめ、防災マップと情報発信のしかたを考えます。',
    themes: ['disaster', 'community'],
    capacity: 2,
    stages: ['HIGH_SCHOOL'],
    mode: 'ONSITE' as const,
    slots: ['WEEKDAY_AFTER_SCHOOL'],
  };
  O.disaster = await insertOffer(t, disasterOffer);
  O.food = await insertOffer(t, {
    organizationId: verified.id,
    title: 'みんなの子ども食堂 サポーター募集',
    description: '子ども食堂での調理・配膳や、子どもたちの遊び相手をお願いします。',
    themes: ['food', 'childcare'],
    capacity: 2,
    stages: ['JUNIOR_HIGH', 'HIGH_SCHOOL'],
    mode: 'HYBRID',
  });
  O.unverified = await insertOffer(t, { ...disasterOffer, organizationId: unverified.id, title: '未確認団体の避難所マップ' });
  O.closed = await insertOffer(t, { ...disasterOffer, status: 'CLOSED', title: '締切済みの避難所マップ' });
  O.draft = await insertOffer(t, { ...disasterOffer, status: 'DRAFT', title: '下書きの避難所マップ' });
  O.full = await insertOffer(t, { ...disasterOffer, capacity: 1, title: '満員の避難所マップ' });
  await t.db.query('UPDATE offer SET approved_count = capacity WHERE id = $1', [O.full]);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

describe('a matching run on planted data', () => {
  let proposals: any[];

  beforeAll(async () => {
    const run = await runToCompletion();
    expect(run.progress).toBe(1);
    expect(run.proposalsCreated).toBe(2);
    expect(run.pairsScored).toBeGreaterThan(0);
    proposals = (await t.gql(PROPOSALS, { status: 'PROPOSED' }, { token: coordinator.token })).data.proposals.edges.map((e: any) => e.node);
  });

  it('proposes the planted fits to their offers', () => {
    const byOffer = Object.fromEntries(proposals.map((p) => [p.offer.id, p.participants.map((x: any) => x.student.id).sort()]));
    expect(byOffer[O.disaster]).toEqual([S.f1, S.f2].sort());
    expect(byOffer[O.food]).toEqual([S.f3, S.f4].sort());
  });

  it('never proposes a control: no consent, wrong stage, incompatible mode or slots, no shared theme or meaning', () => {
    const proposed = proposals.flatMap((p) => p.participants.map((x: any) => x.student.id));
    for (const control of ['noConsent', 'elementary', 'onlineOnly', 'weekendOnly', 'noMeaning']) expect(proposed).not.toContain(S[control]);
  });

  it('never proposes into an unverified, closed, draft or full offer', () => {
    const offers = proposals.map((p) => p.offer.id);
    for (const control of ['unverified', 'closed', 'draft', 'full']) expect(offers).not.toContain(O[control]);
  });

  it("answers a participant's student (read as a summary with the page, its profile behind it) field for field as it is stored", async () => {
    const STUDENT = `{ id displayName stage guardianConsent matchable school { name } profile { themes concerns interests area slots modes } }`;
    const page = await t.gql(`{ proposals(status: PROPOSED, first: 100) { edges { node { participants { student ${STUDENT} } } } } }`, {}, { token: coordinator.token });
    expect(page.errors).toBeUndefined();
    const students = page.data.proposals.edges.flatMap((e: any) => e.node.participants.map((x: any) => x.student));
    expect(students.map((s: any) => s.id).sort()).toEqual([S.f1, S.f2, S.f3, S.f4].sort());
    for (const s of students) {
      // the student as stored, read by SQL: the summary and the profile read behind it agree with it
      const [row] = await t.db.query(
        `SELECT u.display_name, s.stage, s.guardian_consent, s.themes, s.concerns, s.interests, s.area, s.slots::text[] AS slots, s.modes::text[] AS modes, sc.name AS school
         FROM student s JOIN app_user u ON u.id = s.id JOIN school sc ON sc.id = s.school_id WHERE s.id = $1`,
        [s.id],
      );
      expect(s).toEqual({
        id: s.id,
        displayName: row.display_name,
        stage: row.stage,
        guardianConsent: row.guardian_consent,
        matchable: true,
        school: { name: row.school },
        profile: { themes: row.themes, concerns: row.concerns, interests: row.interests, area: row.area, slots: row.slots, modes: row.modes },
      });
    }
    const f3 = students.find((s: any) => s.id === S.f3);
    expect(f3).toMatchObject({ displayName: '食堂 三郎', stage: 'JUNIOR_HIGH', guardianConsent: true, matchable: true, profile: { themes: ['childcare', 'food'], concerns: '子ども食堂がもっと増えてほしい。' } });
  });

  it("a page that shows only its students' names, its offers' and plans' titles reads just those, and answers them as a page that asks more of them does", async () => {
    const page = (offer: string, student: string, plan: string) =>
      t.gql(`{ proposals(status: PROPOSED, first: 100) { edges { node { id plan ${plan} offer ${offer} participants { score reasons student ${student} } } } } }`, {}, { token: coordinator.token });
    const names = await page('{ id title }', '{ id displayName stage __typename }', '{ title }');
    // the same offers, students and plans with one field more each, one asked through a fragment: the page reads whole offers, summaries and plans
    const more = await page('{ id title status }', '{ id displayName stage __typename ... on Student { guardianConsent } }', '{ title ... on JointActionPlan { summary } }');
    expect(names.errors).toBeUndefined();
    expect(more.errors).toBeUndefined();
    const strip = (d: any) =>
      d.proposals.edges.map((e: any) => ({
        ...e.node,
        plan: { ...e.node.plan, summary: undefined },
        offer: { ...e.node.offer, status: undefined },
        participants: e.node.participants.map((x: any) => ({ ...x, student: { ...x.student, guardianConsent: undefined } })),
      }));
    expect(more.data.proposals.edges.map((e: any) => e.node.offer.status)).toContain('OPEN');
    const [plan] = await t.db.query(`SELECT plan_title, plan_summary FROM proposal WHERE offer_id = $1 AND status = 'PROPOSED'`, [O.disaster]);
    expect(more.data.proposals.edges.find((e: any) => e.node.offer.id === O.disaster).node.plan).toEqual({ title: plan.plan_title, summary: plan.plan_summary });
    expect(names.data.proposals.edges.find((e: any) => e.node.offer.id === O.disaster).node.plan).toEqual({ title: plan.plan_title });
    const [disaster] = await t.db.query('SELECT title FROM offer WHERE id = $1', [O.disaster]);
    expect(names.data.proposals.edges.find((e: any) => e.node.offer.id === O.disaster).node.offer.title).toBe(disaster.title);
    expect(strip(names.data)).toEqual(strip(more.data));
    const all = more.data.proposals.edges.flatMap((e: any) => e.node.participants.map((x: any) => x.student));
    expect(all.map((s: any) => s.id).sort()).toEqual([S.f1, S.f2, S.f3, S.f4].sort());
    for (const s of all) expect(s.guardianConsent).toBe(true);
    expect(all.find((s: any) => s.id === S.f3)).toMatchObject({ displayName: '食堂 三郎', stage: 'JUNIOR_HIGH', __typename: 'Student' });
  });

  it('gives Japanese reasons from the real signals and a plan per offer', () => {
    const disaster = proposals.find((p) => p.offer.id === O.disaster);
    for (const p of disaster.participants) {
      expect(p.score).toBeGreaterThan(0);
      expect(p.score).toBeLessThanOrEqual(1);
      expect(p.reasons.join(' ')).toContain('防災');
    }
    expect(disaster.plan.title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(disaster.plan.summary.length).toBeGreaterThan(10);
    expect(disaster.plan.themes).toContain('disaster');
    // the plan (a joint action's public title and summary once approved) says nothing the students
    // wrote: no word of their texts that is not also the offer's own or a theme's label
    const offerText = '高校生と作る 中央地区の避難所マップ 地域の避難所を一緒に歩いて確かめ、防災マップと情報発信のしかたを考えます。防災 まちづくり';
    const words = [...new Intl.Segmenter('ja', { granularity: 'word' }).segment('大雨のときに地域の避難所がどこにあるのか分からず不安です。避難所の地図づくりや防災の情報発信をしてみたい。')]
      .map((w) => w.segment)
      .filter((w) => w.length >= 2 && /[\u4e00-\u9fff\u30a0-\u30ff]/.test(w) && !offerText.includes(w));
    expect(words.length).toBeGreaterThanOrEqual(3);
    for (const w of words) expect(`${disaster.plan.title} ${disaster.plan.summary}`).not.toContain(w);
  });
});

describe('deciding', () => {
  it('approval invites both sides (the joint action AWAITING_REPLIES, places held), audits and notifies through the worker; both accepting confirms it', async () => {
    const open = (await t.gql(PROPOSALS, { status: 'PROPOSED' }, { token: coordinator.token })).data.proposals.edges.map((e: any) => e.node);
    const proposal = open.find((p: any) => p.offer.id === O.disaster);
    const JA = `jointAction { id title themes status respondBy offer { id remainingCapacity } participants { id } invitations { status student { id } }
      organizationInvitation { status } event { platform participantCount title } }`;
    const res = await t.gql(`mutation($id: ID!) { approveProposal(id: $id, note: "学校とも相談済み") { status decidedAt decisionNote ${JA} } }`, { id: proposal.id }, { token: coordinator.token });
    expect(res.errors).toBeUndefined();
    const a = res.data.approveProposal;
    expect(a.status).toBe('APPROVED');
    expect(a.decisionNote).toBe('学校とも相談済み');
    expect(a.jointAction.status).toBe('AWAITING_REPLIES');
    // seven days to answer by default
    expect(Math.abs(Date.parse(a.jointAction.respondBy) - Date.now() - 7 * 86400_000)).toBeLessThan(60_000);
    expect(a.jointAction.organizationInvitation).toEqual({ status: 'PENDING' });
    expect(a.jointAction.invitations.map((i: any) => [i.student.id, i.status]).sort()).toEqual([[S.f1, 'PENDING'], [S.f2, 'PENDING']].sort());
    // nobody is seated before they say yes; their places are held
    expect(a.jointAction.participants).toEqual([]);
    expect(a.jointAction.event).toMatchObject({ platform: 'FUTURE_CONFERENCE', participantCount: 0 });
    expect(a.jointAction.offer.remainingCapacity).toBe(0);

    const [audit] = await t.db.query('SELECT actor_id, decision, note FROM decision_audit WHERE proposal_id = $1', [proposal.id]);
    expect(audit).toEqual({ actor_id: coordinator.id, decision: 'APPROVED', note: '学校とも相談済み' });
    const invited = async () => ((await t.db.query(`SELECT user_id FROM notification WHERE kind = 'JOINT_ACTION_INVITED'`)) as { user_id: string }[]).map((n) => n.user_id).sort();
    expect(await waitUntil(async () => (await invited()).length === 3, 15_000)).toBe(true);
    expect(await invited()).toEqual([S.f1, S.f2, member.id].sort());

    // both sides answer yes: CONFIRMED, the students its participants and in its gathering
    const { TokensService } = await import('../../src/identity/tokens.service.js');
    const RESPOND = `mutation($id: ID!) { respondToJointAction(jointActionId: $id, accept: true) { status } }`;
    for (const student of [S.f1, S.f2]) {
      const token = await t.app.get(TokensService).sign({ sub: student, typ: 'student' });
      expect((await t.gql(RESPOND, { id: a.jointAction.id }, { token })).data.respondToJointAction.status).toBe('AWAITING_REPLIES');
    }
    expect((await t.gql(RESPOND, { id: a.jointAction.id }, { token: member.token })).data.respondToJointAction.status).toBe('CONFIRMED');
    const after = (await t.gql(`query($id: ID!) { proposal(id: $id) { ${JA} } }`, { id: proposal.id }, { token: coordinator.token })).data.proposal.jointAction;
    expect(after.participants.map((p: any) => p.id).sort()).toEqual([S.f1, S.f2].sort());
    expect(after.event.participantCount).toBe(2);
    expect(after.invitations.map((i: any) => i.status)).toEqual(['ACCEPTED', 'ACCEPTED']);

    // deciding it again is a CONFLICT and changes nothing
    const again = await t.gql(`mutation($id: ID!) { rejectProposal(id: $id, reason: "やはり見送り") { status } }`, { id: proposal.id }, { token: coordinator.token });
    expect(again.code).toBe('CONFLICT');
    expect((await t.db.query('SELECT status FROM proposal WHERE id = $1', [proposal.id]))[0].status).toBe('APPROVED');
  });

  it('the next run supersedes open proposals and never proposes approved students to the same offer again', async () => {
    const before = (await t.gql(PROPOSALS, { status: 'PROPOSED' }, { token: coordinator.token })).data.proposals.edges.map((e: any) => e.node.id);
    await runToCompletion();
    const superseded: { id: string }[] = await t.db.query(`SELECT id FROM proposal WHERE status = 'SUPERSEDED'`);
    expect(superseded.map((r) => r.id).sort()).toEqual(before.sort());
    const open = (await t.gql(PROPOSALS, { status: 'PROPOSED' }, { token: coordinator.token })).data.proposals.edges.map((e: any) => e.node);
    expect(open.map((p: any) => p.offer.id)).not.toContain(O.disaster);
    // still one open proposal per student at most, by the database's own index
    const perStudent: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM proposal_participant WHERE open GROUP BY student_id HAVING count(*) > 1');
    expect(perStudent).toEqual([]);
  });

  it('a rejection needs a reason and is audited', async () => {
    const open = (await t.gql(PROPOSALS, { status: 'PROPOSED' }, { token: coordinator.token })).data.proposals.edges.map((e: any) => e.node);
    const empty = await t.gql(`mutation($id: ID!) { rejectProposal(id: $id, reason: "  ") { status } }`, { id: open[0].id }, { token: coordinator.token });
    expect(empty.code).toBe('BAD_USER_INPUT');
    const res = await t.gql(`mutation($id: ID!) { rejectProposal(id: $id, reason: "日程が合わない") { status decisionNote } }`, { id: open[0].id }, { token: coordinator.token });
    expect(res.data.rejectProposal).toEqual({ status: 'REJECTED', decisionNote: '日程が合わない' });
    const audit = await t.db.query(`SELECT decision FROM decision_audit WHERE proposal_id = $1`, [open[0].id]);
    expect(audit).toEqual([{ decision: 'REJECTED' }]);
  });
});
