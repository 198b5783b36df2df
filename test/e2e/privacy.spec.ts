import { createHash } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createOrgMember, type TestUser } from '../support/factories.js';
import { createSchool, insertOffer, insertProposal as insertOpenProposal, insertStudents } from '../support/matching-fixtures.js';
import { countStatements, enroll, insertJointAction, ISSUE_SESSION, profile, registerSchool, WITHDRAW, type TestSchool } from '../support/students.js';

/** Item 8: the APPI data export, the audit log of coordinators' reads and decisions, and school key rotation. */
let t: TestApp;
let coordinator: TestUser;
let school: TestSchool;
let otherSchool: TestSchool;

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await createCoordinator(t);
  school = await registerSchool(t, '久留米市立城南中学校');
  otherSchool = await registerSchool(t, '久留米市立荒木小学校');
});
afterAll(() => t?.close());

const EXPORT = `query($ref: String!) { exportStudentData(externalRef: $ref) }`;
const AUDIT_LOG = `query($kind: AuditKind, $studentId: ID, $first: Int, $after: String) {
  auditLog(kind: $kind, studentId: $studentId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind at actor { id displayName } actorSchool { id name } studentIds schoolId fields requestId proposalId decision } }
  }
}`;
const ROTATE = `mutation($schoolId: ID) { rotateSchoolKey(schoolId: $schoolId) { apiKey school { id name } } }`;

/** Posts with extra headers (the gql helper sends only credentials). */
async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const res = await request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set(headers).send({ query, variables });
  return { status: res.status, body: res.body as { data?: any; errors?: { extensions?: { code?: string } }[] }, requestId: res.headers['x-request-id'] as string };
}

async function auditAll(vars: Record<string, unknown> = {}) {
  const entries: any[] = [];
  let after: string | undefined;
  for (;;) {
    const res = await t.gql(AUDIT_LOG, { ...vars, first: 100, after }, { token: coordinator.token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    entries.push(...res.data.auditLog.edges.map((e: { node: unknown }) => e.node));
    if (!res.data.auditLog.pageInfo.hasNextPage) return entries;
    after = res.data.auditLog.pageInfo.endCursor;
  }
}

describe('exportStudentData', () => {
  const NAME = '開示 請求太郎';
  const CONCERNS = '放課後に祖父の見守りをしていて部活に出られないのが悩みです-e1';
  const INTERESTS = '手話を覚えて地域のイベントで通訳してみたい-e2';

  it('gives the school portal everything held on its own student, as JSON, and records the export', async () => {
    const s = await enroll(t, school, 'EXP-001', { displayName: NAME, stage: 'JUNIOR_HIGH', profile: profile({ concerns: CONCERNS, interests: INTERESTS, themes: ['disability', 'welfare'] }) });
    // an approved joint action (with its event and participants) and an open proposal
    const ja = await insertJointAction(t, [{ id: s.id, reasons: ['テーマ「障がい」が共通'] }]);
    const open = await insertOpenProposal(t, await insertOffer(t, { organizationId: ja.organizationId, title: '手話で話そう' }), [s.id]);
    // the student joins an event, and reads a notification
    const session = await t.gql(ISSUE_SESSION, { ref: 'EXP-001' }, { apiKey: school.apiKey });
    const studentToken = session.data.issueStudentSession.token;
    const event = await createEvent(t, { title: '地域の防災訓練' });
    expect((await t.gql(`mutation($id: ID!) { joinEvent(eventId: $id) { id } }`, { id: event.id }, { token: studentToken })).errors).toBeUndefined();
    await t.db.query(`INSERT INTO notification (user_id, kind, dedupe_key, title, body) VALUES ($1, 'TEST', $2, 'お知らせ', '本文です')`, [s.id, `test:${s.id}`]);
    // a coordinator reads the minor's profile: an audit entry about them
    await t.gql(`query($id: ID!) { proposal(id: $id) { participants { student { profile { concerns } } } } }`, { id: open }, { token: coordinator.token });

    const res = await post(EXPORT, { ref: 'EXP-001' }, { 'x-api-key': school.apiKey, 'x-request-id': 'export-req-1' });
    expect(res.body.errors).toBeUndefined();
    const data = JSON.parse(res.body.data.exportStudentData);
    expect(data.format).toBe('chifuku-neo/student-data@1');
    expect(data.student).toMatchObject({
      id: s.id,
      externalRef: 'EXP-001',
      stage: 'JUNIOR_HIGH',
      guardianConsent: true,
      profile: { concerns: CONCERNS, interests: INTERESTS, themes: [{ key: 'disability', label: '障がい' }, { key: 'welfare', label: '地域福祉' }], area: '荒木' },
    });
    expect(data.account).toMatchObject({ id: s.id, displayName: NAME, roles: ['STUDENT'], email: null, hasPassword: false });
    expect(data.account.createdAt).toEqual(expect.any(String));
    expect(data.school).toEqual({ id: school.id, name: '久留米市立城南中学校' });
    expect(data.proposals).toHaveLength(2);
    expect(data.proposals.map((p: { status: string }) => p.status).sort()).toEqual(['APPROVED', 'PROPOSED']);
    const approved = data.proposals.find((p: { status: string }) => p.status === 'APPROVED');
    expect(approved).toMatchObject({ reasons: ['テーマ「障がい」が共通'], offer: { title: '防災マップづくり' }, jointActionId: ja.jointActionId });
    expect(approved.score).toEqual(expect.any(Number));
    expect(data.jointActions).toEqual([expect.objectContaining({ id: ja.jointActionId, eventId: ja.eventId, offer: expect.objectContaining({ id: ja.offerId }) })]);
    expect(data.events.map((e: { id: string }) => e.id).sort()).toEqual([ja.eventId, event.id].sort());
    expect(data.events.find((e: { id: string }) => e.id === event.id)).toMatchObject({ title: '地域の防災訓練', status: 'JOINED' });
    expect(data.notifications).toEqual([expect.objectContaining({ kind: 'TEST', title: 'お知らせ', body: '本文です' })]);
    const kinds = data.auditLog.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['STUDENT_READ', 'DATA_EXPORT']));
    expect(data.auditLog.find((e: { kind: string }) => e.kind === 'STUDENT_READ')).toMatchObject({ actor: { id: coordinator.id }, fields: ['profile'] });

    // the export is on record: which school, which student, which request
    const exports = await auditAll({ kind: 'DATA_EXPORT', studentId: s.id });
    expect(exports).toEqual([expect.objectContaining({ kind: 'DATA_EXPORT', actor: null, actorSchool: { id: school.id, name: '久留米市立城南中学校' }, studentIds: [s.id], requestId: 'export-req-1' })]);
  });

  it('is NOT_FOUND for another school’s student, an unknown or withdrawn student; only school keys may ask', async () => {
    await enroll(t, school, 'EXP-002', { displayName: '別校 から見えない' });
    expect((await t.gql(EXPORT, { ref: 'EXP-002' }, { apiKey: otherSchool.apiKey })).code).toBe('NOT_FOUND');
    expect((await t.gql(EXPORT, { ref: 'NOBODY-1' }, { apiKey: school.apiKey })).code).toBe('NOT_FOUND');
    expect((await t.gql(EXPORT, { ref: 'not a ref!' }, { apiKey: school.apiKey })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(EXPORT, { ref: 'EXP-002' }, { token: coordinator.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(EXPORT, { ref: 'EXP-002' })).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(WITHDRAW, { ref: 'EXP-002' }, { apiKey: school.apiKey })).errors).toBeUndefined();
    expect((await t.gql(EXPORT, { ref: 'EXP-002' }, { apiKey: school.apiKey })).code).toBe('NOT_FOUND');
  });
});

describe('the audit of coordinators reading minors', () => {
  let schoolId: string;
  let orgId: string;
  beforeAll(async () => {
    schoolId = await createSchool(t, '久留米市立監査中学校');
    orgId = (await createOrgMember(t)).org.id;
  });

  const PROPOSALS = `query($first: Int, $offerId: ID) { proposals(first: $first, offerId: $offerId) { edges { node { id participants { student {
    id displayName stage guardianConsent matchable school { name } profile { concerns interests } } } } } } }`;

  it('a page of 100 proposals with their students writes ONE bulk insert; only minors, ids and field names only', async () => {
    const concerns = Array.from({ length: 100 }, (_, i) => `監査で写してはいけない悩み-${i}-a9`);
    const minors = await insertStudents(t, schoolId, concerns.slice(0, 99).map((c, i) => ({ stage: i % 2 ? 'JUNIOR_HIGH' : 'ELEMENTARY', concerns: c, displayName: `監査 生徒${i}` })));
    const [adult] = await insertStudents(t, schoolId, [{ stage: 'UNIVERSITY', concerns: concerns[99], displayName: '監査 大学生' }]);
    const offer = await insertOffer(t, { organizationId: orgId, capacity: 200 });
    for (const id of [...minors, adult]) await insertOpenProposal(t, offer, [id]);

    const { result, statements } = await countStatements(t, () =>
      request(t.app.getHttpServer())
        .post('/graphql')
        .set({ 'content-type': 'application/json', authorization: `Bearer ${coordinator.token}`, 'x-request-id': 'audit-page-100' })
        .send({ query: PROPOSALS, variables: { first: 100, offerId: offer } }),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.proposals.edges).toHaveLength(100);
    expect(statements.filter((s) => /INSERT INTO privacy_audit/.test(s))).toHaveLength(1);

    const rows: { student_id: string; actor_user_id: string; fields: string[]; request_id: string }[] = await t.db.query(
      `SELECT student_id, actor_user_id, fields, request_id FROM privacy_audit WHERE request_id = 'audit-page-100'`,
    );
    expect(rows).toHaveLength(99);
    expect(new Set(rows.map((r) => r.student_id))).toEqual(new Set(minors));
    for (const r of rows) expect(r).toMatchObject({ actor_user_id: coordinator.id, fields: ['guardianConsent', 'matchable', 'profile', 'school'] });
    // the record copies nothing of what was read
    const dump = JSON.stringify(await t.db.query('SELECT * FROM privacy_audit'));
    for (const text of [...concerns, '監査 生徒1', '久留米市立監査中学校']) expect(dump).not.toContain(text);
  });

  it('is not written for the student, their school, a university student, or a query without guarded fields', async () => {
    const s = await enroll(t, school, 'AUD-SELF', { stage: 'HIGH_SCHOOL', profile: profile() });
    const before = await t.db.query('SELECT count(*)::int AS n FROM privacy_audit');
    const token = (await t.gql(ISSUE_SESSION, { ref: 'AUD-SELF' }, { apiKey: school.apiKey })).data.issueStudentSession.token;
    expect((await t.gql(`{ myStudent { profile { concerns } school { name } } }`, {}, { token })).errors).toBeUndefined();
    expect((await t.gql(`mutation($ref: String!) { setGuardianConsent(externalRef: $ref, consent: true) { guardianConsent profile { themes } } }`, { ref: 'AUD-SELF' }, { apiKey: school.apiKey })).errors).toBeUndefined();
    const offer = await insertOffer(t, { organizationId: orgId });
    const p = await insertOpenProposal(t, offer, [s.id]);
    expect((await t.gql(`query($id: ID!) { proposal(id: $id) { participants { student { id displayName stage } } } }`, { id: p }, { token: coordinator.token })).errors).toBeUndefined();
    expect(await t.db.query('SELECT count(*)::int AS n FROM privacy_audit')).toEqual(before);

    const res = await post(`query($id: ID!) { proposal(id: $id) { participants { student { profile { themes } } } } }`, { id: p }, { authorization: `Bearer ${coordinator.token}` });
    expect(res.body.errors).toBeUndefined();
    const entries = await auditAll({ kind: 'STUDENT_READ', studentId: s.id });
    expect(entries).toEqual([expect.objectContaining({ kind: 'STUDENT_READ', actor: { id: coordinator.id, displayName: '福祉 花子' }, studentIds: [s.id], fields: ['profile'], requestId: res.requestId })]);
  });
});

describe('auditLog', () => {
  it('merges reads and decisions newest first, pages by cursor (at most 100), and filters by kind and student', async () => {
    const schoolId = await createSchool(t, '久留米市立頁送り中学校');
    const orgId = (await createOrgMember(t)).org.id;
    const students = await insertStudents(t, schoolId, Array.from({ length: 6 }, () => ({ stage: 'HIGH_SCHOOL' as const })));
    const offer = await insertOffer(t, { organizationId: orgId, capacity: 10 });
    const proposals: string[] = [];
    for (const s of students) proposals.push(await insertOpenProposal(t, offer, [s]));
    for (const p of proposals.slice(0, 3)) {
      await t.gql(`query($id: ID!) { proposal(id: $id) { participants { student { guardianConsent } } } }`, { id: p }, { token: coordinator.token });
      expect((await t.gql(`mutation($id: ID!) { approveProposal(id: $id) { status } }`, { id: p }, { token: coordinator.token })).errors).toBeUndefined();
    }
    for (const p of proposals.slice(3)) {
      expect((await t.gql(`mutation($id: ID!) { rejectProposal(id: $id, reason: "日程が合わない") { status } }`, { id: p }, { token: coordinator.token })).errors).toBeUndefined();
    }

    const decisions = await auditAll({ kind: 'DECISION' });
    const ours = decisions.filter((d) => proposals.includes(d.proposalId));
    expect(ours).toHaveLength(6);
    expect(ours.filter((d) => d.decision === 'APPROVED')).toHaveLength(3);
    expect(ours.find((d) => d.proposalId === proposals[4])).toMatchObject({ kind: 'DECISION', decision: 'REJECTED', actor: { id: coordinator.id }, studentIds: [students[4]] });

    // one student's entries: the read and the decision about them, newest first
    const about = await auditAll({ studentId: students[0] });
    expect(about.map((e) => e.kind)).toEqual(['DECISION', 'STUDENT_READ']);
    expect(about[0].at >= about[1].at).toBe(true);

    // pages of 2 walk the whole log once, in order
    const all = await auditAll();
    const walked: any[] = [];
    let after: string | undefined;
    for (;;) {
      const res = await t.gql(AUDIT_LOG, { first: 2, after }, { token: coordinator.token });
      expect(res.data.auditLog.totalCount).toBe(all.length);
      walked.push(...res.data.auditLog.edges.map((e: { node: unknown }) => e.node));
      if (!res.data.auditLog.pageInfo.hasNextPage) break;
      after = res.data.auditLog.pageInfo.endCursor;
    }
    expect(walked.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(new Set(walked.map((e) => e.id)).size).toBe(walked.length);
    // newest first (the API shows milliseconds; the order itself uses the stored microseconds)
    for (let i = 1; i < walked.length; i++) expect(walked[i - 1].at >= walked[i].at).toBe(true);
    expect([...new Set(all.map((e) => e.kind))]).toEqual(expect.arrayContaining(['STUDENT_READ', 'DECISION', 'DATA_EXPORT']));
  });

  it('answers coordinators only, and refuses bad pages and ids', async () => {
    const { user: member } = await createOrgMember(t);
    expect((await t.gql(AUDIT_LOG, {}, { token: member.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(AUDIT_LOG, {}, { apiKey: school.apiKey })).code).toBe('FORBIDDEN');
    expect((await t.gql(AUDIT_LOG, {})).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(AUDIT_LOG, { first: 101 }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(AUDIT_LOG, { after: 'garbage' }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(AUDIT_LOG, { after: Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', 'X1'])).toString('base64url') }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(AUDIT_LOG, { studentId: 'not-a-uuid' }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(AUDIT_LOG, { kind: 'NOPE' }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
  });

  it('is append-only', async () => {
    await expect(t.db.query(`UPDATE privacy_audit SET fields = '{}'`)).rejects.toThrow(/append-only/);
  });
});

describe('rotateSchoolKey', () => {
  const ME = `mutation($ref: String!) { issueStudentSession(externalRef: $ref) { token } }`;
  const sha256 = (key: string) => createHash('sha256').update(key, 'utf8').digest();

  it('a school portal replaces its own key: the old one stops working at once; only the hash is stored', async () => {
    const s = await registerSchool(t, '久留米市立鍵交換中学校');
    await enroll(t, s, 'ROT-1');
    const res = await post(ROTATE, {}, { 'x-api-key': s.apiKey, 'x-request-id': 'rotate-own' });
    expect(res.body.errors).toBeUndefined();
    const { apiKey, school: rotated } = res.body.data.rotateSchoolKey;
    expect(rotated).toEqual({ id: s.id, name: '久留米市立鍵交換中学校' });
    expect(apiKey).toMatch(/^cfk_/);
    expect(apiKey).not.toBe(s.apiKey);

    expect((await t.gql(ME, { ref: 'ROT-1' }, { apiKey: s.apiKey })).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(ME, { ref: 'ROT-1' }, { apiKey })).errors).toBeUndefined();
    const [row] = await t.db.query('SELECT api_key_hash, api_key_prefix FROM school WHERE id = $1', [s.id]);
    expect(Buffer.compare(row.api_key_hash, sha256(apiKey))).toBe(0);
    expect(row.api_key_prefix).toBe(apiKey.slice(0, 8));
    const dump = JSON.stringify(await t.db.query('SELECT * FROM school'));
    expect(dump).not.toContain(apiKey.slice(4));

    expect(await auditAll({ kind: 'SCHOOL_KEY_ROTATED' })).toEqual(
      expect.arrayContaining([expect.objectContaining({ actorSchool: { id: s.id, name: '久留米市立鍵交換中学校' }, actor: null, schoolId: s.id, requestId: 'rotate-own' })]),
    );
    // the same school naming itself is fine; naming another school is not
    const again = await t.gql(ROTATE, { schoolId: s.id }, { apiKey });
    expect(again.errors).toBeUndefined();
    expect((await t.gql(ROTATE, { schoolId: otherSchool.id }, { apiKey: again.data.rotateSchoolKey.apiKey })).code).toBe('FORBIDDEN');
    expect((await t.gql(ME, { ref: 'ROT-1' }, { apiKey: otherSchool.apiKey })).code).toBe('NOT_FOUND');
  });

  it('a coordinator replaces any school’s key by schoolId', async () => {
    const s = await registerSchool(t, '久留米市立漏洩対応中学校');
    const res = await t.gql(ROTATE, { schoolId: s.id }, { token: coordinator.token });
    expect(res.errors).toBeUndefined();
    expect((await t.gql(ROTATE, {}, { apiKey: s.apiKey })).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(ROTATE, {}, { apiKey: res.data.rotateSchoolKey.apiKey })).errors).toBeUndefined();
    const entries = await auditAll({ kind: 'SCHOOL_KEY_ROTATED' });
    expect(entries.filter((e) => e.schoolId === s.id).map((e) => (e.actor ? 'coordinator' : 'school'))).toEqual(['school', 'coordinator']);

    expect((await t.gql(ROTATE, {}, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(ROTATE, { schoolId: '00000000-0000-4000-8000-000000000000' }, { token: coordinator.token })).code).toBe('NOT_FOUND');
    expect((await t.gql(ROTATE, { schoolId: 'nope' }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    const { user: member } = await createOrgMember(t);
    expect((await t.gql(ROTATE, { schoolId: s.id }, { token: member.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(ROTATE, { schoolId: s.id })).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(ROTATE, {}, { apiKey: 'cfk_not-a-key' })).code).toBe('UNAUTHENTICATED');
  });

  it('of two rotations racing with the same key, exactly one wins and its key is the one that works', async () => {
    const s = await registerSchool(t, '久留米市立競争中学校');
    const results = await Promise.all(Array.from({ length: 5 }, () => t.gql(ROTATE, {}, { apiKey: s.apiKey })));
    const won = results.filter((r) => !r.errors);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(['CONFLICT', 'UNAUTHENTICATED']).toContain(r.code);
    const [row] = await t.db.query('SELECT api_key_hash FROM school WHERE id = $1', [s.id]);
    expect(Buffer.compare(row.api_key_hash, sha256(won[0].data.rotateSchoolKey.apiKey))).toBe(0);
  });
});
