import type { INestApplicationContext } from '@nestjs/common';
import { PDFParse } from 'pdf-parse';
import request from 'supertest';
import { Platform } from '../../src/graph/graph.enums.js';
import { Role } from '../../src/identity/role.enum.js';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createUser, type TestUser } from '../support/factories.js';
import { waitUntil } from '../support/process.js';
import { enroll, ISSUE_SESSION, registerSchool } from '../support/students.js';

let t: TestApp;
let worker: INestApplicationContext;
let coordinator: TestUser;
let resident: TestUser;
let member: TestUser;
let studentToken: string;

beforeAll(async () => {
  t = await startTestApp();
  worker = await startWorker({ ...t.config, runMigrations: false });
  coordinator = await createCoordinator(t);
  resident = await createUser(t, { displayName: '久留米 花' });
  member = await createUser(t, { roles: [Role.ORGANIZATION_MEMBER] });
  const school = await registerSchool(t);
  await enroll(t, school, 'PREP-1');
  studentToken = (await t.gql(ISSUE_SESSION, { ref: 'PREP-1' }, { apiKey: school.apiKey })).data.issueStudentSession.token;
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const CREATE_SCENARIO = `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id topic title prompt responseCount sessions { id platform } } }`;
const RESPOND = `mutation($id: ID!, $input: ScenarioResponseInput!) { respondToScenario(scenarioId: $id, input: $input) { id text needs canHelpWith authorName afterDrill } }`;
const SCENARIO = `query($id: ID!) { scenario(id: $id) { id responseCount responses(first: 50) { totalCount edges { node { text authorName } } }
  aggregates { responses responsesAfterDrills needs { kind area count suppressed } offers { kind area count suppressed } } } }`;
const PLEDGE = `mutation($input: PledgeSupportInput!) { pledgeSupport(input: $input) { id kinds area slots active helper { id } } }`;
const REGISTER = `mutation($input: RegisterSupportNeedInput!) { registerSupportNeed(input: $input) { id label kinds area slots } }`;
const PAIRINGS = `query($status: ProposalStatus) { supportPairings(status: $status) { id score reasons status kinds pledge { id helper { id } } need { id label } } }`;
const NEEDS = `{ supportNeeds { id label } }`;
const REQUEST_RUN = `mutation { requestSupportMatching { id status } }`;
const RUN = `query($id: ID!) { matchingRun(id: $id) { id status proposalsCreated error } }`;
const APPROVE = `mutation($id: ID!) { approveSupportPairing(id: $id) { id status } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectSupportPairing(id: $id, reason: $reason) { id status } }`;
const IMPORT = `mutation($csv: String!) { importSupportNeeds(csv: $csv) { created updated skipped consentWithdrawn } }`;
const SET_ITEM = `mutation($key: String!, $done: Boolean!) { setPlanItem(key: $key, done: $done) { progress items { key label done } } }`;
const DRILL = `mutation($input: ScheduleDrillInput!) { scheduleSupportDrill(input: $input) { id drillEventId drill { id platform } } }`;

const ok = (res: { errors?: unknown; data?: any }): any => {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
};

async function runToCompletion(): Promise<string> {
  const run = ok(await t.gql(REQUEST_RUN, {}, coordinator)).requestSupportMatching;
  let status = '';
  await waitUntil(async () => {
    status = (await t.gql(RUN, { id: run.id }, coordinator)).data.matchingRun.status;
    return status === 'COMPLETED' || status === 'FAILED';
  }, 30_000);
  expect(status).toBe('COMPLETED');
  return run.id;
}

describe('scenarios, responses and aggregates', () => {
  let scenarioId: string;
  it('coordinators and organisation members create scenarios on PREPAREDNESS sessions; residents cannot', async () => {
    const session = await createEvent(t, { platform: Platform.PREPAREDNESS, title: 'みんなのもしも 対話会' });
    const committee = await createEvent(t, { platform: Platform.COMMITTEE });
    const input = { topic: 'DISASTER', title: 'もし夜中に避難指示が出たら？', prompt: '何を持って、誰と、どこへ逃げますか。', sessionEventIds: [session.id] };
    const created = ok(await t.gql(CREATE_SCENARIO, { input }, coordinator)).createScenario;
    expect(created).toMatchObject({ topic: 'DISASTER', responseCount: 0, sessions: [{ id: session.id, platform: 'PREPAREDNESS' }] });
    scenarioId = created.id;
    expect(ok(await t.gql(CREATE_SCENARIO, { input: { ...input, topic: 'INFECTION', sessionEventIds: [] } }, member)).createScenario.topic).toBe('INFECTION');
    expect((await t.gql(CREATE_SCENARIO, { input }, resident)).code).toBe('FORBIDDEN');
    expect((await t.gql(CREATE_SCENARIO, { input: { ...input, sessionEventIds: [committee.id] } }, coordinator)).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(CREATE_SCENARIO, { input: { ...input, title: '  ' } }, coordinator)).code).toBe('BAD_USER_INPUT');
    const list = ok(await t.gql(`{ scenarios(topic: DISASTER) { id } }`, {}, resident)).scenarios;
    expect(list.map((s: { id: string }) => s.id)).toEqual([scenarioId]);
    expect((await t.gql(`{ scenarios { id } }`)).code).toBe('UNAUTHENTICATED');
  });

  it('responses feed needs and offers by kind and area; cells under 3 people are suppressed; anonymous authors hidden', async () => {
    const people = await Promise.all([0, 1, 2, 3].map((i) => createUser(t, { displayName: `中央 住民${i}` })));
    const lone = await createUser(t, { displayName: '南 住民' });
    await t.db.query(`UPDATE app_user SET area = '中央' WHERE id = ANY($1::uuid[])`, [people.map((p) => p.id)]);
    await t.db.query(`UPDATE app_user SET area = '南' WHERE id = $1`, [lone.id]);
    for (const p of people) ok(await t.gql(RESPOND, { id: scenarioId, input: { text: '祖母の薬が心配です', needs: ['MEDICATION_PICKUP'], canHelpWith: ['SHOPPING'] } }, p));
    const anon = ok(await t.gql(RESPOND, { id: scenarioId, input: { text: '一人で逃げられるか不安', needs: ['MEDICATION_PICKUP', 'EVACUATION_ESCORT'], canHelpWith: [], anonymous: true } }, lone));
    expect(anon.respondToScenario.authorName).toBeNull();
    expect((await t.gql(RESPOND, { id: scenarioId, input: { text: '', needs: [], canHelpWith: [] } }, resident)).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(RESPOND, { id: scenarioId, input: { text: 'x', needs: ['FLYING'], canHelpWith: [] } }, resident)).status).toBe(400);

    const s = ok(await t.gql(SCENARIO, { id: scenarioId }, resident)).scenario;
    expect(s.responseCount).toBe(5);
    expect(s.responses.edges.find((e: any) => e.node.text === '一人で逃げられるか不安').node.authorName).toBeNull();
    const asCoordinator = ok(await t.gql(SCENARIO, { id: scenarioId }, coordinator)).scenario;
    expect(asCoordinator.responses.edges.find((e: any) => e.node.text === '一人で逃げられるか不安').node.authorName).toBe('南 住民');
    expect(s.aggregates.needs).toEqual(
      expect.arrayContaining([
        { kind: 'MEDICATION_PICKUP', area: '中央', count: 4, suppressed: false },
        { kind: 'MEDICATION_PICKUP', area: null, count: null, suppressed: true },
        { kind: 'EVACUATION_ESCORT', area: null, count: null, suppressed: true },
      ]),
    );
    expect(s.aggregates.offers).toEqual([{ kind: 'SHOPPING', area: '中央', count: 4, suppressed: false }]);
    expect(JSON.stringify(s.aggregates)).not.toContain('南');
  });
});

describe('もしもプラン', () => {
  it('keeps a checklist with Japanese labels and progress; unknown keys are refused', async () => {
    const plan = ok(await t.gql(`{ myPreparednessPlan { progress items { key label done } } }`, {}, resident)).myPreparednessPlan;
    expect(plan.progress).toBe(0);
    expect(plan.items.map((i: { label: string }) => i.label).join()).toMatch(/備蓄.*避難場所.*家族の連絡先.*常備薬.*ペット.*感染症対策グッズ/);
    await t.gql(SET_ITEM, { key: 'stockpile', done: true }, resident);
    const after = ok(await t.gql(SET_ITEM, { key: 'medication', done: true }, resident)).setPlanItem;
    expect(after.progress).toBeCloseTo(2 / after.items.length);
    expect((await t.gql(SET_ITEM, { key: 'jetpack', done: true }, resident)).code).toBe('BAD_USER_INPUT');
    // a student keeps their own plan too
    expect(ok(await t.gql(SET_ITEM, { key: 'pets', done: true }, { token: studentToken })).setPlanItem.items.find((i: any) => i.key === 'pets').done).toBe(true);
  });

  it('prints a one-page PDF with the Japanese font embedded, holding the checked items', async () => {
    const res = await request(t.app.getHttpServer()).get('/preparedness/plan.pdf').set('authorization', `Bearer ${resident.token}`).buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/FontFile2/); // the TrueType font is embedded
    const parsed = await new PDFParse({ data: new Uint8Array(pdf) }).getText();
    expect(parsed.total).toBe(1);
    const text = parsed.text.replace(/[ \t]+/g, ' ');
    expect(text).toContain('わたしのもしもプラン');
    expect(text).toContain('久留米 花');
    const [done, todo] = text.split('これからすること');
    expect(done).toContain('済 備蓄（水・食料 3日分以上）');
    expect(done).toContain('済 常備薬・お薬手帳');
    expect(done).not.toContain('ペットの避難準備');
    expect(todo).toContain('未 ペットの避難準備');
    expect(todo).not.toContain('常備薬');

    expect((await request(t.app.getHttpServer()).get('/preparedness/plan.pdf')).status).toBe(401);
    expect((await request(t.app.getHttpServer()).get('/preparedness/plan.pdf').set('authorization', 'Bearer nope')).status).toBe(401);
  });
});

describe('needs and pairings are for coordinators alone', () => {
  const need = { label: '中央-001', kinds: ['SHOPPING'], area: '中央', slots: ['WEEKDAY_DAYTIME'], consent: true };
  it('refuses residents, students and organisation members (FORBIDDEN) and anonymous callers', async () => {
    const ops: [string, Record<string, unknown>][] = [
      [PAIRINGS, {}],
      [NEEDS, {}],
      [REGISTER, { input: need }],
      [REQUEST_RUN, {}],
      [APPROVE, { id: '00000000-0000-4000-8000-000000000000' }],
      [REJECT, { id: '00000000-0000-4000-8000-000000000000', reason: 'x' }],
      [IMPORT, { csv: '管理番号,仮名,地区,支援の種類,時間帯,同意\nK-1,A,中央,買い物,平日昼間,はい' }],
    ];
    for (const [op, vars] of ops) {
      for (const who of [resident, member, { token: studentToken }]) {
        const res = await t.gql(op, vars, who);
        expect({ op, code: res.code, data: res.data ?? null }).toEqual({ op, code: 'FORBIDDEN', data: null });
      }
      expect((await t.gql(op, vars)).code).toBe('UNAUTHENTICATED');
    }
    expect((await t.db.query('SELECT count(*)::int AS n FROM support_need'))[0].n).toBe(0);
  });

  it('registers a need only with consent and under a pseudonymous label; every read is audited', async () => {
    expect((await t.gql(REGISTER, { input: { ...need, consent: false } }, coordinator)).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(REGISTER, { input: { ...need, label: '<script>' } }, coordinator)).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(REGISTER, { input: { ...need, kinds: [] } }, coordinator)).code).toBe('BAD_USER_INPUT');
    const created = ok(await t.gql(REGISTER, { input: need }, coordinator)).registerSupportNeed;
    expect(created).toMatchObject({ label: '中央-001', kinds: ['SHOPPING'] });
    ok(await t.gql(NEEDS, {}, coordinator));
    const audit = await t.db.query(`SELECT action, need_ids::text[] AS needs, actor_user_id AS actor FROM support_audit ORDER BY id`);
    expect(audit).toEqual([
      { action: 'NEED_REGISTERED', needs: [created.id], actor: coordinator.id },
      { action: 'NEED_READ', needs: [created.id], actor: coordinator.id },
    ]);
    await t.db.query('DELETE FROM support_need');
  });

  it('a student cannot pledge help (minors); a resident can and sees only their own pledges', async () => {
    const input = { kinds: ['SHOPPING'], area: '中央', slots: ['WEEKDAY_DAYTIME'] };
    expect((await t.gql(PLEDGE, { input }, { token: studentToken })).code).toBe('FORBIDDEN');
    expect((await t.gql(PLEDGE, { input: { ...input, slots: [] } }, resident)).code).toBe('BAD_USER_INPUT');
    const p = ok(await t.gql(PLEDGE, { input }, resident)).pledgeSupport;
    expect(p).toMatchObject({ active: true, helper: { id: resident.id } });
    expect(ok(await t.gql(`{ mySupportPledges { id } }`, {}, member)).mySupportPledges).toEqual([]);
    expect((await t.gql(`mutation($id: ID!) { withdrawSupportPledge(id: $id) { active } }`, { id: p.id }, member)).code).toBe('NOT_FOUND');
    expect(ok(await t.gql(`mutation($id: ID!) { withdrawSupportPledge(id: $id) { active } }`, { id: p.id }, resident)).withdrawSupportPledge.active).toBe(false);
  });
});

describe('the CSV import of the 避難行動要支援者名簿', () => {
  const HEADER = '管理番号,仮名,地区,支援の種類,時間帯,同意';
  it('refuses a bad file with errors by line number and writes nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM support_need'))[0].n;
    const audits = (await t.db.query('SELECT count(*)::int AS n FROM support_audit'))[0].n;
    const csv = [HEADER, 'C-1,Aさん,合川,買い物,平日昼間,はい', 'C-2,Bさん,合川,空を飛ぶ,平日昼間,はい', 'C-3,Cさん,合川,買い物,平日昼間,はい', 'C-3,Dさん,,買い物,平日昼間,たぶん'].join('\r\n');
    const res = await t.gql(IMPORT, { csv }, coordinator);
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(res.data).toBeNull();
    const fields = res.errors![0].extensions!.fields!.map((f) => f.field);
    expect(fields).toEqual(['csv.line3', 'csv.line5']);
    expect(res.errors![0].message).toContain('3行目');
    expect(res.errors![0].message).toContain('5行目');
    expect((await t.db.query('SELECT count(*)::int AS n FROM support_need'))[0].n).toBe(before);
    expect((await t.db.query('SELECT count(*)::int AS n FROM support_audit'))[0].n).toBe(audits);

    const names = await t.gql(IMPORT, { csv: `管理番号,氏名,仮名,地区,支援の種類,時間帯,同意\nC-1,久留米太郎,A,合川,買い物,平日昼間,はい` }, coordinator);
    expect(names.code).toBe('BAD_USER_INPUT');
    expect(names.errors![0].message).toContain('1行目');
    expect(JSON.stringify(names)).not.toContain('久留米太郎');
    expect((await t.db.query('SELECT count(*)::int AS n FROM support_need'))[0].n).toBe(before);
  });

  it('imports a good file in one go, updates by register number, and withdraws consent the file withdraws', async () => {
    const csv = [HEADER, 'C-1,Aさん,北,買い物,平日昼間,はい', 'C-2,Bさん,北,安否確認の電話・薬の受け取り,平日夜,はい', 'C-3,Cさん,北,買い物,平日昼間,いいえ'].join('\n');
    expect(ok(await t.gql(IMPORT, { csv }, coordinator)).importSupportNeeds).toEqual({ created: 2, updated: 0, skipped: 1, consentWithdrawn: 0 });
    const again = [HEADER, 'C-1,Aさん,北,買い物,平日昼間,はい', 'C-2,Bさん,北,安否確認の電話,平日夜,いいえ'].join('\n');
    expect(ok(await t.gql(IMPORT, { csv: again }, coordinator)).importSupportNeeds).toEqual({ created: 0, updated: 1, skipped: 1, consentWithdrawn: 1 });
    const rows = await t.db.query(`SELECT register_ref AS ref, consent FROM support_need WHERE register_ref LIKE 'C-%' ORDER BY 1`);
    expect(rows).toEqual([{ ref: 'C-1', consent: true }, { ref: 'C-2', consent: false }]);
    await t.db.query(`DELETE FROM support_need WHERE register_ref LIKE 'C-%'`);
  });
});

describe('the SUPPORT matching run (on the worker, through the shared assignment engine)', () => {
  const H: Record<string, TestUser> = {};
  const N: Record<string, string> = {};
  const labelOf = new Map<string, string>();

  beforeAll(async () => {
    for (const name of ['A', 'B', 'L', 'C', 'D', 'X']) H[name] = await createUser(t, { displayName: `支援者 ${name}` });
    const pledge = async (h: TestUser, input: Record<string, unknown>) => ok(await t.gql(PLEDGE, { input }, h)).pledgeSupport.id as string;
    await pledge(H.A, { kinds: ['SHOPPING', 'CHECK_IN_CALL'], area: '中央', slots: ['WEEKDAY_DAYTIME'] });
    await pledge(H.B, { kinds: ['SHOPPING'], area: '合川', slots: ['WEEKEND_MORNING'] });
    await pledge(H.L, { kinds: ['CHECK_IN_CALL'], area: '東', slots: ['WEEKDAY_EVENING'] });
    await pledge(H.C, { kinds: ['SHOPPING'], area: '北', slots: ['WEEKDAY_DAYTIME'] });
    await pledge(H.D, { kinds: ['SHOPPING'], area: '北', slots: ['WEEKDAY_DAYTIME', 'WEEKEND_MORNING'] });
    // an inactive pledge that would fit n-area-decoy's area: never used
    const inactive = await pledge(H.X, { kinds: ['SHOPPING'], area: '南', slots: ['WEEKDAY_DAYTIME'] });
    await t.db.query('UPDATE support_pledge SET active = false WHERE id = $1', [inactive]);

    const register = async (label: string, input: Record<string, unknown>) => {
      const n = ok(await t.gql(REGISTER, { input: { label, consent: true, ...input } }, coordinator)).registerSupportNeed;
      N[label] = n.id;
      labelOf.set(n.id, label);
    };
    await register('n-both', { kinds: ['SHOPPING', 'CHECK_IN_CALL'], area: '中央', slots: ['WEEKDAY_DAYTIME'] });
    await register('n-slot', { kinds: ['SHOPPING'], area: '中央', slots: ['WEEKEND_EVENING'] });
    await register('n-kind', { kinds: ['EVACUATION_ESCORT'], area: '合川', slots: ['WEEKEND_MORNING'] });
    await register('n-area', { kinds: ['SHOPPING'], area: '南', slots: ['WEEKDAY_DAYTIME'] });
    await register('n-consent', { kinds: ['SHOPPING'], area: '合川', slots: ['WEEKEND_MORNING'] });
    await register('n-space', { kinds: ['SHOPPING'], area: '合川　', slots: ['WEEKEND_MORNING', 'WEEKEND_AFTERNOON'] });
    for (const i of [1, 2, 3, 4]) await register(`n-load${i}`, { kinds: ['CHECK_IN_CALL'], area: '東', slots: ['WEEKDAY_EVENING'] });
    await register('n-one', { kinds: ['SHOPPING'], area: '北', slots: ['WEEKDAY_DAYTIME'] });
    // the person withdrew consent after registration
    ok(await t.gql(`mutation($id: ID!) { setSupportNeedConsent(id: $id, consent: false) { consent } }`, { id: N['n-consent'] }, coordinator));
  });

  let pairings: any[];
  it('pairs by area, overlapping slots and shared kinds, with consent, up to helpersWanted distinct helpers, bounded load', async () => {
    const runId = await runToCompletion();
    const [run] = await t.db.query(`SELECT kind, proposals_created AS n FROM matching_run WHERE id = $1`, [runId]);
    expect(run).toEqual({ kind: 'SUPPORT', n: 7 });
    pairings = ok(await t.gql(PAIRINGS, { status: 'PROPOSED' }, coordinator)).supportPairings;
    const byLabel = new Map<string, any[]>();
    for (const p of pairings) byLabel.set(p.need.label, [...(byLabel.get(p.need.label) ?? []), p]);

    // n-both: one helper (A) for both kinds
    expect(byLabel.get('n-both')).toHaveLength(1);
    expect(byLabel.get('n-both')![0]).toMatchObject({ kinds: ['CHECK_IN_CALL', 'SHOPPING'], pledge: { helper: { id: H.A.id } } });
    expect(byLabel.get('n-both')![0].reasons.join(' ')).toMatch(/中央.*平日昼間.*買い物/);
    // the rules each decoy breaks
    for (const label of ['n-slot', 'n-kind', 'n-area', 'n-consent']) expect({ label, paired: byLabel.has(label) }).toEqual({ label, paired: false });
    // areas compare normalised
    expect(byLabel.get('n-space')![0].pledge.helper.id).toBe(H.B.id);
    // helper L carries at most 3
    expect(['n-load1', 'n-load2', 'n-load3', 'n-load4'].filter((l) => byLabel.has(l))).toHaveLength(3);
    // helpersWanted (2 unless set): both fitting helpers, never the same one twice
    expect(byLabel.get('n-one')!.map((p) => p.pledge.helper.id).sort()).toEqual([H.C.id, H.D.id].sort());
    for (const p of pairings) expect(p.score).toBeGreaterThan(0);

    // the read was audited: the pairings and the needs behind them
    const [audit] = await t.db.query(`SELECT cardinality(pairing_ids) AS p, cardinality(need_ids) AS n FROM support_audit WHERE action = 'PAIRING_READ' ORDER BY id DESC LIMIT 1`);
    expect(audit).toEqual({ p: 7, n: 6 });
  });

  it('approvals have one winner; rejections need the pairing open; a new run keeps approved work and supersedes open proposals', async () => {
    const both = pairings.find((p) => p.need.label === 'n-both');
    const results = await Promise.all(Array.from({ length: 6 }, () => t.gql(APPROVE, { id: both.id }, coordinator)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.code === 'CONFLICT')).toHaveLength(5);
    expect((await t.gql(REJECT, { id: both.id, reason: '都合がつかない' }, coordinator)).code).toBe('CONFLICT');
    const space = pairings.find((p) => p.need.label === 'n-space');
    expect(ok(await t.gql(REJECT, { id: space.id, reason: '相性の確認が必要' }, coordinator)).rejectSupportPairing.status).toBe('REJECTED');
    expect((await t.gql(APPROVE, { id: space.id }, coordinator)).code).toBe('CONFLICT');
    expect((await t.gql(APPROVE, { id: both.id }, resident)).code).toBe('FORBIDDEN');

    await runToCompletion();
    const open = ok(await t.gql(PAIRINGS, { status: 'PROPOSED' }, coordinator)).supportPairings;
    // the only helper of 中央 is approved already: never proposed twice for one person
    expect(open.some((p: any) => p.need.label === 'n-both')).toBe(false);
    // a coordinator's rejection stands: B is not proposed to n-space again
    expect(open.some((p: any) => p.need.label === 'n-space')).toBe(false);
    expect(open.every((p: any) => !pairings.some((old) => old.id === p.id))).toBe(true);
    const superseded = ok(await t.gql(PAIRINGS, { status: 'SUPERSEDED' }, coordinator)).supportPairings;
    expect(superseded.length).toBe(5);
    // helper A has 2 of 3 units taken by the approved pairing
    const [load] = await t.db.query(`SELECT sum(cardinality(sp.kinds))::int AS n FROM support_pairing sp JOIN support_pledge pl ON pl.id = sp.pledge_id WHERE pl.helper_id = $1 AND sp.status = 'APPROVED'`, [H.A.id]);
    expect(load.n).toBe(2);
  });

  it('an approved pairing gets a drill; responses after it feed the scenario aggregates', async () => {
    const [approved] = ok(await t.gql(PAIRINGS, { status: 'APPROVED' }, coordinator)).supportPairings;
    const scenario = ok(await t.gql(CREATE_SCENARIO, { input: { topic: 'DISASTER', title: 'もし大雨で川があふれそうなら？', prompt: '誰に声をかけますか' } }, coordinator)).createScenario;
    const startsAt = new Date(Date.now() - 3600_000).toISOString();
    const drilled = ok(await t.gql(DRILL, { input: { pairingId: approved.id, scenarioId: scenario.id, title: '中央地区 支え合い避難訓練', startsAt } }, coordinator)).scheduleSupportDrill;
    expect(drilled.drill).toMatchObject({ id: drilled.drillEventId, platform: 'PREPAREDNESS' });
    const open = ok(await t.gql(PAIRINGS, { status: 'PROPOSED' }, coordinator)).supportPairings[0];
    expect((await t.gql(DRILL, { input: { pairingId: open.id, title: '訓練', startsAt } }, coordinator)).code).toBe('CONFLICT');
    expect((await t.gql(DRILL, { input: { pairingId: approved.id, title: '訓練', startsAt } }, resident)).code).toBe('FORBIDDEN');

    const r = ok(await t.gql(RESPOND, { id: scenario.id, input: { text: '訓練で声かけの順番が分かった', needs: [], canHelpWith: ['CHECK_IN_CALL'] } }, resident)).respondToScenario;
    expect(r.afterDrill).toBe(true);
    const s = ok(await t.gql(SCENARIO, { id: scenario.id }, resident)).scenario;
    expect(s.aggregates).toMatchObject({ responses: 1, responsesAfterDrills: 1 });
    // the drill event shows no need's label
    expect(JSON.stringify(await t.db.query('SELECT title, description FROM event WHERE id = $1', [drilled.drillEventId]))).not.toContain('n-');
  });
});

describe('hostile input is refused, never an internal error', () => {
  const NUL = 'a\u0000b';
  const NO_SUCH = '00000000-0000-4000-8000-000000000000';
  // a scenario that exists, so that a refusal is the input's and never a NOT_FOUND
  let scenarioId: string;
  beforeAll(async () => {
    scenarioId = ok(await t.gql(CREATE_SCENARIO, { input: { topic: 'INFECTION', title: 'もし家族が感染したら？', prompt: '誰に何を頼みますか' } }, coordinator)).createScenario.id;
  });
  const cursorWithNul = Buffer.from(JSON.stringify(['x\u0000', 'y'])).toString('base64url');
  it.each([
    ['NUL in a response', RESPOND, () => ({ id: scenarioId, input: { text: NUL, needs: [], canHelpWith: [] } }), 'resident', 'BAD_USER_INPUT'],
    ['NUL in a pledge area', PLEDGE, () => ({ input: { kinds: ['SHOPPING'], area: NUL, slots: ['WEEKDAY_DAYTIME'] } }), 'resident', 'BAD_USER_INPUT'],
    ['NUL in a need label', REGISTER, () => ({ input: { label: NUL, kinds: ['SHOPPING'], area: '中央', slots: ['WEEKDAY_DAYTIME'], consent: true } }), 'coordinator', 'BAD_USER_INPUT'],
    ['NUL in a CSV', IMPORT, () => ({ csv: `管理番号,仮名,地区,支援の種類,時間帯,同意\nK-1,${NUL},中央,買い物,平日昼間,はい` }), 'coordinator', 'BAD_USER_INPUT'],
    ['an empty CSV', IMPORT, () => ({ csv: '' }), 'coordinator', 'BAD_USER_INPUT'],
    ['a CSV with an open quote', IMPORT, () => ({ csv: '管理番号,仮名,地区,支援の種類,時間帯,同意\n"K-1,A,中央,買い物,平日昼間,はい' }), 'coordinator', 'BAD_USER_INPUT'],
    ['a drill in 271822 BC', DRILL, () => ({ input: { pairingId: NO_SUCH, title: '訓練', startsAt: '-271821-04-20T00:00:00.000Z' } }), 'coordinator', 'BAD_USER_INPUT'],
    ['a responses cursor with NUL', `query($id: ID!) { scenario(id: $id) { responses(after: "${cursorWithNul}") { totalCount } } }`, () => ({ id: scenarioId }), 'resident', 'BAD_USER_INPUT'],
    ['a scenario id that is not a uuid', `{ scenario(id: "nope") { id } }`, () => ({}), 'resident', 'BAD_USER_INPUT'],
  ])('%s', async (_name, op, vars, who, code) => {
    const res = await t.gql(op as string, (vars as () => Record<string, unknown>)(), who === 'coordinator' ? coordinator : resident);
    expect(res.status).toBeLessThan(500);
    expect(res.code).toBe(code);
  });
});
