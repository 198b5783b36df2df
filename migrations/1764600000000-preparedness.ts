import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * そなえる・みんなのもしも: scenarios (もしも cards) linked to PREPAREDNESS events, responses, each
 * person's もしもプラン checklist, helpers' pledges, needs registered by coordinators (a pseudonymous
 * label, the person's consent), pairings proposed by SUPPORT matching runs, and the audit of every
 * coordinator read of needs and pairings (ids only, append-only).
 */
export class Preparedness1764600000000 implements MigrationInterface {
  name = 'Preparedness1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE preparedness_topic AS ENUM ('DISASTER', 'INFECTION')`);
    await q.query(
      `CREATE TYPE support_kind AS ENUM ('CHECK_IN_CALL', 'SHOPPING', 'EVACUATION_ESCORT', 'TRANSLATION', 'CHILDCARE', 'PET_CARE', 'MEDICATION_PICKUP', 'INFORMATION')`,
    );
    // matching runs of helpers × needs share the run table with student × offer runs
    await q.query(`ALTER TABLE matching_run ADD CONSTRAINT matching_run_kind CHECK (kind IN ('STUDENT_OFFER', 'SUPPORT'))`);

    await q.query(`
      CREATE TABLE scenario (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        topic preparedness_topic NOT NULL,
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        prompt text NOT NULL CHECK (char_length(prompt) BETWEEN 1 AND 4000),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX scenario_topic ON scenario (topic, created_at DESC, id)`);
    await q.query(`
      CREATE TABLE scenario_session (
        scenario_id uuid NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        PRIMARY KEY (scenario_id, event_id)
      )`);
    await q.query(`CREATE INDEX scenario_session_event ON scenario_session (event_id)`);

    await q.query(`
      CREATE TABLE scenario_response (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scenario_id uuid NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 2000),
        needs support_kind[] NOT NULL DEFAULT '{}',
        can_help_with support_kind[] NOT NULL DEFAULT '{}',
        anonymous boolean NOT NULL DEFAULT false,
        -- the latest drill (an event) of the scenario's pairings that took place before this response
        after_drill_event_id uuid REFERENCES event(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX scenario_response_scenario ON scenario_response (scenario_id, created_at, id)`);
    await q.query(`CREATE INDEX scenario_response_author ON scenario_response (author_id)`);

    await q.query(`
      CREATE TABLE preparedness_plan_item (
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        key text NOT NULL CHECK (char_length(key) <= 40),
        done boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);

    await q.query(`
      CREATE TABLE support_pledge (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        helper_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        kinds support_kind[] NOT NULL CHECK (cardinality(kinds) BETWEEN 1 AND 8),
        area text NOT NULL CHECK (char_length(area) BETWEEN 1 AND 100),
        slots time_slot[] NOT NULL CHECK (cardinality(slots) BETWEEN 1 AND 6),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX support_pledge_helper ON support_pledge (helper_id, created_at)`);

    await q.query(`
      CREATE TABLE support_need (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- a pseudonym, never the person's name
        label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 60),
        kinds support_kind[] NOT NULL CHECK (cardinality(kinds) BETWEEN 1 AND 8),
        area text NOT NULL CHECK (char_length(area) BETWEEN 1 AND 100),
        slots time_slot[] NOT NULL CHECK (cardinality(slots) BETWEEN 1 AND 6),
        consent boolean NOT NULL,
        -- the city register's own number (避難行動要支援者名簿), for CSV imports; null when registered by hand
        register_ref text UNIQUE CHECK (char_length(register_ref) BETWEEN 1 AND 40),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE support_pairing (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES matching_run(id) ON DELETE CASCADE,
        pledge_id uuid NOT NULL REFERENCES support_pledge(id) ON DELETE CASCADE,
        need_id uuid NOT NULL REFERENCES support_need(id) ON DELETE CASCADE,
        -- the kinds of help this helper gives this person
        kinds support_kind[] NOT NULL CHECK (cardinality(kinds) >= 1),
        score real NOT NULL CHECK (score BETWEEN 0 AND 1),
        reasons text[] NOT NULL DEFAULT '{}',
        status proposal_status NOT NULL DEFAULT 'PROPOSED',
        decided_at timestamptz,
        decided_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        decision_note text CHECK (char_length(decision_note) <= 2000),
        drill_event_id uuid REFERENCES event(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- a retried run cannot duplicate
        UNIQUE (run_id, pledge_id, need_id)
      )`);
    await q.query(`CREATE INDEX support_pairing_status ON support_pairing (status, created_at, id)`);
    await q.query(`CREATE INDEX support_pairing_need ON support_pairing (need_id, status)`);
    await q.query(`CREATE INDEX support_pairing_pledge ON support_pairing (pledge_id, status)`);

    await q.query(`
      CREATE TABLE support_audit (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        actor_user_id uuid NOT NULL,
        -- NEED_READ, PAIRING_READ, NEED_REGISTERED, NEED_CONSENT_CHANGED, NEEDS_IMPORTED, PAIRING_APPROVED, PAIRING_REJECTED, DRILL_SCHEDULED
        action text NOT NULL CHECK (char_length(action) <= 40),
        need_ids uuid[] NOT NULL DEFAULT '{}',
        pairing_ids uuid[] NOT NULL DEFAULT '{}',
        request_id text CHECK (char_length(request_id) <= 64),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX support_audit_at ON support_audit (at DESC, id DESC)`);
    await q.query(`
      CREATE FUNCTION support_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'support_audit is append-only';
      END $$`);
    await q.query(`CREATE TRIGGER support_audit_no_update BEFORE UPDATE ON support_audit FOR EACH ROW EXECUTE FUNCTION support_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['support_audit', 'support_pairing', 'support_need', 'support_pledge', 'preparedness_plan_item', 'scenario_response', 'scenario_session', 'scenario']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS support_audit_append_only()`);
    await q.query(`DELETE FROM matching_run WHERE kind = 'SUPPORT'`);
    await q.query(`ALTER TABLE matching_run DROP CONSTRAINT IF EXISTS matching_run_kind`);
    await q.query(`DROP TYPE IF EXISTS support_kind`);
    await q.query(`DROP TYPE IF EXISTS preparedness_topic`);
  }
}
