import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * つどう・新地福委員会: residents' self-declared generation and sector (read only in aggregate),
 * the agenda and minutes of committee meetings (events on platform COMMITTEE), perspectives (視点)
 * with one stance per person, and the cache of opinion groups computed on the worker for large maps.
 */
export class Committee1764400000000 implements MigrationInterface {
  name = 'Committee1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE generation AS ENUM ('UNDER_13', 'TEENS', 'TWENTIES', 'THIRTIES', 'FORTIES', 'FIFTIES', 'SIXTIES', 'SEVENTY_PLUS')`);
    await q.query(`CREATE TYPE sector AS ENUM ('STUDENT', 'RESIDENT', 'BUSINESS', 'NPO', 'WELFARE', 'GOVERNMENT', 'EDUCATION', 'MEDICAL', 'OTHER')`);
    await q.query(`CREATE TYPE stance AS ENUM ('AGREE', 'DISAGREE', 'PASS')`);
    await q.query(`ALTER TABLE app_user ADD COLUMN generation generation, ADD COLUMN sector sector`);
    await q.query(`
      CREATE TABLE agenda_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        position int NOT NULL CHECK (position >= 1),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_id, position)
      )`);
    await q.query(`
      CREATE TABLE meeting_minutes (
        event_id uuid PRIMARY KEY REFERENCES event(id) ON DELETE CASCADE,
        minutes text NOT NULL CHECK (char_length(minutes) <= 20000),
        updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE perspective (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        agenda_item_id uuid REFERENCES agenda_item(id) ON DELETE SET NULL,
        -- kept for anonymous posts too: coordinators see the author, nobody else does
        author_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        anonymous boolean NOT NULL DEFAULT false,
        text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 500),
        themes text[] NOT NULL CHECK (cardinality(themes) BETWEEN 1 AND 5),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX perspective_event ON perspective (event_id, created_at, id)`);
    await q.query(`CREATE INDEX perspective_author ON perspective (author_id)`);
    await q.query(`
      CREATE TABLE perspective_stance (
        perspective_id uuid NOT NULL REFERENCES perspective(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        stance stance NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (perspective_id, user_id)
      )`);
    await q.query(`CREATE INDEX perspective_stance_user ON perspective_stance (user_id)`);
    // opinion groups of large maps, computed by the worker: one row per scope (a meeting or a date
    // range), valid while the fingerprint of its stances is the same
    await q.query(`
      CREATE TABLE opinion_group_cache (
        scope_key text PRIMARY KEY CHECK (char_length(scope_key) <= 200),
        fingerprint text NOT NULL,
        result jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE opinion_group_cache`);
    await q.query(`DROP TABLE perspective_stance`);
    await q.query(`DROP TABLE perspective`);
    await q.query(`DROP TABLE meeting_minutes`);
    await q.query(`DROP TABLE agenda_item`);
    await q.query(`ALTER TABLE app_user DROP COLUMN generation, DROP COLUMN sector`);
    await q.query(`DROP TYPE stance`);
    await q.query(`DROP TYPE sector`);
    await q.query(`DROP TYPE generation`);
  }
}
