import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy duties: the audit of who read a minor's details (coordinators), of data exports (the
 * APPI disclosure requests of school portals) and of school key rotations. Decisions on proposals
 * stay in decision_audit; `auditLog` reads both.
 *
 * An entry holds ids and field names only, never the data that was read. Its ids are plain
 * values, not foreign keys: an entry outlives the accounts and rows it names, and the table is
 * append-only (an UPDATE is refused; old entries may be deleted by a retention job).
 */
export class Privacy1764300000000 implements MigrationInterface {
  name = 'Privacy1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE privacy_audit_kind AS ENUM ('STUDENT_READ', 'DATA_EXPORT', 'SCHOOL_KEY_ROTATED')`);
    await q.query(`
      CREATE TABLE privacy_audit (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind privacy_audit_kind NOT NULL,
        -- who: a signed-in user (a coordinator), or a school portal by its key
        actor_user_id uuid,
        actor_school_id uuid,
        -- about whom: the student read or exported, or the school whose key was rotated
        student_id uuid,
        school_id uuid,
        -- the Student fields read (STUDENT_READ); names only, never values
        fields text[] NOT NULL DEFAULT '{}' CHECK (cardinality(fields) <= 32),
        request_id text CHECK (char_length(request_id) <= 64),
        at timestamptz NOT NULL DEFAULT now(),
        CHECK (actor_user_id IS NOT NULL OR actor_school_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX privacy_audit_at ON privacy_audit (at DESC, id DESC)`);
    await q.query(`CREATE INDEX privacy_audit_student ON privacy_audit (student_id, at DESC, id DESC) WHERE student_id IS NOT NULL`);
    await q.query(`CREATE INDEX privacy_audit_kind_at ON privacy_audit (kind, at DESC, id DESC)`);
    await q.query(`
      CREATE FUNCTION privacy_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'privacy_audit is append-only';
      END $$`);
    await q.query(`CREATE TRIGGER privacy_audit_no_update BEFORE UPDATE ON privacy_audit FOR EACH ROW EXECUTE FUNCTION privacy_audit_append_only()`);

    // auditLog pages decisions newest first, alone or together with the entries above
    await q.query(`CREATE INDEX decision_audit_at ON decision_audit (at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS decision_audit_at`);
    await q.query(`DROP TABLE IF EXISTS privacy_audit`);
    await q.query(`DROP FUNCTION IF EXISTS privacy_audit_append_only()`);
    await q.query(`DROP TYPE IF EXISTS privacy_audit_kind`);
  }
}
