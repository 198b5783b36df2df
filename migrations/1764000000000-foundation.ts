import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The shared graph: people, schools, organisations, the theme vocabulary and events of all four platforms. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`CREATE TYPE role AS ENUM ('STUDENT', 'ORGANIZATION_MEMBER', 'COORDINATOR', 'RESIDENT')`);
    await q.query(`CREATE TYPE platform AS ENUM ('COMMITTEE', 'FUTURE_CONFERENCE', 'PREPAREDNESS', 'TV')`);
    await q.query(`CREATE TYPE participation_mode AS ENUM ('ONSITE', 'ONLINE', 'HYBRID')`);
    await q.query(`CREATE TYPE organization_kind AS ENUM ('COMPANY', 'NPO', 'COMMUNITY_GROUP', 'PUBLIC_FACILITY', 'OTHER')`);
    await q.query(`CREATE TYPE participant_status AS ENUM ('JOINED', 'WAITLISTED')`);

    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- lower-cased; null for students, who sign in through their school portal
        email text UNIQUE CHECK (email = lower(email)),
        password_hash text,
        display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
        roles role[] NOT NULL CHECK (cardinality(roles) > 0),
        area text CHECK (char_length(area) <= 100),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE school (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        -- sha256 of the API key; the key itself is shown once and never stored
        api_key_hash bytea NOT NULL UNIQUE,
        api_key_prefix text NOT NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        kind organization_kind NOT NULL,
        area text CHECK (char_length(area) <= 100),
        description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
        verified boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE organization_member (
        organization_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, user_id)
      )`);
    await q.query(`CREATE INDEX organization_member_user ON organization_member (user_id)`);

    await q.query(`
      CREATE TABLE theme (
        key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]*$'),
        label text NOT NULL,
        position int NOT NULL UNIQUE
      )`);
    await q.query(
      `INSERT INTO theme (key, label, position) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`,
      [THEMES.map((t) => t[0]), THEMES.map((t) => t[1]), THEMES.map((_, i) => i + 1)],
    );

    await q.query(`
      CREATE TABLE event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        platform platform NOT NULL,
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz CHECK (ends_at IS NULL OR ends_at >= starts_at),
        mode participation_mode NOT NULL,
        location text CHECK (char_length(location) <= 200),
        online_url text CHECK (char_length(online_url) <= 2000),
        capacity int CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 100000),
        host_organization_id uuid REFERENCES organization(id) ON DELETE SET NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        -- joined (not waitlisted) participants, kept in step by the join and leave transactions
        participant_count int NOT NULL DEFAULT 0 CHECK (participant_count >= 0 AND (capacity IS NULL OR participant_count <= capacity)),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX event_starts ON event (starts_at, id)`);
    await q.query(`CREATE INDEX event_platform_starts ON event (platform, starts_at, id)`);
    await q.query(`CREATE INDEX event_host ON event (host_organization_id)`);

    await q.query(`
      CREATE TABLE event_participant (
        event_id uuid NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        status participant_status NOT NULL,
        -- waiting-list order: first come, first moved up
        seq bigint GENERATED ALWAYS AS IDENTITY,
        joined_at timestamptz NOT NULL DEFAULT now(),
        promoted_at timestamptz,
        PRIMARY KEY (event_id, user_id)
      )`);
    await q.query(`CREATE INDEX event_participant_waitlist ON event_participant (event_id, seq) WHERE status = 'WAITLISTED'`);
    await q.query(`CREATE INDEX event_participant_user ON event_participant (user_id)`);

    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        kind text NOT NULL,
        -- what caused it, so that a retried job cannot notify twice
        dedupe_key text NOT NULL UNIQUE,
        title text NOT NULL,
        body text NOT NULL DEFAULT '',
        event_id uuid REFERENCES event(id) ON DELETE CASCADE,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notification_user ON notification (user_id, created_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['notification', 'event_participant', 'event', 'theme', 'organization_member', 'organization', 'school', 'app_user']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    for (const t of ['participant_status', 'organization_kind', 'participation_mode', 'platform', 'role']) await q.query(`DROP TYPE IF EXISTS ${t}`);
  }
}

const THEMES: [string, string][] = [
  ['disaster', '防災'],
  ['infection', '感染症'],
  ['elderly', '高齢者'],
  ['childcare', '子育て'],
  ['disability', '障がい'],
  ['multicultural', '多文化共生'],
  ['environment', '環境'],
  ['community', 'まちづくり'],
  ['food', '食'],
  ['health', '健康'],
  ['education', '学び'],
  ['culture', '文化・芸術'],
  ['sports', 'スポーツ'],
  ['media', '情報発信'],
  ['welfare', '地域福祉'],
  ['work', 'しごと'],
];
