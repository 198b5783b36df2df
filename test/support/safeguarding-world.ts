import type { Credentials, GqlResult, TestApp } from './app.js';
import { createCoordinator } from './factories.js';
import { allProposals, enrollRoster, publishOffer, runMatching, signUpOrganization, waitForRun, type Org } from './journey.js';
import { registerSchool, type TestSchool } from './students.js';

/**
 * One small city built through the API and the worker, as its clients build it, for the
 * safeguarding tests: three schools (the third has no caller: its students' texts hold the private
 * words), organisations verified and not, a matching run, an approved joint action with a
 * gathering at a planted time, a proposal left open, 地福TV featuring the joint action, a committee
 * meeting, a もしも scenario and a support pairing. Every answer of every step is kept with whoever
 * asked, so the tests can scan the journey's answers too.
 */

/** Words a student might confide in 悩み: they must reach no one but coordinators (and the student and their school). */
export const PRIVATE_WORDS = ['不登校', 'うつ病', 'ヤングケアラー', 'リストカット', '摂食障害', '家庭内暴力'];

export interface WorldStudent {
  key: string;
  ref: string;
  name: string;
  school: 'A' | 'B' | 'C';
  concerns: string;
  interests: string;
  area: string;
  themes: string[];
  id?: string;
}

const S = (key: string, school: 'A' | 'B' | 'C', name: string, themes: string[], concerns: string, interests: string): WorldStudent => ({
  key,
  ref: `REF-${key}-${school}7q`,
  name,
  school,
  themes,
  concerns,
  interests,
  area: `${key}町の北のはずれ-${key.toLowerCase()}9`,
});

/** The students. A1, A2 (and C1–C3) end up in the joint action; B1 (and C4–C6) in the proposal left open; A3 nowhere. */
export const STUDENTS: WorldStudent[] = [
  S('A1', 'A', '御井 ひなの', ['disaster', 'community'], '大雨のとき祖母と避難できるか心配です-a1c', '地域の防災マップを作りたい-a1i'),
  S('A2', 'A', '合川 そらと', ['disaster'], '避難所の場所を友だちが知らない-a2c', '写真で危ない場所を記録したい-a2i'),
  S('A3', 'A', '善導寺 ことは', ['sports'], 'グラウンドが足りない-a3c', 'サッカーを教えたい-a3i'),
  S('B1', 'B', '草野 れんじ', ['food', 'childcare'], '夕ごはんを一人で食べる子が心配-b1c', '子ども食堂で配膳したい-b1i'),
  // the private words shared by the students of each proposal: exactly what a text ranking over
  // the participants would find most telling about them
  ...[1, 2, 3].map((i) =>
    S(`C${i}`, 'C', `荒木 ${['いろは', 'ちとせ', 'みこと'][i - 1]}`, ['disaster'], `${PRIVATE_WORDS[0]}と${PRIVATE_WORDS[1]}のことで悩んでいて、大雨の避難も不安-c${i}c`, `${PRIVATE_WORDS[2]}の経験を話せる場がほしい。地図を描くのが好き-c${i}i`),
  ),
  ...[4, 5, 6].map((i) =>
    S(`C${i}`, 'C', `田主丸 ${['ゆいと', 'あおば', 'しおん'][i - 4]}`, ['food'], `${PRIVATE_WORDS[3]}と${PRIVATE_WORDS[4]}のことで悩んでいて、ごはんもあまり食べられない-c${i}c`, `${PRIVATE_WORDS[5]}について知ってほしい。料理が好き-c${i}i`),
  ),
];

export const SCHOOL_NAMES = { A: '久留米市立みのう中学校', B: '久留米市立ちくご高等学校', C: '久留米市立こうら中学校' } as const;
/** The gathering's time, planted with approveProposal(startsAt:): only the joint action's parties may learn it. */
export const GATHERING_AT = '2027-03-14T05:26:53.000Z';
export const NEED_LABEL = '要支援カナリア丙';
export const PLEDGE_AREA = '田主丸カナリア地区';
/** The needy person's contact card: only their approved helper, while a disaster covers the area, opens it. */
export const CARD = { name: '合原 カナリア治', address: '久留米市田主丸町カナリア1-2-3', phone: '090-4567-1234', notes: '車いす。合鍵はカナリア荘の大家さん' };
/** A helper's note on the day: coordinators and the helper who wrote it. */
export const SAFETY_NOTE = '2階の寝室で無事を確認、カナリア薬あり';

export type CallerName =
  | 'anonymous' | 'resident' | 'studentA1' | 'studentA3' | 'studentB1'
  | 'memberOwn' | 'memberOther' | 'memberUnverified' | 'keyA' | 'keyB' | 'coordinator';

export interface World {
  callers: Record<CallerName, Credentials>;
  schools: Record<'A' | 'B' | 'C', TestSchool>;
  students: Map<string, WorldStudent>;
  orgs: { own: Org; other: Org; unverified: Org };
  offers: string[];
  runs: string[];
  proposals: { approved: string; open: string };
  jointActionId: string;
  gatheringId: string;
  episodeId: string;
  programId: string;
  disasterId: string;
  needId: string;
  meetingId: string;
  sessionId: string;
  scenarioId: string;
  publicEventId: string;
  /** every answer of the journey, with whoever asked */
  journey: { caller: CallerName; what: string; res: GqlResult }[];
}

export async function buildWorld(t: TestApp): Promise<World> {
  const journey: World['journey'] = [];
  const coordinator = await createCoordinator(t);
  const callers = { anonymous: {}, coordinator: { token: coordinator.token } } as Record<CallerName, Credentials>;
  const call = async (caller: CallerName, what: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await t.gql(query, variables, callers[caller]);
    journey.push({ caller, what, res });
    if (res.errors) throw new Error(`${what}: ${JSON.stringify(res.errors)}`);
    return res.data;
  };

  const schools = {
    A: await registerSchool(t, SCHOOL_NAMES.A),
    B: await registerSchool(t, SCHOOL_NAMES.B),
    C: await registerSchool(t, SCHOOL_NAMES.C),
  };
  callers.keyA = { apiKey: schools.A.apiKey };
  callers.keyB = { apiKey: schools.B.apiKey };

  const students = new Map(STUDENTS.map((s) => [s.key, { ...s }]));
  for (const school of ['A', 'B', 'C'] as const) {
    const mine = [...students.values()].filter((s) => s.school === school);
    const ids = await enrollRoster(
      t,
      schools[school].apiKey,
      mine.map((s) => ({
        externalRef: s.ref,
        displayName: s.name,
        stage: 'HIGH_SCHOOL',
        guardianConsent: true,
        profile: { themes: s.themes, concerns: s.concerns, interests: s.interests, area: s.area, slots: ['WEEKEND_AFTERNOON'], modes: ['ONSITE', 'ONLINE'] },
      })),
    );
    mine.forEach((s, i) => (students.get(s.key)!.id = ids[i]));
  }
  const session = async (key: string) =>
    (await t.gql(`mutation($ref: String!) { issueStudentSession(externalRef: $ref) { token } }`, { ref: students.get(key)!.ref }, { apiKey: schools[students.get(key)!.school].apiKey })).data
      .issueStudentSession.token as string;
  callers.studentA1 = { token: await session('A1') };
  callers.studentA3 = { token: await session('A3') };
  callers.studentB1 = { token: await session('B1') };
  const a2 = { token: await session('A2') };

  const resident = await t.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token } }`, {
    input: { displayName: '住民 みずほ', email: `resident-${Date.now()}@example.jp`, password: 'resident-pass-1', area: '田主丸' },
  });
  callers.resident = { token: resident.data.signUp.token };

  const orgs = {
    own: await signUpOrganization(t, coordinator.token, { name: 'NPO法人 ちくご防災ネット', description: '筑後川流域の防災活動をしています。' }),
    other: await signUpOrganization(t, coordinator.token, { name: 'こども食堂みのう', description: '荒木地区で子ども食堂を開いています。' }),
    unverified: await signUpOrganization(t, coordinator.token, { name: 'まだ確認中の団体', verified: false }),
  };
  callers.memberOwn = { token: orgs.own.token };
  callers.memberOther = { token: orgs.other.token };
  callers.memberUnverified = { token: orgs.unverified.token };

  const offers = [
    await publishOffer(t, orgs.own, { title: '田主丸わがまち防災マップ', description: '筑後川沿いを歩き、避難所や危ない場所を写真で記録して防災マップにまとめます。', themes: ['disaster', 'community'], capacity: 5 }),
    await publishOffer(t, orgs.other, { title: '子ども食堂のお手伝い', description: '夕食の調理と配膳、宿題の手伝いをします。', themes: ['food', 'childcare'], capacity: 4 }),
  ];
  // the unverified organisation's draft (it cannot publish to students)
  offers.push(
    (await call('memberUnverified', 'createOffer', `mutation($input: CreateOfferInput!) { createOffer(input: $input) { id } }`, {
      input: { title: '確認前の募集', description: 'まだ公開できません。', themes: ['disaster'], capacity: 2, stages: ['HIGH_SCHOOL'], mode: 'ONLINE', slots: [] },
    })).createOffer.id,
  );

  // students' say before the run: their own, never an organisation's to learn
  await call('studentA1', 'setOfferInterest', `mutation($id: ID!) { setOfferInterest(offerId: $id, interest: INTERESTED) { id } }`, { id: offers[0] });
  await call('studentA3', 'setOfferInterest', `mutation($id: ID!) { setOfferInterest(offerId: $id, interest: NOT_INTERESTED) { id } }`, { id: offers[1] });

  // the matching on the worker: one proposal per offer
  const run = await runMatching(t, coordinator.token);
  const proposals = await allProposals(t, coordinator.token);
  const members = (p: { participants: { student: { id: string } }[] }) => p.participants.map((x) => x.student.id).sort();
  const expected = (keys: string[]) => keys.map((k) => students.get(k)!.id!).sort();
  const approved = proposals.find((p) => members(p).join() === expected(['A1', 'A2', 'C1', 'C2', 'C3']).join());
  const open = proposals.find((p) => members(p).join() === expected(['B1', 'C4', 'C5', 'C6']).join());
  if (!approved || !open) throw new Error(`the world's run did not propose as planned: ${JSON.stringify(proposals.map(members))}`);
  await call('coordinator', 'approveProposal', `mutation($id: ID!, $at: DateTime) { approveProposal(id: $id, startsAt: $at) { id } }`, { id: approved.id, at: GATHERING_AT });
  const ja = (await call('coordinator', 'proposal', `query($id: ID!) { proposal(id: $id) { jointAction { id event { id } } } }`, { id: approved.id })).proposal.jointAction;
  // both sides say yes: A1 in the app, the others through their school's portal, then the organisation
  const RESPOND = `mutation($id: ID!) { respondToJointAction(jointActionId: $id, accept: true) { status } }`;
  await call('studentA1', 'respondToJointAction', RESPOND, { id: ja.id });
  for (const key of ['A2', 'C1', 'C2', 'C3']) {
    const s = students.get(key)!;
    const res = await t.gql(`mutation($ref: String!, $id: ID!) { respondForStudent(externalRef: $ref, jointActionId: $id, accept: true) { status } }`, { ref: s.ref, id: ja.id }, { apiKey: schools[s.school].apiKey });
    if (res.errors) throw new Error(`respondForStudent ${key}: ${JSON.stringify(res.errors)}`);
  }
  const confirmed = await call('memberOwn', 'respondToJointAction', RESPOND, { id: ja.id });
  if (confirmed.respondToJointAction.status !== 'CONFIRMED') throw new Error(`the world's joint action is ${confirmed.respondToJointAction.status}`);

  // 地福TV: an episode featuring the joint action and the committee meeting; a student's comment
  const soon = (days: number) => new Date(Date.now() + days * 86400_000).toISOString();
  const programId = (await call('coordinator', 'createProgram', `mutation { createProgram(input: { title: "くるめ地福TV", description: "まちの動きを伝えます。" }) { id } }`)).createProgram.id;
  const episodeId = (
    await call('coordinator', 'scheduleEpisode', `mutation($p: ID!, $input: CreateEventInput!) { scheduleEpisode(programId: $p, input: $input) { id } }`, {
      p: programId,
      input: { platform: 'TV', title: '第5回 若者と防災', description: '防災マップづくりを紹介します。', startsAt: soon(-1), mode: 'ONLINE', onlineUrl: 'https://tv.example.jp/live/5' },
    })
  ).scheduleEpisode.id;
  const meetingId = (
    await call('coordinator', 'createEvent', `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
      input: { platform: 'COMMITTEE', title: '新地福委員会 第12回', description: '若者の居場所について話し合います。', startsAt: soon(3), mode: 'ONSITE', location: '久留米市役所 2階' },
    })
  ).createEvent.id;
  await call('coordinator', 'feature', `mutation($e: ID!, $j: ID) { feature(episodeId: $e, jointActionId: $j) { id } }`, { e: episodeId, j: ja.id });
  await call('coordinator', 'feature', `mutation($e: ID!, $ev: ID) { feature(episodeId: $e, eventId: $ev) { id } }`, { e: episodeId, ev: meetingId });
  await call('studentA1', 'postComment', `mutation($e: ID!) { postComment(eventId: $e, text: "ぼくも防災マップに参加しています", atSecond: 30) { id authorName } }`, { e: episodeId });

  // the committee: the students speak (one anonymously), a resident reacts, a coordinator highlights
  for (const who of ['studentA1', 'resident'] as const) await call(who, 'joinEvent', `mutation($id: ID!) { joinEvent(eventId: $id) { id } }`, { id: meetingId });
  await t.gql(`mutation($id: ID!) { joinEvent(eventId: $id) { id } }`, { id: meetingId }, a2);
  const said = (await call('studentA1', 'addPerspective', `mutation($i: AddPerspectiveInput!) { addPerspective(input: $i) { id authorName } }`, { i: { eventId: meetingId, text: '放課後に集まれる居場所がほしい', themes: ['community'] } })).addPerspective.id;
  await t.gql(`mutation($i: AddPerspectiveInput!) { addPerspective(input: $i) { id } }`, { i: { eventId: meetingId, text: '本当は家に居づらい日がある', themes: ['welfare'], anonymous: true } }, a2);
  await call('resident', 'react', `mutation($id: ID!) { react(perspectiveId: $id, stance: AGREE) { id } }`, { id: said });
  await call('coordinator', 'highlightPerspective', `mutation($id: ID!) { highlightPerspective(perspectiveId: $id) { id } }`, { id: said });

  // みんなのもしも: a session, a scenario, a student's response and plan; a need and a helper paired
  const sessionId = (
    await call('coordinator', 'createEvent', `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
      input: { platform: 'PREPAREDNESS', title: 'みんなのもしも 大雨の夜', description: '大雨の夜を想定して話します。', startsAt: soon(5), mode: 'ONSITE', location: '田主丸公民館' },
    })
  ).createEvent.id;
  const scenarioId = (
    await call('coordinator', 'createScenario', `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`, {
      input: { topic: 'DISASTER', title: 'もし夜中に避難指示が出たら？', prompt: '最初に何をしますか', sessionEventIds: [sessionId] },
    })
  ).createScenario.id;
  await call('studentA1', 'respondToScenario', `mutation($id: ID!, $input: ScenarioResponseInput!) { respondToScenario(scenarioId: $id, input: $input) { id authorName } }`, {
    id: scenarioId,
    input: { text: '祖母に電話してから避難所へ向かう', needs: ['EVACUATION_ESCORT'], canHelpWith: ['CHECK_IN_CALL'] },
  });
  await call('studentA1', 'setPlanItem', `mutation { setPlanItem(key: "evacuation_site", done: true) { items { key done } } }`);
  const needId = (
    await call('coordinator', 'registerSupportNeed', `mutation($input: RegisterSupportNeedInput!) { registerSupportNeed(input: $input) { id } }`, {
      input: { label: NEED_LABEL, area: PLEDGE_AREA, kinds: ['CHECK_IN_CALL'], slots: ['WEEKEND_AFTERNOON'], consent: true },
    })
  ).registerSupportNeed.id;
  await call('coordinator', 'setContactCard', `mutation($id: ID!, $input: ContactCardInput!) { setContactCard(needId: $id, input: $input) { id } }`, { id: needId, input: CARD });
  await call('resident', 'pledgeSupport', `mutation($input: PledgeSupportInput!) { pledgeSupport(input: $input) { id } }`, {
    input: { area: PLEDGE_AREA, kinds: ['CHECK_IN_CALL'], slots: ['WEEKEND_AFTERNOON'] },
  });
  const supportRun = (await call('coordinator', 'requestSupportMatching', `mutation { requestSupportMatching { id } }`)).requestSupportMatching.id;
  await waitForRun(t, coordinator.token, supportRun);
  const pairings = (await call('coordinator', 'supportPairings', `{ supportPairings { id } }`)).supportPairings;
  for (const p of pairings) await call('coordinator', 'approveSupportPairing', `mutation($id: ID!) { approveSupportPairing(id: $id) { id } }`, { id: p.id });
  // the day it happens: a disaster over the area, the helper opens the card and reports
  const disasterId = (
    await call('coordinator', 'declareDisaster', `mutation($input: DeclareDisasterInput!) { declareDisaster(input: $input) { id } }`, {
      input: { topic: 'DISASTER', title: '筑後川 大雨 避難指示', areas: [PLEDGE_AREA], endsAt: soon(2) },
    })
  ).declareDisaster.id;
  await call('resident', 'reportSafety', `mutation($id: ID!, $note: String) { reportSafety(needId: $id, status: SAFE, note: $note) { status reportedAt } }`, { id: needId, note: SAFETY_NOTE });

  const publicEventId = (
    await call('memberOwn', 'createEvent', `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
      input: { platform: 'FUTURE_CONFERENCE', title: '未来会議 成果発表会', description: 'どなたでも参加できます。', startsAt: soon(10), mode: 'HYBRID', location: 'えーるピア久留米', hostOrganizationId: orgs.own.id },
    })
  ).createEvent.id;

  return {
    callers,
    schools,
    students,
    orgs,
    offers,
    runs: [run.id, supportRun],
    proposals: { approved: approved.id, open: open.id },
    jointActionId: ja.id,
    gatheringId: ja.event.id,
    episodeId,
    programId,
    disasterId,
    needId,
    meetingId,
    sessionId,
    scenarioId,
    publicEventId,
    journey,
  };
}
