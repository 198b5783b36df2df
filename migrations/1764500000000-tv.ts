import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * つたえる・地福TV: programmes, their episodes (events on platform TV in the shared graph), what an
 * episode features from the other platforms, comments on episodes, and the activities the sibling
 * platforms record for the cross-platform feed (events and joint actions are read where they are).
 */
export class Tv1764500000000 implements MigrationInterface {
  name = 'Tv1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tv_program (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        description text NOT NULL CHECK (char_length(description) <= 4000),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tv_program_created ON tv_program (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE tv_episode (
        event_id uuid PRIMARY KEY REFERENCES event(id) ON DELETE CASCADE,
        program_id uuid NOT NULL REFERENCES tv_program(id) ON DELETE CASCADE,
        replay_url text CHECK (char_length(replay_url) <= 2000),
        replay_set_at timestamptz
      )`);
    await q.query(`CREATE INDEX tv_episode_program ON tv_episode (program_id)`);
    await q.query(`
      CREATE TABLE tv_feature (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        episode_id uuid NOT NULL REFERENCES tv_episode(event_id) ON DELETE CASCADE,
        event_id uuid REFERENCES event(id) ON DELETE CASCADE,
        joint_action_id uuid REFERENCES joint_action(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((event_id IS NULL) <> (joint_action_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX tv_feature_event ON tv_feature (episode_id, event_id) WHERE event_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX tv_feature_joint_action ON tv_feature (episode_id, joint_action_id) WHERE joint_action_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE tv_comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES tv_episode(event_id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 1000),
        at_second int CHECK (at_second BETWEEN 0 AND 86400),
        hidden_at timestamptz,
        hidden_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX tv_comment_event ON tv_comment (event_id, created_at, id)`);
    await q.query(`CREATE INDEX tv_comment_author ON tv_comment (author_id)`);

    // what the sibling platforms announce for the feed (perspectives highlighted, scenarios opened):
    // a title and a pointer, never a person; non-public rows answer to coordinators only
    await q.query(`CREATE TYPE tv_activity_kind AS ENUM ('EVENT_SCHEDULED', 'JOINT_ACTION_STARTED', 'PERSPECTIVE_HIGHLIGHTED', 'SCENARIO_OPENED', 'EPISODE_PUBLISHED')`);
    await q.query(`
      CREATE TABLE tv_activity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind tv_activity_kind NOT NULL,
        platform platform NOT NULL,
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
        event_id uuid REFERENCES event(id) ON DELETE CASCADE,
        public boolean NOT NULL DEFAULT true,
        dedupe_key text UNIQUE CHECK (char_length(dedupe_key) <= 200),
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tv_activity_at ON tv_activity (occurred_at DESC, id)`);
    // the feed reads events and joint actions newest first
    await q.query(`CREATE INDEX tv_event_created ON event (created_at DESC)`);
    await q.query(`CREATE INDEX tv_joint_action_created ON joint_action (created_at DESC)`);
    await q.query(`CREATE INDEX tv_joint_action_event ON joint_action (event_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS tv_joint_action_event`);
    await q.query(`DROP INDEX IF EXISTS tv_joint_action_created`);
    await q.query(`DROP INDEX IF EXISTS tv_event_created`);
    await q.query(`DROP TABLE IF EXISTS tv_activity`);
    await q.query(`DROP TYPE IF EXISTS tv_activity_kind`);
    await q.query(`DROP TABLE IF EXISTS tv_comment`);
    await q.query(`DROP TABLE IF EXISTS tv_feature`);
    await q.query(`DROP TABLE IF EXISTS tv_episode`);
    await q.query(`DROP TABLE IF EXISTS tv_program`);
  }
}
