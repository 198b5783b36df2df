import type { MigrationInterface, QueryRunner } from 'typeorm';

/** プラットフォーム未来会議: students, offers, matching runs, proposals, joint actions and their audit. */
export class FutureConference1764100000000 implements MigrationInterface {
  name = 'FutureConference1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE student_stage AS ENUM ('ELEMENTARY', 'JUNIOR_HIGH', 'HIGH_SCHOOL', 'UNIVERSITY')`);
    await q.query(`CREATE TYPE time_slot AS ENUM ('WEEKDAY_DAYTIME', 'WEEKDAY_AFTER_SCHOOL', 'WEEKDAY_EVENING', 'WEEKEND_MORNING', 'WEEKEND_AFTERNOON', 'WEEKEND_EVENING')`);
    await q.query(`CREATE TYPE offer_status AS ENUM ('DRAFT', 'OPEN', 'CLOSED')`);
    await q.query(`CREATE TYPE matching_run_status AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')`);
    await q.query(`CREATE TYPE proposal_status AS ENUM ('PROPOSED', 'APPROVED', 'REJECTED', 'SUPERSEDED')`);

    // A student is a user (role STUDENT) enrolled by one school; the portal knows them by external_ref.
    await q.query(`
      CREATE TABLE student (
        id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        school_id uuid NOT NULL REFERENCES school(id) ON DELETE CASCADE,
        -- null once withdrawn: the portal's identifier is personal data too
        external_ref text CHECK (char_length(external_ref) BETWEEN 1 AND 100),
        stage student_stage NOT NULL,
        guardian_consent boolean NOT NULL,
        themes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(themes) <= 16),
        concerns text NOT NULL DEFAULT '' CHECK (char_length(concerns) <= 2000),
        interests text NOT NULL DEFAULT '' CHECK (char_length(interests) <= 2000),
        area text CHECK (char_length(area) <= 100),
        slots time_slot[] NOT NULL DEFAULT '{}',
        modes participation_mode[] NOT NULL DEFAULT '{}',
        withdrawn_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (school_id, external_ref)
      )`);
    await q.query(`CREATE INDEX student_school ON student (school_id, created_at, id)`);

    await q.query(`
      CREATE TABLE offer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        description text NOT NULL CHECK (char_length(description) <= 4000),
        themes text[] NOT NULL CHECK (cardinality(themes) BETWEEN 1 AND 16),
        capacity int NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
        -- students of approved proposals; the database itself keeps it within capacity
        approved_count int NOT NULL DEFAULT 0 CHECK (approved_count >= 0 AND approved_count <= capacity),
        stages student_stage[] NOT NULL CHECK (cardinality(stages) >= 1),
        area text CHECK (char_length(area) <= 100),
        mode participation_mode NOT NULL,
        slots time_slot[] NOT NULL DEFAULT '{}',
        status offer_status NOT NULL DEFAULT 'DRAFT',
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        closed_at timestamptz
      )`);
    await q.query(`CREATE INDEX offer_organization ON offer (organization_id, created_at, id)`);
    await q.query(`CREATE INDEX offer_status_created ON offer (status, created_at, id)`);

    await q.query(`
      CREATE TABLE matching_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- STUDENT_OFFER now; the preparedness platform adds SUPPORT (helpers and needs)
        kind text NOT NULL DEFAULT 'STUDENT_OFFER',
        status matching_run_status NOT NULL DEFAULT 'QUEUED',
        -- what asked for it: REQUESTED (a coordinator), OFFER_PUBLISHED, PROFILE_CHANGED
        cause text NOT NULL DEFAULT 'REQUESTED',
        progress real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        pairs_scored bigint NOT NULL DEFAULT 0,
        proposals_created int NOT NULL DEFAULT 0,
        stats jsonb,
        requested_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        error text
      )`);
    // automatic (debounced) runs: at most one waiting per kind; the next change joins it
    await q.query(`CREATE UNIQUE INDEX matching_run_one_waiting_auto ON matching_run (kind) WHERE status = 'QUEUED' AND cause <> 'REQUESTED'`);
    await q.query(`CREATE INDEX matching_run_created ON matching_run (created_at DESC, id)`);

    await q.query(`
      CREATE TABLE proposal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES matching_run(id) ON DELETE CASCADE,
        offer_id uuid NOT NULL REFERENCES offer(id) ON DELETE CASCADE,
        status proposal_status NOT NULL DEFAULT 'PROPOSED',
        score real NOT NULL CHECK (score BETWEEN 0 AND 1),
        plan_title text NOT NULL,
        plan_summary text NOT NULL,
        plan_themes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decided_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        decision_note text CHECK (char_length(decision_note) <= 2000),
        -- a run proposes at most once per offer: a retried run job cannot duplicate
        UNIQUE (run_id, offer_id)
      )`);
    await q.query(`CREATE INDEX proposal_status_created ON proposal (status, created_at, id)`);
    await q.query(`CREATE INDEX proposal_offer ON proposal (offer_id, created_at, id)`);

    await q.query(`
      CREATE TABLE proposal_participant (
        proposal_id uuid NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
        student_id uuid NOT NULL REFERENCES student(id) ON DELETE CASCADE,
        score real NOT NULL CHECK (score BETWEEN 0 AND 1),
        reasons text[] NOT NULL DEFAULT '{}',
        -- true while the proposal is PROPOSED; lets the database hold "one open proposal per student"
        open boolean NOT NULL DEFAULT true,
        PRIMARY KEY (proposal_id, student_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX proposal_participant_one_open ON proposal_participant (student_id) WHERE open`);

    await q.query(`
      CREATE TABLE joint_action (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL UNIQUE REFERENCES proposal(id) ON DELETE CASCADE,
        offer_id uuid NOT NULL REFERENCES offer(id) ON DELETE CASCADE,
        title text NOT NULL,
        summary text NOT NULL,
        themes text[] NOT NULL,
        event_id uuid NOT NULL REFERENCES event(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX joint_action_offer ON joint_action (offer_id)`);
    await q.query(`
      CREATE TABLE joint_action_participant (
        joint_action_id uuid NOT NULL REFERENCES joint_action(id) ON DELETE CASCADE,
        student_id uuid NOT NULL REFERENCES student(id) ON DELETE CASCADE,
        PRIMARY KEY (joint_action_id, student_id)
      )`);
    await q.query(`CREATE INDEX joint_action_participant_student ON joint_action_participant (student_id)`);

    // who decided what, when and why: kept even when accounts go
    await q.query(`
      CREATE TABLE decision_audit (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        proposal_id uuid NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
        actor_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        decision proposal_status NOT NULL,
        note text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX decision_audit_proposal ON decision_audit (proposal_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['decision_audit', 'joint_action_participant', 'joint_action', 'proposal_participant', 'proposal', 'matching_run', 'offer', 'student']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    for (const t of ['proposal_status', 'matching_run_status', 'offer_status', 'time_slot', 'student_stage']) await q.query(`DROP TYPE IF EXISTS ${t}`);
  }
}
