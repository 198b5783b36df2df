import { randomUUID } from 'node:crypto';
import { Platform } from '../../src/graph/graph.enums.js';
import type { TestApp } from './app.js';
import { createCoordinator, createEvent, createOrganization } from './factories.js';

/** Everything a school key or the student may read of a student. */
export const STUDENT_FIELDS = `id displayName stage guardianConsent matchable school { id name }
  profile { themes concerns interests area slots modes }`;

export const ENROLL = `mutation($input: EnrollStudentInput!) { enrollStudent(input: $input) { ${STUDENT_FIELDS} } }`;
export const ENROLL_MANY = `mutation($input: [EnrollStudentInput!]!) { enrollStudents(input: $input) { id displayName stage guardianConsent matchable profile { themes } } }`;
export const SET_CONSENT = `mutation($ref: String!, $consent: Boolean!) { setGuardianConsent(externalRef: $ref, consent: $consent) { id guardianConsent matchable } }`;
export const ISSUE_SESSION = `mutation($ref: String!) { issueStudentSession(externalRef: $ref) { token user { id displayName roles } } }`;
export const WITHDRAW = `mutation($ref: String!) { withdrawStudent(externalRef: $ref) }`;
export const MY_STUDENT = `{ myStudent { ${STUDENT_FIELDS} } }`;
export const UPDATE_PROFILE = `mutation($input: StudentProfileInput!) { updateMyStudentProfile(input: $input) { ${STUDENT_FIELDS} } }`;

export interface TestSchool {
  id: string;
  name: string;
  apiKey: string;
}

let seq = 0;
/** A school registered the real way: a coordinator calls registerSchool and keeps the key. */
export async function registerSchool(t: TestApp, name = `久留米市立テスト中学校 ${++seq}`): Promise<TestSchool> {
  const coordinator = await createCoordinator(t);
  const res = await t.gql(`mutation($name: String!) { registerSchool(input: { name: $name }) { school { id name } apiKey } }`, { name }, { token: coordinator.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { ...res.data.registerSchool.school, apiKey: res.data.registerSchool.apiKey };
}

export const profile = (over: Record<string, unknown> = {}) => ({
  themes: ['disaster', 'community'],
  concerns: '地域の避難所がどこにあるか、友だちがあまり知らないことが気になっています。',
  interests: '地図を作ったり、写真を撮ったりするのが得意です。',
  area: '荒木',
  slots: ['WEEKEND_AFTERNOON'],
  modes: ['ONSITE', 'ONLINE'],
  ...over,
});

export const enrolment = (externalRef: string, over: Record<string, unknown> = {}): { externalRef: string; [field: string]: unknown } => ({
  externalRef,
  displayName: '久留米 さくら',
  stage: 'HIGH_SCHOOL',
  guardianConsent: true,
  ...over,
});

/** Enrols one student through the API and returns it (throws on errors). */
export async function enroll(t: TestApp, school: TestSchool, externalRef: string, over: Record<string, unknown> = {}) {
  const res = await t.gql(ENROLL, { input: enrolment(externalRef, over) }, { apiKey: school.apiKey });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.enrollStudent as { id: string; displayName: string; matchable: boolean; guardianConsent: boolean; profile: { themes: string[] } };
}

/**
 * A matching run's proposal for a new offer, straight in the database: the students as its
 * participants (open while PROPOSED), each with `reasons`.
 */
export async function insertProposal(
  t: TestApp,
  students: { id: string; reasons?: string[] }[],
  opts: { status?: 'PROPOSED' | 'APPROVED' | 'REJECTED' | 'SUPERSEDED'; organizationId?: string } = {},
): Promise<{ proposalId: string; offerId: string; organizationId: string }> {
  const organizationId = opts.organizationId ?? (await createOrganization(t)).id;
  const status = opts.status ?? 'PROPOSED';
  const [offer]: { id: string }[] = await t.db.query(
    `INSERT INTO offer (organization_id, title, description, themes, capacity, stages, mode, status)
     VALUES ($1, '防災マップづくり', '地域を歩いて防災マップを作ります。', '{disaster}', 10, '{HIGH_SCHOOL,UNIVERSITY}', 'HYBRID', 'OPEN') RETURNING id`,
    [organizationId],
  );
  const [run]: { id: string }[] = await t.db.query(`INSERT INTO matching_run (status, finished_at) VALUES ('COMPLETED', now()) RETURNING id`);
  const [proposal]: { id: string }[] = await t.db.query(
    `INSERT INTO proposal (run_id, offer_id, status, score, plan_title, plan_summary, plan_themes, decided_at)
     VALUES ($1, $2, $3::proposal_status, 0.8, '防災マップの共同アクション', '高校生と一緒に地域を歩きます。', '{disaster}', CASE WHEN $3::text <> 'PROPOSED' THEN now() END) RETURNING id`,
    [run.id, offer.id, status],
  );
  await t.db.query(
    `INSERT INTO proposal_participant (proposal_id, student_id, score, reasons, open)
     SELECT $1, s.id, 0.8, string_to_array(s.reasons, E'\\x1f'), $4 FROM unnest($2::uuid[], $3::text[]) AS s(id, reasons)`,
    [proposal.id, students.map((s) => s.id), students.map((s) => (s.reasons ?? ['テーマ「防災」が共通']).join('\x1f')), status === 'PROPOSED'],
  );
  return { proposalId: proposal.id, offerId: offer.id, organizationId };
}

/** An approved proposal's joint action with its event and participants, straight in the database. */
export async function insertJointAction(t: TestApp, students: { id: string; reasons?: string[] }[], organizationId?: string) {
  const p = await insertProposal(t, students, { status: 'APPROVED', organizationId });
  const event = await createEvent(t, { platform: Platform.FUTURE_CONFERENCE, hostOrganizationId: p.organizationId, title: '防災マップの共同アクション' });
  // as approveProposal marks it: the gathering is seen by the joint action's parties only
  await t.db.query('UPDATE event SET gathering = true WHERE id = $1', [event.id]);
  // as it stands once both sides said yes: CONFIRMED, every student's invitation ACCEPTED
  const [ja]: { id: string }[] = await t.db.query(
    `INSERT INTO joint_action (id, proposal_id, offer_id, title, summary, themes, event_id, status, respond_by, organization_status, organization_responded_at, settled_at)
     VALUES ($1, $2, $3, '防災マップの共同アクション', '高校生と一緒に地域を歩きます。', '{disaster}', $4, 'CONFIRMED', now(), 'ACCEPTED', now(), now()) RETURNING id`,
    [randomUUID(), p.proposalId, p.offerId, event.id],
  );
  await t.db.query('UPDATE proposal SET joint_action_id = $2 WHERE id = $1', [p.proposalId, ja.id]);
  await t.db.query(
    `INSERT INTO joint_action_invitation (joint_action_id, student_id, proposal_id, status, responded_at) SELECT $1, s, $3, 'ACCEPTED', now() FROM unnest($2::uuid[]) AS s`,
    [ja.id, students.map((s) => s.id), p.proposalId],
  );
  await t.db.query(`INSERT INTO joint_action_participant (joint_action_id, student_id) SELECT $1, s FROM unnest($2::uuid[]) AS s`, [ja.id, students.map((s) => s.id)]);
  await t.db.query(`INSERT INTO event_participant (event_id, user_id, status) SELECT $1, s, 'JOINED' FROM unnest($2::uuid[]) AS s`, [event.id, students.map((s) => s.id)]);
  await t.db.query('UPDATE event SET participant_count = $2 WHERE id = $1', [event.id, students.length]);
  await t.db.query('UPDATE offer SET approved_count = $2 WHERE id = $1', [p.offerId, students.length]);
  return { ...p, jointActionId: ja.id, eventId: event.id };
}

/** A statement counter on the app's data source: how many SQL statements `fn` sends. */
export async function countStatements<T>(t: TestApp, fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const db = t.db as unknown as { createQueryRunner: (...a: unknown[]) => { query: (q: string, ...r: unknown[]) => unknown } };
  const original = db.createQueryRunner;
  db.createQueryRunner = function (this: unknown, ...args: unknown[]) {
    const runner = original.apply(this, args);
    const query = runner.query;
    runner.query = function (this: unknown, q: string, ...rest: unknown[]) {
      statements.push(q);
      return query.call(this, q, ...rest);
    };
    return runner;
  };
  try {
    const result = await fn();
    return { result, statements };
  } finally {
    db.createQueryRunner = original;
  }
}
