import { randomUUID } from 'node:crypto';
import type { TestApp } from './app.js';

/** Direct SQL fixtures for matching tests: fast, and independent of the enrolment API they exercise elsewhere. */
export interface StudentFixture {
  stage?: 'ELEMENTARY' | 'JUNIOR_HIGH' | 'HIGH_SCHOOL' | 'UNIVERSITY';
  consent?: boolean;
  themes?: string[];
  concerns?: string;
  interests?: string;
  area?: string | null;
  slots?: string[];
  modes?: string[];
  displayName?: string;
}

export async function createSchool(t: TestApp, name = '久留米市立テスト中学校'): Promise<string> {
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO school (name, api_key_hash, api_key_prefix) VALUES ($1, $2, 'cfk_test') RETURNING id`,
    [name, Buffer.from(randomUUID())],
  );
  return row.id;
}

export async function insertStudents(t: TestApp, schoolId: string, students: StudentFixture[]): Promise<string[]> {
  const ids = students.map(() => randomUUID());
  await t.db.query(
    `INSERT INTO app_user (id, display_name, roles) SELECT id, name, ARRAY['STUDENT']::role[] FROM unnest($1::uuid[], $2::text[]) AS u(id, name)`,
    [ids, students.map((s, i) => s.displayName ?? `生徒${i + 1}`)],
  );
  await t.db.query(
    `INSERT INTO student (id, school_id, external_ref, stage, guardian_consent, themes, concerns, interests, area, slots, modes)
     SELECT u.id, $2, u.ref, u.stage::student_stage, u.consent, string_to_array(u.themes, ','), u.concerns, u.interests, u.area,
            string_to_array(u.slots, ',')::time_slot[], string_to_array(u.modes, ',')::participation_mode[]
     FROM unnest($1::uuid[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
       AS u(id, ref, stage, consent, themes, concerns, interests, area, slots, modes)`,
    [
      ids,
      schoolId,
      ids.map((id) => `ref-${id.slice(0, 8)}`),
      students.map((s) => s.stage ?? 'HIGH_SCHOOL'),
      students.map((s) => s.consent ?? true),
      students.map((s) => (s.themes ?? ['disaster']).join(',')),
      students.map((s) => s.concerns ?? ''),
      students.map((s) => s.interests ?? ''),
      students.map((s) => (s.area === undefined ? '中央' : s.area)),
      students.map((s) => (s.slots ?? ['WEEKDAY_AFTER_SCHOOL', 'WEEKEND_AFTERNOON']).join(',')),
      students.map((s) => (s.modes ?? ['ONSITE', 'ONLINE']).join(',')),
    ],
  );
  return ids;
}

export interface OfferFixture {
  organizationId: string;
  title?: string;
  description?: string;
  themes?: string[];
  capacity?: number;
  stages?: string[];
  area?: string | null;
  mode?: 'ONSITE' | 'ONLINE' | 'HYBRID';
  slots?: string[];
  status?: 'DRAFT' | 'OPEN' | 'CLOSED';
}

export async function insertOffer(t: TestApp, o: OfferFixture): Promise<string> {
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO offer (organization_id, title, description, themes, capacity, stages, area, mode, slots, status)
     VALUES ($1, $2, $3, $4, $5, $6::student_stage[], $7, $8, $9::time_slot[], $10) RETURNING id`,
    [
      o.organizationId,
      o.title ?? '地域の防災マップづくり',
      o.description ?? '高校生と一緒に、地域の避難所や危ない場所を歩いて確かめ、防災マップを作ります。',
      o.themes ?? ['disaster'],
      o.capacity ?? 3,
      o.stages ?? ['JUNIOR_HIGH', 'HIGH_SCHOOL', 'UNIVERSITY'],
      o.area === undefined ? '中央' : o.area,
      o.mode ?? 'HYBRID',
      o.slots ?? [],
      o.status ?? 'OPEN',
    ],
  );
  return row.id;
}

/** A PROPOSED proposal written directly (for decision tests that need no run). */
export async function insertProposal(t: TestApp, offerId: string, studentIds: string[]): Promise<string> {
  const [run]: { id: string }[] = await t.db.query(`INSERT INTO matching_run (status, finished_at) VALUES ('COMPLETED', now()) RETURNING id`);
  const [p]: { id: string }[] = await t.db.query(
    `INSERT INTO proposal (run_id, offer_id, score, plan_title, plan_summary, plan_themes) VALUES ($1, $2, 0.8, '防災マップづくり', '地域の避難所を確かめます。', '{disaster}') RETURNING id`,
    [run.id, offerId],
  );
  await t.db.query(
    `INSERT INTO proposal_participant (proposal_id, student_id, score, reasons) SELECT $1, s, 0.8, '{共通のテーマ: 防災}' FROM unnest($2::uuid[]) s`,
    [p.id, studentIds],
  );
  return p.id;
}
