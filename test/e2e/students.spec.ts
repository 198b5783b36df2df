import { jest } from '@jest/globals';
import { MatchingTrigger } from '../../src/matching/matching-trigger.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createOrgMember, createUser } from '../support/factories.js';
import {
  countStatements,
  enroll,
  enrolment,
  ENROLL,
  ENROLL_MANY,
  insertJointAction,
  insertProposal,
  ISSUE_SESSION,
  MY_STUDENT,
  profile,
  registerSchool,
  SET_CONSENT,
  UPDATE_PROFILE,
  WITHDRAW,
  type TestSchool,
} from '../support/students.js';

let t: TestApp;
let school: TestSchool;
beforeAll(async () => {
  t = await startTestApp();
  school = await registerSchool(t, '久留米市立荒木中学校');
});
afterAll(() => t?.close());

const fieldsOf = (res: { errors?: { extensions?: { fields?: { field: string }[] } }[] }) => (res.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);
const count = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params))[0].n as number;
const studentsOf = (schoolId: string) => count('SELECT count(*)::int AS n FROM student WHERE school_id = $1', [schoolId]);
const usersCount = () => count('SELECT count(*)::int AS n FROM app_user');

describe('enrollStudent', () => {
  it('creates a student with a STUDENT account without email or password, visible to its school key', async () => {
    const res = await t.gql(ENROLL, { input: enrolment('A-001', { profile: profile() }) }, { apiKey: school.apiKey });
    expect(res.errors).toBeUndefined();
    const s = res.data.enrollStudent;
    expect(s).toMatchObject({
      displayName: '久留米 さくら',
      stage: 'HIGH_SCHOOL',
      guardianConsent: true,
      matchable: true,
      school: { id: school.id, name: '久留米市立荒木中学校' },
      profile: { themes: ['disaster', 'community'], area: '荒木', slots: ['WEEKEND_AFTERNOON'], modes: ['ONSITE', 'ONLINE'] },
    });
    const [user] = await t.db.query('SELECT email, password_hash, roles::text[] AS roles, display_name FROM app_user WHERE id = $1', [s.id]);
    expect(user).toEqual({ email: null, password_hash: null, roles: ['STUDENT'], display_name: '久留米 さくら' });
  });

  it('is idempotent on externalRef: the second call updates the same student, and keeps the profile when none is given', async () => {
    const first = await enroll(t, school, 'A-002', { profile: profile({ themes: ['food'] }) });
    const users = await usersCount();
    const res = await t.gql(ENROLL, { input: enrolment('A-002', { displayName: '  久留米 さくら（改）  ', stage: 'UNIVERSITY', guardianConsent: false }) }, { apiKey: school.apiKey });
    expect(res.errors).toBeUndefined();
    expect(res.data.enrollStudent).toMatchObject({ id: first.id, displayName: '久留米 さくら（改）', stage: 'UNIVERSITY', guardianConsent: false, profile: { themes: ['food'] } });
    expect(await usersCount()).toBe(users);
    expect(await count(`SELECT count(*)::int AS n FROM student WHERE school_id = $1 AND external_ref = 'A-002'`, [school.id])).toBe(1);

    const again = await t.gql(ENROLL, { input: enrolment('A-002', { profile: profile({ themes: ['health'], area: null }) }) }, { apiKey: school.apiKey });
    expect(again.data.enrollStudent).toMatchObject({ id: first.id, profile: { themes: ['health'], area: null } });
  });

  it('refuses bad fields with BAD_USER_INPUT naming each, and writes nothing', async () => {
    const users = await usersCount();
    const bad = await t.gql(
      ENROLL,
      {
        input: enrolment('has space', {
          displayName: '   ',
          profile: profile({ themes: Array.from({ length: 17 }, (_, i) => `t${i}`), concerns: 'あ'.repeat(2001), area: 'x'.repeat(101), slots: ['WEEKEND_AFTERNOON', 'WEEKEND_AFTERNOON'] }),
        }),
      },
      { apiKey: school.apiKey },
    );
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(new Set(fieldsOf(bad))).toEqual(
      new Set(['input.externalRef', 'input.displayName', 'input.profile.themes', 'input.profile.concerns', 'input.profile.area', 'input.profile.slots']),
    );
    const tooLongRef = await t.gql(ENROLL, { input: enrolment('r'.repeat(101)) }, { apiKey: school.apiKey });
    expect(fieldsOf(tooLongRef)).toEqual(['input.externalRef']);
    const duplicateThemes = await t.gql(ENROLL, { input: enrolment('A-003', { profile: profile({ themes: ['food', 'food'] }) }) }, { apiKey: school.apiKey });
    expect(fieldsOf(duplicateThemes)).toEqual(['input.profile.themes']);
    const control = await t.gql(ENROLL, { input: enrolment('A-003', { displayName: 'a\u0000b' }) }, { apiKey: school.apiKey });
    expect(fieldsOf(control)).toEqual(['input.displayName']);
    // code points, as PostgreSQL counts them: 100 emoji are 200 UTF-16 units but fit
    const emoji = await t.gql(ENROLL, { input: enrolment('A-004', { displayName: '😀'.repeat(100) }) }, { apiKey: school.apiKey });
    expect(emoji.errors).toBeUndefined();
    expect(await usersCount()).toBe(users + 1);
  });

  it('refuses an unknown theme key naming input.profile.themes, and changes nothing', async () => {
    const before = await enroll(t, school, 'A-005', { profile: profile({ themes: ['elderly'] }) });
    const res = await t.gql(ENROLL, { input: enrolment('A-005', { displayName: '別の名前', profile: profile({ themes: ['elderly', 'quidditch'] }) }) }, { apiKey: school.apiKey });
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(['input.profile.themes']);
    expect(res.errors![0].message).toContain('quidditch');
    const [row] = await t.db.query('SELECT u.display_name, s.themes FROM student s JOIN app_user u ON u.id = s.id WHERE s.id = $1', [before.id]);
    expect(row).toEqual({ display_name: '久留米 さくら', themes: ['elderly'] });
  });

  it('is for school keys only', async () => {
    expect((await t.gql(ENROLL, { input: enrolment('A-006') })).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(ENROLL, { input: enrolment('A-006') }, { apiKey: 'cfk_not-a-real-key' })).code).toBe('UNAUTHENTICATED');
    const coordinator = await createCoordinator(t);
    expect((await t.gql(ENROLL, { input: enrolment('A-006') }, { token: coordinator.token })).code).toBe('FORBIDDEN');
  });
});

describe('enrollStudents (rosters)', () => {
  const roster = (n: number, prefix: string, over: (i: number) => Record<string, unknown> = () => ({})) =>
    Array.from({ length: n }, (_, i) =>
      enrolment(`${prefix}-${String(i).padStart(4, '0')}`, { displayName: `生徒 ${prefix} ${i}`, stage: i % 2 ? 'JUNIOR_HIGH' : 'HIGH_SCHOOL', ...over(i) }),
    );

  it('enrols 300 students in one call, in bulk, and answers in input order', async () => {
    const input = roster(300, 'R', (i) => (i % 3 === 0 ? { profile: profile({ themes: ['welfare'] }) } : {})).reverse();
    const before = await studentsOf(school.id);
    const { result: res, statements } = await countStatements(t, () => t.gql(ENROLL_MANY, { input }, { apiKey: school.apiKey }));
    expect(res.errors).toBeUndefined();
    expect(res.data.enrollStudents.map((s: { displayName: string }) => s.displayName)).toEqual(input.map((r) => r.displayName));
    expect(new Set(res.data.enrollStudents.map((s: { id: string }) => s.id)).size).toBe(300);
    expect(await studentsOf(school.id)).toBe(before + 300);
    // a handful of statements whatever the size (not one per student): key, themes, BEGIN, lock, users, students with their
    // profiles (RETURNING what the answer shows: no read back), COMMIT, and the debounced run with its job (one statement)
    expect(statements.length).toBeLessThanOrEqual(8);
    expect(statements.filter((s) => /^\s*(WITH old AS .*?)?INSERT INTO student AS s\b/s.test(s))).toHaveLength(1);
    const withProfile = res.data.enrollStudents.filter((s: { profile: { themes: string[] } }) => s.profile.themes.length);
    expect(withProfile).toHaveLength(100);
  });

  it('updates the students already there and adds the new ones in the same call', async () => {
    const before = await studentsOf(school.id);
    const input = roster(10, 'R', (i) => ({ displayName: `更新 ${i}` })).concat(roster(5, 'S'));
    const res = await t.gql(ENROLL_MANY, { input }, { apiKey: school.apiKey });
    expect(res.errors).toBeUndefined();
    expect(await studentsOf(school.id)).toBe(before + 5);
    const [row] = await t.db.query(`SELECT u.display_name FROM student s JOIN app_user u ON u.id = s.id WHERE s.school_id = $1 AND s.external_ref = 'R-0003'`, [school.id]);
    expect(row.display_name).toBe('更新 3');
  });

  const withoutProfile = ({ profile: _, ...rest }: Record<string, unknown>) => rest;

  it('writes the profile of each row that carries one, keeps the others, and answers what the database then holds', async () => {
    const first = roster(4, 'P', () => ({ profile: profile({ themes: ['welfare'], concerns: '前の悩み', area: '田主丸' }) }));
    expect((await t.gql(ENROLL_MANY, { input: first }, { apiKey: school.apiKey })).errors).toBeUndefined();
    const changed = profile({ themes: ['elderly'], concerns: '  新しい悩み  ', area: '   ', slots: [], modes: ['ONLINE'] });
    const input = [
      { ...first[0], profile: changed },
      { ...first[1], displayName: '改名 1', profile: changed },
      withoutProfile(first[2]),
      { ...first[3], guardianConsent: false, profile: null },
      enrolment('P-0004', { displayName: '新入 4' }),
      enrolment('P-0005', { displayName: '新入 5', profile: changed }),
    ];
    const query = `mutation($input: [EnrollStudentInput!]!) { enrollStudents(input: $input) { id displayName stage guardianConsent matchable profile { themes concerns interests area slots modes } } }`;
    const res = await t.gql(query, { input }, { apiKey: school.apiKey });
    expect(res.errors).toBeUndefined();
    const answered = res.data.enrollStudents as { id: string; displayName: string; guardianConsent: boolean; matchable: boolean; profile: Record<string, unknown> }[];
    expect(answered.map((s) => [s.displayName, s.profile.themes, s.profile.concerns, s.profile.area])).toEqual([
      [first[0].displayName, ['elderly'], '新しい悩み', null],
      ['改名 1', ['elderly'], '新しい悩み', null],
      [first[2].displayName, ['welfare'], '前の悩み', '田主丸'],
      [first[3].displayName, ['welfare'], '前の悩み', '田主丸'],
      ['新入 4', [], '', null],
      ['新入 5', ['elderly'], '新しい悩み', null],
    ]);
    expect(answered.map((s) => [s.guardianConsent, s.matchable])).toEqual([[true, true], [true, true], [true, true], [false, false], [true, false], [true, true]]);
    // the answer is what a read of the committed rows gives
    const rows: Record<string, unknown>[] = await t.db.query(
      `SELECT s.id, u.display_name AS "displayName", s.guardian_consent AS "guardianConsent", s.themes, s.concerns, s.interests, s.area, s.slots::text[] AS slots, s.modes::text[] AS modes
       FROM student s JOIN app_user u ON u.id = s.id WHERE s.id = ANY($1::uuid[])`,
      [answered.map((s) => s.id)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const s of answered) {
      const { displayName, guardianConsent, themes, concerns, interests, area, slots, modes } = byId.get(s.id)!;
      expect({ displayName: s.displayName, guardianConsent: s.guardianConsent, ...s.profile }).toEqual({ displayName, guardianConsent, themes, concerns, interests, area, slots, modes });
    }
  });

  it('is all or nothing: one bad row writes nothing and the error names input.<index>.<field>', async () => {
    const students = await studentsOf(school.id);
    const users = await usersCount();
    const input = roster(200, 'T');
    input[137] = { ...input[137], displayName: '' };
    const res = await t.gql(ENROLL_MANY, { input }, { apiKey: school.apiKey });
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(['input.137.displayName']);

    const themes = roster(50, 'T');
    themes[5] = { ...themes[5], profile: profile({ themes: ['nope'] }) };
    const badTheme = await t.gql(ENROLL_MANY, { input: themes }, { apiKey: school.apiKey });
    expect(fieldsOf(badTheme)).toEqual(['input.5.profile.themes']);

    const dup = roster(20, 'T');
    dup[12] = { ...dup[12], externalRef: dup[3].externalRef as string };
    const duplicate = await t.gql(ENROLL_MANY, { input: dup }, { apiKey: school.apiKey });
    expect(duplicate.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(duplicate)).toEqual(['input.12.externalRef']);

    expect(await studentsOf(school.id)).toBe(students);
    expect(await usersCount()).toBe(users);
  });

  it('takes 1000 and refuses 1001', async () => {
    const over = await t.gql(ENROLL_MANY, { input: roster(1001, 'U') }, { apiKey: school.apiKey });
    expect(over.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(over)).toEqual(['input']);
    const other = await registerSchool(t);
    const full = await t.gql(ENROLL_MANY, { input: roster(1000, 'U') }, { apiKey: other.apiKey });
    expect(full.errors).toBeUndefined();
    expect(full.data.enrollStudents).toHaveLength(1000);
    expect(await studentsOf(other.id)).toBe(1000);
  });

  it('concurrent enrolments of the same students end with one student each, no stray accounts and no deadlock', async () => {
    const users = await usersCount();
    const same = await Promise.all(Array.from({ length: 6 }, () => t.gql(ENROLL, { input: enrolment('RACE-1', { displayName: '同時 登録' }) }, { apiKey: school.apiKey })));
    expect(same.map((r) => r.errors)).toEqual(same.map(() => undefined));
    expect(new Set(same.map((r) => r.data.enrollStudent.id)).size).toBe(1);
    // two rosters over the same new students, sent in opposite orders
    const forward = roster(50, 'RACE');
    const results = await Promise.all([
      t.gql(ENROLL_MANY, { input: forward }, { apiKey: school.apiKey }),
      t.gql(ENROLL_MANY, { input: [...forward].reverse() }, { apiKey: school.apiKey }),
    ]);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
    expect(results[1].data.enrollStudents.map((s: { id: string }) => s.id).reverse()).toEqual(results[0].data.enrollStudents.map((s: { id: string }) => s.id));
    expect(await usersCount()).toBe(users + 51);
    expect(await count(`SELECT count(*)::int AS n FROM app_user u WHERE 'STUDENT' = ANY(u.roles) AND NOT EXISTS (SELECT 1 FROM student s WHERE s.id = u.id)`)).toBe(0);
  });

  it('answers an empty roster with an empty list', async () => {
    const res = await t.gql(ENROLL_MANY, { input: [] }, { apiKey: school.apiKey });
    expect(res.data.enrollStudents).toEqual([]);
  });
});

describe('school keys are scoped to their school', () => {
  it('another school cannot touch or see a student by its externalRef; the same externalRef in two schools is two students', async () => {
    const a = await registerSchool(t);
    const b = await registerSchool(t);
    const mine = await enroll(t, a, 'SHARED-1', { displayName: '荒木 ひかり', profile: profile() });

    expect((await t.gql(SET_CONSENT, { ref: 'SHARED-1', consent: false }, { apiKey: b.apiKey })).code).toBe('NOT_FOUND');
    expect((await t.gql(ISSUE_SESSION, { ref: 'SHARED-1' }, { apiKey: b.apiKey })).code).toBe('NOT_FOUND');
    const withdraw = await t.gql(WITHDRAW, { ref: 'SHARED-1' }, { apiKey: b.apiKey });
    expect(withdraw.code).toBe('NOT_FOUND');
    expect(JSON.stringify(withdraw)).not.toContain('荒木 ひかり');
    const [still] = await t.db.query('SELECT guardian_consent, withdrawn_at FROM student WHERE id = $1', [mine.id]);
    expect(still).toEqual({ guardian_consent: true, withdrawn_at: null });

    const theirs = await t.gql(ENROLL, { input: enrolment('SHARED-1', { displayName: '別の生徒' }) }, { apiKey: b.apiKey });
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data.enrollStudent.id).not.toBe(mine.id);
    expect(theirs.data.enrollStudent.school.id).toBe(b.id);
    const [mineNow] = await t.db.query('SELECT u.display_name FROM app_user u WHERE id = $1', [mine.id]);
    expect(mineNow.display_name).toBe('荒木 ひかり');

    // a roster of B with A's refs creates B's own students
    const roster = await t.gql(ENROLL_MANY, { input: [enrolment('SHARED-1', { displayName: 'B の生徒' })] }, { apiKey: b.apiKey });
    expect(roster.data.enrollStudents[0].id).toBe(theirs.data.enrollStudent.id);
  });
});

describe('guardian consent and matchability', () => {
  it('consent false takes the student out of every PROPOSED proposal and joint action at once and makes them unmatchable', async () => {
    const x = await enroll(t, school, 'C-X', { profile: profile() });
    const y = await enroll(t, school, 'C-Y', { profile: profile() });
    const z = await enroll(t, school, 'C-Z', { profile: profile() });
    const shared = await insertProposal(t, [{ id: x.id }, { id: y.id }]);
    const alone = await insertProposal(t, [{ id: z.id }]);
    const approved = await insertJointAction(t, [{ id: x.id }]);

    const res = await t.gql(SET_CONSENT, { ref: 'C-X', consent: false }, { apiKey: school.apiKey });
    expect(res.errors).toBeUndefined();
    expect(res.data.setGuardianConsent).toEqual({ id: x.id, guardianConsent: false, matchable: false });
    const participants = async (proposalId: string) =>
      (await t.db.query('SELECT student_id FROM proposal_participant WHERE proposal_id = $1 ORDER BY student_id', [proposalId])).map((r: { student_id: string }) => r.student_id);
    expect(await participants(shared.proposalId)).toEqual([y.id]);
    expect((await t.db.query('SELECT status FROM proposal WHERE id = $1', [shared.proposalId]))[0].status).toBe('PROPOSED');
    // and out of the approved joint action and its gathering ("Minors first": never among a joint
    // action's participants without consent), the place given back to the offer; the approved
    // proposal keeps them, as the record of the decision
    expect(await participants(approved.proposalId)).toEqual([x.id]);
    expect(await count('SELECT count(*)::int AS n FROM joint_action_participant WHERE student_id = $1', [x.id])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM event_participant WHERE user_id = $1 AND event_id = $2', [x.id, approved.eventId])).toBe(0);
    expect(await count('SELECT approved_count AS n FROM offer WHERE id = $1', [approved.offerId])).toBe(0);

    // the last participant leaving: the proposal is superseded
    await t.gql(SET_CONSENT, { ref: 'C-Z', consent: false }, { apiKey: school.apiKey });
    expect(await participants(alone.proposalId)).toEqual([]);
    expect((await t.db.query('SELECT status FROM proposal WHERE id = $1', [alone.proposalId]))[0].status).toBe('SUPERSEDED');

    const back = await t.gql(SET_CONSENT, { ref: 'C-X', consent: true }, { apiKey: school.apiKey });
    expect(back.data.setGuardianConsent).toEqual({ id: x.id, guardianConsent: true, matchable: true });
  });

  it('re-enrolling with consent false has the same effect as setGuardianConsent(false)', async () => {
    const s = await enroll(t, school, 'C-W', { profile: profile() });
    const other = await enroll(t, school, 'C-V', { profile: profile() });
    const p = await insertProposal(t, [{ id: s.id }, { id: other.id }]);
    const res = await t.gql(ENROLL_MANY, { input: [enrolment('C-W', { guardianConsent: false }), enrolment('C-V')] }, { apiKey: school.apiKey });
    expect(res.errors).toBeUndefined();
    expect(await count('SELECT count(*)::int AS n FROM proposal_participant WHERE proposal_id = $1', [p.proposalId])).toBe(1);
  });

  it('matchable needs a theme and consent, except at university; unknown externalRef is NOT_FOUND', async () => {
    expect((await enroll(t, school, 'M-1', { stage: 'UNIVERSITY', guardianConsent: false, profile: profile() })).matchable).toBe(true);
    expect((await enroll(t, school, 'M-2', { stage: 'HIGH_SCHOOL', guardianConsent: false, profile: profile() })).matchable).toBe(false);
    expect((await enroll(t, school, 'M-3', { stage: 'HIGH_SCHOOL', guardianConsent: true, profile: profile({ themes: [] }) })).matchable).toBe(false);
    expect((await enroll(t, school, 'M-4', { stage: 'UNIVERSITY', guardianConsent: true })).matchable).toBe(false);
    expect((await t.gql(SET_CONSENT, { ref: 'NOBODY', consent: true }, { apiKey: school.apiKey })).code).toBe('NOT_FOUND');
  });
});

describe('student sessions', () => {
  it('issueStudentSession gives a 2-hour student token that reads myStudent and updates the profile', async () => {
    const s = await enroll(t, school, 'S-1', { displayName: '城島 あおい', profile: profile() });
    const res = await t.gql(ISSUE_SESSION, { ref: 'S-1' }, { apiKey: school.apiKey });
    expect(res.errors).toBeUndefined();
    expect(res.data.issueStudentSession.user).toEqual({ id: s.id, displayName: '城島 あおい', roles: ['STUDENT'] });
    const token: string = res.data.issueStudentSession.token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: s.id, typ: 'student' });
    expect(claims.exp - claims.iat).toBe(2 * 3600);

    const mine = await t.gql(MY_STUDENT, {}, { token });
    expect(mine.errors).toBeUndefined();
    expect(mine.data.myStudent).toMatchObject({ id: s.id, displayName: '城島 あおい', school: { id: school.id }, guardianConsent: true, matchable: true });
    expect(mine.data.myStudent.profile.concerns).toContain('避難所');

    const update = await t.gql(UPDATE_PROFILE, { input: profile({ themes: ['sports'], concerns: ' 部活の後に地域で何かしたい ', interests: '', area: '', slots: [], modes: ['HYBRID'] }) }, { token });
    expect(update.errors).toBeUndefined();
    expect(update.data.updateMyStudentProfile.profile).toEqual({ themes: ['sports'], concerns: '部活の後に地域で何かしたい', interests: '', area: null, slots: [], modes: ['HYBRID'] });
    expect((await t.gql(MY_STUDENT, {}, { token })).data.myStudent.profile.themes).toEqual(['sports']);
  });

  it('updateMyStudentProfile refuses an unknown theme naming input.themes and changes nothing', async () => {
    await enroll(t, school, 'S-2', { profile: profile({ themes: ['culture'] }) });
    const { token } = (await t.gql(ISSUE_SESSION, { ref: 'S-2' }, { apiKey: school.apiKey })).data.issueStudentSession;
    const res = await t.gql(UPDATE_PROFILE, { input: profile({ themes: ['culture', 'astrology'], concerns: '変えたい' }) }, { token });
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(['input.themes']);
    const after = (await t.gql(MY_STUDENT, {}, { token })).data.myStudent.profile;
    expect(after.themes).toEqual(['culture']);
    expect(after.concerns).not.toBe('変えたい');
    const tooLong = await t.gql(UPDATE_PROFILE, { input: profile({ interests: 'x'.repeat(2001) }) }, { token });
    expect(fieldsOf(tooLong)).toEqual(['input.interests']);
  });

  it('asks for a matching run after a change that matters to matching, only once committed', async () => {
    const trigger = t.app.get(MatchingTrigger);
    const spy = jest.spyOn(trigger, 'changed');
    try {
      await enroll(t, school, 'S-3', { guardianConsent: false, profile: profile() });
      expect(spy).not.toHaveBeenCalled(); // not matchable without consent
      await t.gql(SET_CONSENT, { ref: 'S-3', consent: true }, { apiKey: school.apiKey });
      expect(spy).toHaveBeenCalledWith('PROFILE_CHANGED');
      spy.mockClear();
      const { token } = (await t.gql(ISSUE_SESSION, { ref: 'S-3' }, { apiKey: school.apiKey })).data.issueStudentSession;
      await t.gql(UPDATE_PROFILE, { input: profile({ themes: ['media'] }) }, { token });
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockClear();
      await t.gql(UPDATE_PROFILE, { input: profile({ themes: ['nope'] }) }, { token });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('a roster re-sent unchanged asks for no run; a changed profile, a new student or a stage change does', async () => {
    const rows = [0, 1, 2].map((i) => enrolment(`RUN-${i}`, { displayName: `生徒 RUN ${i}`, stage: 'HIGH_SCHOOL', profile: profile() }));
    const send = async (input: Record<string, unknown>[]) => {
      const trigger = t.app.get(MatchingTrigger);
      const spy = jest.spyOn(trigger, 'changed');
      try {
        const res = await t.gql(ENROLL_MANY, { input }, { apiKey: school.apiKey });
        expect(res.errors).toBeUndefined();
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    expect(await send(rows)).toBe(1); // new students
    expect(await send(rows)).toBe(0); // the same roster again (profiles given, equal to those stored)
    expect(await send(rows.map((r) => ({ ...r, displayName: `${r.displayName as string} (改名)` })))).toBe(0); // a name is not matching's
    expect(await send(rows.map(({ profile: _, ...r }) => r))).toBe(0); // rows without profiles keep theirs
    // the text normalised as stored is compared, not the text sent
    expect(await send(rows.map((r, i) => (i === 1 ? { ...r, profile: profile({ concerns: `  ${profile().concerns}  ` }) } : r)))).toBe(0);
    expect(await send(rows.map((r, i) => (i === 1 ? { ...r, profile: profile({ concerns: '部活と両立できるか心配です。' }) } : r)))).toBe(1);
    expect(await send(rows.map((r, i) => (i === 2 ? { ...r, profile: profile({ slots: ['WEEKDAY_AFTER_SCHOOL'] }) } : r)))).toBe(1);
    expect(await send(rows.map((r, i) => (i === 0 ? { ...r, stage: 'UNIVERSITY' } : r)))).toBe(1);
    expect(await send([...rows, enrolment('RUN-3', { profile: profile() })])).toBe(1);
  });

  it('an unknown externalRef has no session; only students have myStudent', async () => {
    expect((await t.gql(ISSUE_SESSION, { ref: 'NOBODY' }, { apiKey: school.apiKey })).code).toBe('NOT_FOUND');
    expect((await t.gql(ISSUE_SESSION, { ref: 'bad ref!' }, { apiKey: school.apiKey })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(MY_STUDENT)).code).toBe('UNAUTHENTICATED');
    const resident = await createUser(t);
    expect((await t.gql(MY_STUDENT, {}, { token: resident.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(UPDATE_PROFILE, { input: profile() }, { apiKey: school.apiKey })).code).toBe('FORBIDDEN');
    const { token } = (await t.gql(ISSUE_SESSION, { ref: 'S-1' }, { apiKey: school.apiKey })).data.issueStudentSession;
    expect((await t.gql(ENROLL, { input: enrolment('X-1') }, { token })).code).toBe('FORBIDDEN');
  });
});

describe('who sees a student', () => {
  it('the school key and the student see everything; the joint action\'s own organisation sees the name and stage only', async () => {
    const s = await enroll(t, school, 'V-1', { displayName: '見守り かえで', profile: profile({ concerns: '家族のことで悩んでいる-v1' }) });
    const { user, org } = await createOrgMember(t);
    // the joint action is on this very organisation's offer: the member is linked to the student
    await insertJointAction(t, [{ id: s.id }], org.id);
    const names = await t.gql('{ myJointActions { participants { id displayName stage } } }', {}, { token: user.token });
    expect(names.data.myJointActions).toEqual([{ participants: [{ id: s.id, displayName: '見守り かえで', stage: 'HIGH_SCHOOL' }] }]);
    for (const field of ['school { name }', 'guardianConsent', 'matchable', 'profile { concerns }']) {
      const res = await t.gql(`{ myJointActions { participants { id ${field} } } }`, {}, { token: user.token });
      expect({ field, code: res.code }).toEqual({ field, code: 'FORBIDDEN' });
      expect(JSON.stringify(res)).not.toMatch(/悩んでいる-v1|荒木中学校/);
    }
    expect((await t.gql(MY_STUDENT, {}, { token: user.token })).code).toBe('FORBIDDEN');
    const viaKey = await t.gql(SET_CONSENT, { ref: 'V-1', consent: true }, { apiKey: school.apiKey });
    expect(viaKey.data.setGuardianConsent).toEqual({ id: s.id, guardianConsent: true, matchable: true });
    const { token } = (await t.gql(ISSUE_SESSION, { ref: 'V-1' }, { apiKey: school.apiKey })).data.issueStudentSession;
    expect((await t.gql(MY_STUDENT, {}, { token })).data.myStudent.profile.concerns).toBe('家族のことで悩んでいる-v1');
  });
});
