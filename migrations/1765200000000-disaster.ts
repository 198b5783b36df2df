import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * そなえる・みんなのもしも, the day it happens: disasters declared over areas for a limited time,
 * contact cards (encrypted by the service: only ciphertext is stored here), safety reports and the
 * latest one per need and disaster, how many helpers each need wants, and the disaster of each
 * break-glass opening in support_audit.
 *
 * A disaster has no stored status: it is ACTIVE while `ended_at IS NULL AND ends_at > now()`,
 * evaluated by every query, so that contact cards close at `ends_at` with nobody acting (no job
 * has to run, and no clock of any process decides).
 *
 * Areas compare through `area_key` (NFKC, no white space, lower case): a disaster over 「中央」
 * covers needs registered in 「中央 」. The same rule as the support run's normalizeArea.
 */
export class Disaster1765200000000 implements MigrationInterface {
  name = 'Disaster1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION area_key(area text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT lower(regexp_replace(normalize(area, NFKC), '\\s+', '', 'g')) $$`);
    await q.query(`ALTER TABLE support_need ADD COLUMN helpers_wanted smallint NOT NULL DEFAULT 2 CHECK (helpers_wanted BETWEEN 1 AND 5)`);
    await q.query(`CREATE INDEX support_need_area_key ON support_need (area_key(area))`);
    await q.query(`CREATE INDEX support_pledge_area_key ON support_pledge (area_key(area)) WHERE active`);

    await q.query(`CREATE TYPE safety_status AS ENUM ('UNKNOWN', 'SAFE', 'NEEDS_HELP', 'EVACUATED', 'UNREACHABLE')`);
    await q.query(`
      CREATE TABLE disaster (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        topic preparedness_topic NOT NULL,
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        areas text[] NOT NULL CHECK (cardinality(areas) BETWEEN 1 AND 50),
        -- area_key of each area, distinct: what needs and pledges are matched against
        area_keys text[] NOT NULL CHECK (cardinality(area_keys) BETWEEN 1 AND 50),
        -- a disaster drill: the same flow, its reports count in its own results, never in real statistics
        drill boolean NOT NULL DEFAULT false,
        started_at timestamptz NOT NULL DEFAULT now(),
        ends_at timestamptz NOT NULL,
        ended_at timestamptz,
        declared_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        ended_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        CHECK (ends_at > started_at AND ends_at <= started_at + interval '14 days'),
        CHECK (ended_at IS NULL OR ended_at >= started_at)
      )`);
    // the open ones (activeDisasters, and the disaster over an area on every contact opening)
    await q.query(`CREATE INDEX disaster_open ON disaster (ends_at) WHERE ended_at IS NULL`);
    await q.query(`CREATE INDEX disaster_started ON disaster (started_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE support_contact_card (
        need_id uuid PRIMARY KEY REFERENCES support_need(id) ON DELETE CASCADE,
        -- AES-256-GCM: format version, key id, IV, tag, ciphertext (src/preparedness/disaster/contact-cipher.ts)
        cipher bytea NOT NULL CHECK (octet_length(cipher) BETWEEN 38 AND 16384),
        -- the key that sealed it (hex, also inside the cipher): what a key rotation re-encrypts
        key_id text NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX support_contact_card_key ON support_contact_card (key_id)`);

    await q.query(`
      CREATE TABLE safety_report (
        id uuid PRIMARY KEY,
        disaster_id uuid NOT NULL REFERENCES disaster(id) ON DELETE CASCADE,
        need_id uuid NOT NULL REFERENCES support_need(id) ON DELETE CASCADE,
        status safety_status NOT NULL CHECK (status <> 'UNKNOWN'),
        -- the note, sealed like contact cards (it may say where the person is hurt or lying)
        note_cipher bytea CHECK (octet_length(note_cipher) BETWEEN 38 AND 16384),
        note_key_id text CHECK (note_key_id ~ '^[0-9a-f]{16}$'),
        reported_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        reported_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((note_cipher IS NULL) = (note_key_id IS NULL))
      )`);
    await q.query(`CREATE INDEX safety_report_disaster ON safety_report (disaster_id, reported_at DESC, id DESC)`);
    await q.query(`CREATE INDEX safety_report_need ON safety_report (need_id)`);
    await q.query(`CREATE INDEX safety_report_note_key ON safety_report (note_key_id) WHERE note_key_id IS NOT NULL`);
    // the latest report of each need in each disaster (kept in the report's transaction)
    await q.query(`
      CREATE TABLE safety_state (
        disaster_id uuid NOT NULL REFERENCES disaster(id) ON DELETE CASCADE,
        need_id uuid NOT NULL REFERENCES support_need(id) ON DELETE CASCADE,
        report_id uuid NOT NULL REFERENCES safety_report(id) ON DELETE CASCADE,
        status safety_status NOT NULL,
        reported_at timestamptz NOT NULL,
        PRIMARY KEY (disaster_id, need_id)
      )`);
    await q.query(`CREATE INDEX safety_state_need ON safety_state (need_id)`);
    await q.query(`CREATE INDEX safety_state_report ON safety_state (report_id)`);

    // a break-glass opening of a contact card names the disaster it happened under
    await q.query(`ALTER TABLE support_audit ADD COLUMN disaster_id uuid`);
    // 地福TV's feed: a line when a disaster (or a drill) is declared
    await q.query(`ALTER TYPE tv_activity_kind ADD VALUE IF NOT EXISTS 'DISASTER_DECLARED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM tv_activity WHERE kind::text = 'DISASTER_DECLARED'`);
    await q.query(`ALTER TABLE support_audit DROP COLUMN IF EXISTS disaster_id`);
    for (const t of ['safety_state', 'safety_report', 'support_contact_card', 'disaster']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`DROP TYPE IF EXISTS safety_status`);
    await q.query(`DROP INDEX IF EXISTS support_pledge_area_key`);
    await q.query(`DROP INDEX IF EXISTS support_need_area_key`);
    await q.query(`ALTER TABLE support_need DROP COLUMN IF EXISTS helpers_wanted`);
    await q.query(`DROP FUNCTION IF EXISTS area_key(text)`);
    // an enum value cannot be dropped: DISASTER_DECLARED stays in tv_activity_kind, unused
  }
}
