import { ActivitySources1764700000000 } from '../../migrations/1764700000000-activity-sources.js';
import { Platform } from '../../src/graph/graph.enums.js';
import { Role } from '../../src/identity/role.enum.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createOrgMember, createUser, type TestUser } from '../support/factories.js';
import { enroll, ISSUE_SESSION, registerSchool, WITHDRAW, type TestSchool } from '../support/students.js';

/**
 * The sibling platforms in 地福TV's cross-platform feed: a もしも scenario opened
 * (SCENARIO_OPENED), a committee statement a coordinator highlights (PERSPECTIVE_HIGHLIGHTED), and
 * the erasure of a highlighted statement with its author's withdrawal.
 */
let t: TestApp;
let coordinator: TestUser;
let resident: TestUser;
let member: TestUser;
let school: TestSchool;

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await createCoordinator(t);
  resident = await createUser(t, { roles: [Role.RESIDENT], displayName: '住民 一郎' });
  member = (await createOrgMember(t)).user;
  school = await registerSchool(t, '久留米市立活動中学校');
});
afterAll(() => t?.close());

const FEED = `query($platform: Platform, $after: String) { activityFeed(platform: $platform, first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id kind platform title label occurredAt event { id title } } } } }`;
const CREATE_SCENARIO = `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id title sessions { id } } }`;
const JOIN = 'mutation($id: ID!) { joinEvent(eventId: $id) { id } }';
const ADD = `mutation($i: AddPerspectiveInput!) { addPerspective(input: $i) { id text highlighted } }`;
const HIGHLIGHT = `mutation($id: ID!) { highlightPerspective(perspectiveId: $id) { id text highlighted authorName event { id } } }`;
const LIST = `query($id: ID!) { perspectives(eventId: $id, first: 100) { edges { node { id highlighted } } } }`;

type Line = { id: string; kind: string; platform: string; title: string; label: string; event: { id: string; title: string } | null };

const ok = (res: { errors?: unknown; data?: any }): any => {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
};

/** Every line of the feed a caller sees, all pages. */
async function feed(creds: { token?: string } = {}, platform?: string): Promise<Line[]> {
  const all: Line[] = [];
  let after: string | undefined;
  do {
    const page = ok(await t.gql(FEED, { platform, after }, creds)).activityFeed;
    all.push(...page.edges.map((e: { node: Line }) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
  } while (after);
  return all;
}

async function perspective(meetingId: string, author: { token: string }, text: string, anonymous = false): Promise<string> {
  await t.gql(JOIN, { id: meetingId }, author);
  return ok(await t.gql(ADD, { i: { eventId: meetingId, text, themes: ['disaster'], anonymous } }, author)).addPerspective.id;
}

const readers = () => [{}, { token: resident.token }, { token: member.token }, { token: coordinator.token }];

describe('SCENARIO_OPENED', () => {
  it('a scenario appears in the feed once, on PREPAREDNESS, linked to its earliest session, for every reader', async () => {
    const later = await createEvent(t, { platform: Platform.PREPAREDNESS, title: 'もしも対話会 第2回', startsAt: new Date(Date.now() + 14 * 86400_000) });
    const sooner = await createEvent(t, { platform: Platform.PREPAREDNESS, title: 'もしも対話会 第1回', startsAt: new Date(Date.now() + 3 * 86400_000) });
    const created = ok(
      await t.gql(CREATE_SCENARIO, { input: { topic: 'DISASTER', title: 'もし夜中に\n避難指示が出たら？', prompt: 'まず何をしますか', sessionEventIds: [later.id, sooner.id] } }, { token: coordinator.token }),
    ).createScenario;
    for (const creds of readers()) {
      const lines = (await feed(creds)).filter((l) => l.kind === 'SCENARIO_OPENED');
      // the title as the scenario keeps it (inputs are NFKC-normalised), on one line
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ kind: 'SCENARIO_OPENED', platform: 'PREPAREDNESS', title: `みんなのもしも: ${created.title.replace('\n', ' ')}`, label: 'もしもシナリオが公開されました', event: { id: sooner.id, title: 'もしも対話会 第1回' } });
      expect(lines[0].title).toMatch(/^みんなのもしも: もし夜中に 避難指示が出たら[？?]$/);
    }
    expect(await t.db.query('SELECT scenario_id FROM tv_activity WHERE dedupe_key = $1', [`scenario:${created.id}`])).toEqual([{ scenario_id: created.id }]);
    // the platform filter keeps it
    expect((await feed({}, 'PREPAREDNESS')).some((l) => l.kind === 'SCENARIO_OPENED')).toBe(true);
    expect((await feed({}, 'COMMITTEE')).some((l) => l.kind === 'SCENARIO_OPENED')).toBe(false);
  });

  it("an organisation member's scenario without a session has no event; a long title is cut; a refused scenario leaves no line", async () => {
    const title = `もし感染症が${'広がって'.repeat(45)}いたら？`;
    const created = ok(await t.gql(CREATE_SCENARIO, { input: { topic: 'INFECTION', title, prompt: '誰に連絡しますか' } }, { token: member.token })).createScenario;
    const [line] = (await feed()).filter((l) => l.kind === 'SCENARIO_OPENED' && l.title.startsWith('みんなのもしも: もし感染症が'));
    expect(line.event).toBeNull();
    expect([...line.title].length).toBe('みんなのもしも: '.length + 100);
    expect(line.title.endsWith('…')).toBe(true);
    expect(await t.db.query('SELECT 1 FROM tv_activity WHERE scenario_id = $1', [created.id])).toHaveLength(1);

    const before = (await feed({ token: coordinator.token })).length;
    const committee = await createEvent(t, { platform: Platform.COMMITTEE });
    const refused = await t.gql(CREATE_SCENARIO, { input: { topic: 'DISASTER', title: 'もし停電したら？', prompt: '備え', sessionEventIds: [committee.id] } }, { token: coordinator.token });
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect((await t.gql(CREATE_SCENARIO, { input: { topic: 'DISASTER', title: 'もし停電したら？', prompt: '備え' } }, { token: resident.token })).code).toBe('FORBIDDEN');
    // the committee event is new in the feed (EVENT_SCHEDULED); no scenario line came with the refusals
    const after = await feed({ token: coordinator.token });
    expect(after.length).toBe(before + 1);
    expect(after.some((l) => l.title.includes('もし停電したら'))).toBe(false);
  });
});

describe('PERSPECTIVE_HIGHLIGHTED', () => {
  it('a coordinator highlights a statement: one COMMITTEE line quoting it, linked to the meeting; a second call changes nothing', async () => {
    const meeting = await createEvent(t, { title: '新地福委員会 防災の回' });
    const speaker = await createUser(t, { displayName: '筑後 次郎' });
    const text = `避難所の運営に${'高校生'.repeat(40)}の力を借りたい`;
    const id = await perspective(meeting.id, speaker, text);
    expect(ok(await t.gql(LIST, { id: meeting.id }, { token: resident.token })).perspectives.edges[0].node.highlighted).toBe(false);

    const first = ok(await t.gql(HIGHLIGHT, { id }, { token: coordinator.token })).highlightPerspective;
    expect(first).toMatchObject({ id, text, highlighted: true, authorName: '筑後 次郎', event: { id: meeting.id } });
    const [{ highlighted_at: at }] = await t.db.query('SELECT highlighted_at FROM perspective WHERE id = $1', [id]);
    const again = await t.gql(HIGHLIGHT, { id }, { token: (await createCoordinator(t)).token });
    expect(again.errors).toBeUndefined();
    expect(again.data.highlightPerspective.highlighted).toBe(true);
    expect((await t.db.query('SELECT highlighted_at FROM perspective WHERE id = $1', [id]))[0].highlighted_at).toEqual(at);

    for (const creds of readers()) {
      const lines = (await feed(creds)).filter((l) => l.kind === 'PERSPECTIVE_HIGHLIGHTED');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ platform: 'COMMITTEE', label: '注目の視点', event: { id: meeting.id } });
      // 「the first 79 characters…」（the meeting）, never the speaker
      expect(lines[0].title).toBe(`視点: 「${text.slice(0, 79)}…」（新地福委員会 防災の回）`);
      expect(lines[0].title).not.toContain('筑後');
    }
    expect((await feed({}, 'COMMITTEE')).filter((l) => l.kind === 'PERSPECTIVE_HIGHLIGHTED')).toHaveLength(1);
    expect(ok(await t.gql(LIST, { id: meeting.id }, { token: resident.token })).perspectives.edges[0].node.highlighted).toBe(true);
  });

  it('a coordinator takes a highlight back: the line leaves the feed for every reader; again changes nothing; highlighting anew writes a new line', async () => {
    const UNHIGHLIGHT = `mutation($id: ID!) { unhighlightPerspective(perspectiveId: $id) { id highlighted } }`;
    const meeting = await createEvent(t, { title: '新地福委員会 取り消しの回' });
    const id = await perspective(meeting.id, await createUser(t), '間違えて選ばれた視点');
    const lines = async (creds: Parameters<typeof feed>[0]) => (await feed(creds)).filter((l) => l.kind === 'PERSPECTIVE_HIGHLIGHTED' && l.title.includes('間違えて選ばれた'));
    ok(await t.gql(HIGHLIGHT, { id }, { token: coordinator.token }));
    expect(await lines({ token: coordinator.token })).toHaveLength(1);

    // nobody else may take it back, and a refusal changes nothing
    for (const who of [resident, await createUser(t)]) expect((await t.gql(UNHIGHLIGHT, { id }, { token: who.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(UNHIGHLIGHT, { id })).code).toBe('UNAUTHENTICATED');
    expect(await lines({})).toHaveLength(1);

    expect(ok(await t.gql(UNHIGHLIGHT, { id }, { token: coordinator.token })).unhighlightPerspective).toEqual({ id, highlighted: false });
    for (const creds of readers()) expect(await lines(creds)).toHaveLength(0);
    expect((await t.db.query('SELECT count(*)::int AS n FROM tv_activity WHERE perspective_id = $1', [id]))[0].n).toBe(0);
    expect(ok(await t.gql(UNHIGHLIGHT, { id }, { token: coordinator.token })).unhighlightPerspective).toEqual({ id, highlighted: false });

    ok(await t.gql(HIGHLIGHT, { id }, { token: coordinator.token }));
    expect(await lines({})).toHaveLength(1);
    expect((await t.gql(UNHIGHLIGHT, { id: '00000000-0000-4000-8000-000000000000' }, { token: coordinator.token })).code).toBe('NOT_FOUND');
    expect((await t.gql(UNHIGHLIGHT, { id: 'nope' }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
  });

  it('two coordinators highlighting at once make one line', async () => {
    const meeting = await createEvent(t);
    const id = await perspective(meeting.id, await createUser(t), '同時に選ばれても一度だけ');
    const other = await createCoordinator(t);
    const results = await Promise.all([coordinator, other, coordinator, other].map((c) => t.gql(HIGHLIGHT, { id }, { token: c.token })));
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(await t.db.query('SELECT 1 FROM tv_activity WHERE perspective_id = $1', [id])).toHaveLength(1);
  });

  it("an anonymous author's name reaches no reader, not even when the statement names its author", async () => {
    const NAME = '耳納 静香';
    const meeting = await createEvent(t, { title: '新地福委員会 見守りの回' });
    const author = await createUser(t, { displayName: NAME });
    const id = await perspective(meeting.id, author, '耳納としては、見守りの負担を\n正直に話したい（耳納 静香）', true);
    ok(await t.gql(HIGHLIGHT, { id }, { token: coordinator.token }));
    for (const creds of [...readers(), { token: author.token }]) {
      const lines = await feed(creds);
      const line = lines.find((l) => l.kind === 'PERSPECTIVE_HIGHLIGHTED' && l.event?.id === meeting.id)!;
      expect(line.title).toBe('視点: 「（参加者）としては、見守りの負担を 正直に話したい（（参加者））」（新地福委員会 見守りの回）');
      expect(JSON.stringify(lines)).not.toMatch(/耳納|静香/);
    }
  });

  it('coordinators only; an unknown id is NOT_FOUND, a malformed one BAD_USER_INPUT; refusals change nothing', async () => {
    const meeting = await createEvent(t);
    const author = await createUser(t);
    const id = await perspective(meeting.id, author, 'まだ選ばれていない視点');
    await enroll(t, school, 'ACT-FORBIDDEN');
    const studentToken = ok(await t.gql(ISSUE_SESSION, { ref: 'ACT-FORBIDDEN' }, { apiKey: school.apiKey })).issueStudentSession.token;
    for (const creds of [{ token: resident.token }, { token: member.token }, { token: author.token }, { token: studentToken }, { apiKey: school.apiKey }]) {
      expect((await t.gql(HIGHLIGHT, { id }, creds)).code).toBe('FORBIDDEN');
    }
    expect((await t.gql(HIGHLIGHT, { id })).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(HIGHLIGHT, { id: '00000000-0000-4000-8000-000000000000' }, { token: coordinator.token })).code).toBe('NOT_FOUND');
    const bad = await t.gql(HIGHLIGHT, { id: 'not-a-uuid' }, { token: coordinator.token });
    expect(bad.code).toBe('BAD_USER_INPUT');
    // named by the caller's variable, $id (the ID scalar refuses it while the variables are read)
    expect(bad.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['id']);
    expect(bad.errors![0].message).toMatch(/UUID/);
    expect(await t.db.query('SELECT highlighted_at, highlighted_by FROM perspective WHERE id = $1', [id])).toEqual([{ highlighted_at: null, highlighted_by: null }]);
    expect(await t.db.query('SELECT 1 FROM tv_activity WHERE perspective_id = $1', [id])).toHaveLength(0);
  });
});

describe('erasure', () => {
  it("a student's highlighted statement leaves the feed with the student's withdrawal", async () => {
    const NAME = '高良 みのり';
    const TEXT = '通学路の見守りを中学生もいっしょにやりたい-8d1c';
    const meeting = await createEvent(t, { title: '新地福委員会 子どもの回' });
    await enroll(t, school, 'ACT-ERASE', { displayName: NAME });
    const token = ok(await t.gql(ISSUE_SESSION, { ref: 'ACT-ERASE' }, { apiKey: school.apiKey })).issueStudentSession.token;
    const id = await perspective(meeting.id, { token }, TEXT);
    // someone else's highlighted statement at the same meeting stays
    const keep = await perspective(meeting.id, resident, '大人も見守りに加わりたい');
    ok(await t.gql(HIGHLIGHT, { id }, { token: coordinator.token }));
    ok(await t.gql(HIGHLIGHT, { id: keep }, { token: coordinator.token }));
    const mine = (lines: Line[]) => lines.filter((l) => l.kind === 'PERSPECTIVE_HIGHLIGHTED' && l.event?.id === meeting.id);
    expect(mine(await feed()).map((l) => l.title).sort()).toEqual([`視点: 「${TEXT}」（新地福委員会 子どもの回）`, '視点: 「大人も見守りに加わりたい」（新地福委員会 子どもの回）'].sort());
    expect(JSON.stringify(await feed({ token: coordinator.token }))).not.toContain(NAME);

    ok(await t.gql(WITHDRAW, { ref: 'ACT-ERASE' }, { apiKey: school.apiKey }));
    for (const creds of readers()) {
      const lines = await feed(creds);
      expect(mine(lines).map((l) => l.title)).toEqual(['視点: 「大人も見守りに加わりたい」（新地福委員会 子どもの回）']);
      expect(JSON.stringify(lines)).not.toContain(TEXT);
    }
    expect(await t.db.query(`SELECT 1 FROM tv_activity WHERE dedupe_key = $1 OR strpos(title, $2) > 0`, [`perspective:${id}`, TEXT])).toHaveLength(0);
  });

  it('a deleted scenario or meeting takes its lines with it', async () => {
    const scenario = ok(await t.gql(CREATE_SCENARIO, { input: { topic: 'DISASTER', title: 'もし橋が通れなくなったら？', prompt: '遠回りの道は' } }, { token: coordinator.token })).createScenario;
    const meeting = await createEvent(t);
    const id = await perspective(meeting.id, resident, '消える会議の視点');
    ok(await t.gql(HIGHLIGHT, { id }, { token: coordinator.token }));
    // no API deletes either today: the foreign keys make any future path erase the quotes
    await t.db.query('DELETE FROM scenario WHERE id = $1', [scenario.id]);
    await t.db.query('DELETE FROM event WHERE id = $1', [meeting.id]);
    expect(await t.db.query(`SELECT 1 FROM tv_activity WHERE dedupe_key = ANY($1)`, [[`scenario:${scenario.id}`, `perspective:${id}`]])).toHaveLength(0);
  });
});

describe('the migration', () => {
  it('gives scenarios opened before it their line, at the time they were opened', async () => {
    const runner = t.db.createQueryRunner();
    const migration = new ActivitySources1764700000000();
    try {
      await migration.down(runner);
      const [old] = await t.db.query(
        `INSERT INTO scenario (topic, title, prompt, created_at) VALUES ('INFECTION', '  もし家族が
           熱を出したら？ ', '誰が看病しますか', now() - interval '30 days') RETURNING id, created_at`,
      );
      const session = await createEvent(t, { platform: Platform.PREPAREDNESS });
      await t.db.query('INSERT INTO scenario_session (scenario_id, event_id) VALUES ($1, $2)', [old.id, session.id]);
      await migration.up(runner);
      const lines = await t.db.query(`SELECT kind, platform, title, event_id, public, occurred_at, scenario_id FROM tv_activity WHERE dedupe_key = $1`, [`scenario:${old.id}`]);
      expect(lines).toEqual([
        { kind: 'SCENARIO_OPENED', platform: 'PREPAREDNESS', title: 'みんなのもしも: もし家族が 熱を出したら？', event_id: session.id, public: true, occurred_at: old.created_at, scenario_id: old.id },
      ]);
    } finally {
      await runner.release();
    }
  });
});
