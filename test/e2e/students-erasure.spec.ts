import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator } from '../support/factories.js';
import {
  enroll,
  ENROLL,
  enrolment,
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
  school = await registerSchool(t, '久留米市立明星中学校');
});
afterAll(() => t?.close());

/** Every column of every table outside PostgreSQL's own schemas whose values are text: text, varchar, their arrays, json. */
async function textColumns(): Promise<{ schema: string; table: string; column: string }[]> {
  return t.db.query(
    `SELECT c.table_schema AS schema, c.table_name AS "table", c.column_name AS "column"
     FROM information_schema.columns c JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
     WHERE tb.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_toast%'
       AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar', '_bpchar')))
     ORDER BY 1, 2, 3`,
  );
}

/** Where in the database any of the strings still appears: `schema.table.column` of each hit. */
async function findAnywhere(needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const { schema, table, column } of await textColumns()) {
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n FROM ${q(schema)}.${q(table)} WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS needle WHERE strpos(${q(column)}::text, needle) > 0)`,
      [needles],
    );
    if (row.n > 0) hits.push(`${schema}.${table}.${column}`);
  }
  return hits;
}

describe('withdrawStudent', () => {
  const NAME = '消去 テスト花子';
  const REF = 'ERASE-me.2026:01';
  const CONCERNS = '通学路の街灯が少なくて夜が怖いという悩み-7f3a';
  const INTERESTS = '写真で地域の魅力を発信したいという希望-9c21';
  const AREA = '合川町の北のはずれ';

  it('exports, then erases, the name, externalRef, profile and texts of every platform; decided proposals keep an anonymous participant', async () => {
    const s = await enroll(t, school, REF, { displayName: NAME, profile: profile({ concerns: CONCERNS, interests: INTERESTS, area: AREA }) });
    const other = await enroll(t, school, 'KEEP-1', { displayName: '残る 生徒', profile: profile() });
    const { token } = (await t.gql(ISSUE_SESSION, { ref: REF }, { apiKey: school.apiKey })).data.issueStudentSession;
    expect((await t.gql(MY_STUDENT, {}, { token })).data.myStudent.id).toBe(s.id);

    // an approved joint action whose reasons quote the student's texts, then an open proposal with another student
    const ja = await insertJointAction(t, [{ id: s.id, reasons: [`「${INTERESTS}」がこの募集に合います`] }, { id: other.id }]);
    const open = await insertProposal(t, [{ id: s.id, reasons: [`悩み「${CONCERNS}」`, `${NAME}さんの関心`] }, { id: other.id }]);
    await t.db.query(`INSERT INTO notification (user_id, kind, dedupe_key, title, body) VALUES ($1, 'TEST', $2, $3, 'お知らせ')`, [s.id, `test.${s.id}`, `${NAME}さんへ`]);

    // a perspective they posted in a committee dialogue, and their stance on it
    const PERSPECTIVE = '夜の通学路に見守りの目がほしいという視点-41d0';
    const [meeting] = await t.db.query(`INSERT INTO event (platform, title, starts_at, mode) VALUES ('COMMITTEE', '新地福委員会', now(), 'ONSITE') RETURNING id`);
    const [said] = await t.db.query(`INSERT INTO perspective (event_id, author_id, text, themes) VALUES ($1, $2, $3, '{community}') RETURNING id`, [meeting.id, s.id, PERSPECTIVE]);
    await t.db.query(`INSERT INTO perspective_stance (perspective_id, user_id, stance) VALUES ($1, $2, 'AGREE')`, [said.id, s.id]);

    // and a comment on a 地福TV episode
    const COMMENT = '放送で紹介された見守り活動に参加したいです-5be2';
    const [program] = await t.db.query(`INSERT INTO tv_program (title, description) VALUES ('地福TV', '') RETURNING id`);
    const [episode] = await t.db.query(`INSERT INTO event (platform, title, starts_at, mode, online_url) VALUES ('TV', '第1回', now(), 'ONLINE', 'https://tv.example/1') RETURNING id`);
    await t.db.query('INSERT INTO tv_episode (event_id, program_id) VALUES ($1, $2)', [episode.id, program.id]);
    await t.db.query('INSERT INTO tv_comment (event_id, author_id, text) VALUES ($1, $2, $3)', [episode.id, s.id, COMMENT]);

    // and a response to a もしも scenario, with their plan
    const MOSHIMO = '夜中の避難指示では祖母の薬が心配という回答-3e9b';
    const [scenario] = await t.db.query(`INSERT INTO scenario (topic, title, prompt) VALUES ('DISASTER', 'もし夜中に避難指示が出たら？', '何をしますか') RETURNING id`);
    await t.db.query(`INSERT INTO scenario_response (scenario_id, author_id, text, needs) VALUES ($1, $2, $3, '{MEDICATION_PICKUP}')`, [scenario.id, s.id, MOSHIMO]);
    await t.db.query(`INSERT INTO preparedness_plan_item (user_id, key, done) VALUES ($1, 'medication', true)`, [s.id]);

    // and help they pledged, with its own area
    const PLEDGE_AREA = '合川町の北の集会所あたり-aa17';
    await t.db.query(`INSERT INTO support_pledge (helper_id, kinds, area, slots) VALUES ($1, '{CHECK_IN_CALL}', $2, '{WEEKEND_AFTERNOON}')`, [s.id, PLEDGE_AREA]);

    const secrets = [NAME, REF, CONCERNS, INTERESTS, AREA, PERSPECTIVE, COMMENT, MOSHIMO, PLEDGE_AREA];
    // the scan finds each one while it is there (so an empty scan afterwards means something)
    for (const secret of secrets) expect(await findAnywhere([secret])).not.toEqual([]);

    // the export hands over every one of them, from every platform
    const exported = await t.gql(`query($ref: String!) { exportStudentData(externalRef: $ref) }`, { ref: REF }, { apiKey: school.apiKey });
    expect(exported.errors).toBeUndefined();
    for (const secret of secrets) expect(exported.data.exportStudentData).toContain(secret);
    const doc = JSON.parse(exported.data.exportStudentData);
    expect(doc.perspectives).toEqual([expect.objectContaining({ text: PERSPECTIVE, anonymous: false })]);
    expect(doc.stances).toEqual([expect.objectContaining({ perspectiveId: said.id, stance: 'AGREE' })]);
    expect(doc.comments).toEqual([expect.objectContaining({ text: COMMENT, eventId: episode.id })]);
    expect(doc.scenarioResponses).toEqual([expect.objectContaining({ text: MOSHIMO, needs: ['MEDICATION_PICKUP'] })]);
    expect(doc.preparednessPlan).toEqual([expect.objectContaining({ key: 'medication', done: true })]);
    expect(doc.supportPledges).toEqual([expect.objectContaining({ area: PLEDGE_AREA, kinds: ['CHECK_IN_CALL'] })]);

    // a map of the meeting computed (and cached) over what they said
    const coordinatorToken = (await createCoordinator(t)).token;
    expect((await t.gql(`query($id: ID) { perspectiveMap(eventId: $id) { fingerprint } }`, { id: meeting.id }, { token: coordinatorToken })).errors).toBeUndefined();
    const cachedOver = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM perspective_map_scope WHERE $1 = ANY(statement_ids)`, [said.id]))[0].n +
      (await t.db.query(`SELECT count(*)::int AS n FROM perspective_map_cache c JOIN perspective_map_scope s ON s.fingerprint = c.fingerprint WHERE $1 = ANY(s.statement_ids)`, [said.id]))[0].n;
    expect(await cachedOver()).toBe(2);
    const [{ n: cachesBefore }] = await t.db.query('SELECT count(*)::int AS n FROM perspective_map_cache');

    const res = await t.gql(WITHDRAW, { ref: REF }, { apiKey: school.apiKey });
    expect(res.errors).toBeUndefined();
    expect(res.data.withdrawStudent).toBe(true);

    expect(await findAnywhere(secrets)).toEqual([]);
    // the cached map went with the statement it was computed over
    expect(await cachedOver()).toBe(0);
    expect((await t.db.query('SELECT count(*)::int AS n FROM perspective_map_cache'))[0].n).toBe(cachesBefore - 1);

    const [row] = await t.db.query(
      `SELECT u.display_name, u.email, u.password_hash, u.area AS user_area, s.external_ref, s.guardian_consent, s.themes, s.concerns, s.interests, s.area,
              s.slots::text[] AS slots, s.modes::text[] AS modes, s.withdrawn_at IS NOT NULL AS withdrawn
       FROM student s JOIN app_user u ON u.id = s.id WHERE s.id = $1`,
      [s.id],
    );
    expect(row).toEqual({
      display_name: '退会した参加者', email: null, password_hash: null, user_area: null, external_ref: null, guardian_consent: false,
      themes: [], concerns: '', interests: '', area: null, slots: [], modes: [], withdrawn: true,
    });

    // out of the approved joint action ("Minors first": a withdrawal after approval takes the student
    // out), its place given back; the approved proposal keeps its (now anonymous) participant as the
    // record of the decision, reasons emptied
    expect(await t.db.query('SELECT student_id FROM joint_action_participant WHERE joint_action_id = $1 ORDER BY student_id', [ja.jointActionId])).toEqual([{ student_id: other.id }]);
    expect((await t.db.query('SELECT approved_count FROM offer WHERE id = $1', [ja.offerId]))[0].approved_count).toBe(1);
    expect((await t.db.query('SELECT reasons FROM proposal_participant WHERE proposal_id = $1 AND student_id = $2', [ja.proposalId, s.id]))[0].reasons).toEqual([]);
    expect(await t.db.query('SELECT 1 FROM support_pledge WHERE helper_id = $1', [s.id])).toEqual([]);
    expect(await t.db.query('SELECT 1 FROM tv_comment WHERE author_id = $1', [s.id])).toEqual([]);
    // out of the open proposal, which goes on with the other student
    expect(await t.db.query('SELECT student_id FROM proposal_participant WHERE proposal_id = $1', [open.proposalId])).toEqual([{ student_id: other.id }]);
    expect((await t.db.query('SELECT status FROM proposal WHERE id = $1', [open.proposalId]))[0].status).toBe('PROPOSED');
    expect(await t.db.query('SELECT 1 FROM notification WHERE user_id = $1', [s.id])).toEqual([]);
    expect(await t.db.query('SELECT 1 FROM perspective_stance WHERE user_id = $1', [s.id])).toEqual([]);
    expect(await t.db.query('SELECT 1 FROM preparedness_plan_item WHERE user_id = $1', [s.id])).toEqual([]);

    // the old token no longer works
    expect((await t.gql(MY_STUDENT, {}, { token })).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(UPDATE_PROFILE, { input: profile() }, { token })).code).toBe('UNAUTHENTICATED');
  });

  it('the externalRef is gone: withdrawing again, a session or consent are NOT_FOUND; enrolling it again makes a new student', async () => {
    const [{ id: erased }] = await t.db.query(`SELECT id FROM student WHERE school_id = $1 AND withdrawn_at IS NOT NULL`, [school.id]);
    expect((await t.gql(WITHDRAW, { ref: REF }, { apiKey: school.apiKey })).code).toBe('NOT_FOUND');
    expect((await t.gql(ISSUE_SESSION, { ref: REF }, { apiKey: school.apiKey })).code).toBe('NOT_FOUND');
    expect((await t.gql(SET_CONSENT, { ref: REF, consent: true }, { apiKey: school.apiKey })).code).toBe('NOT_FOUND');
    const again = await t.gql(ENROLL, { input: enrolment(REF) }, { apiKey: school.apiKey });
    expect(again.errors).toBeUndefined();
    expect(again.data.enrollStudent.id).not.toBe(erased);
    const [still] = await t.db.query('SELECT withdrawn_at IS NOT NULL AS withdrawn, external_ref FROM student WHERE id = $1', [erased]);
    expect(still).toEqual({ withdrawn: true, external_ref: null });
  });

  it('the last participant withdrawing supersedes the proposal', async () => {
    const s = await enroll(t, school, 'ERASE-2', { profile: profile() });
    const p = await insertProposal(t, [{ id: s.id }]);
    expect((await t.gql(WITHDRAW, { ref: 'ERASE-2' }, { apiKey: school.apiKey })).data.withdrawStudent).toBe(true);
    expect((await t.db.query('SELECT status FROM proposal WHERE id = $1', [p.proposalId]))[0].status).toBe('SUPERSEDED');
  });

  it("another school's key cannot withdraw the student, and learns nothing of them", async () => {
    const s = await enroll(t, school, 'ERASE-3', { displayName: '守られる 生徒' });
    const other = await registerSchool(t);
    const res = await t.gql(WITHDRAW, { ref: 'ERASE-3' }, { apiKey: other.apiKey });
    expect(res.code).toBe('NOT_FOUND');
    expect(JSON.stringify(res)).not.toContain('守られる');
    const [row] = await t.db.query('SELECT withdrawn_at, external_ref FROM student WHERE id = $1', [s.id]);
    expect(row).toEqual({ withdrawn_at: null, external_ref: 'ERASE-3' });
  });

  it('is for school keys only', async () => {
    await enroll(t, school, 'ERASE-4');
    const { token } = (await t.gql(ISSUE_SESSION, { ref: 'ERASE-4' }, { apiKey: school.apiKey })).data.issueStudentSession;
    expect((await t.gql(WITHDRAW, { ref: 'ERASE-4' }, { token })).code).toBe('FORBIDDEN');
    expect((await t.gql(WITHDRAW, { ref: 'ERASE-4' })).code).toBe('UNAUTHENTICATED');
  });
});
