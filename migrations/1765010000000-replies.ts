import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * プラットフォーム未来会議, second part: both sides answer.
 * - joint_action gains its life: AWAITING_REPLIES → CONFIRMED or CANCELLED, a deadline
 *   (respond_by) and the organisation's answer;
 * - joint_action_invitation: one row per invited student, with the answer; joint_action_participant
 *   is from now on the students who ACCEPTED (they join the gathering);
 * - offer.min_participants, and offer.freed_places: places given back (declines, expiries,
 *   withdrawals, cancellations) that the next run may count as refilled;
 * - offer_interest: a student's INTERESTED / NOT_INTERESTED per offer;
 * - matching_run.refilled_places and matching_run_unplaced (why a matchable student was left out);
 * - proposal.joint_action_id: the joint action an approval created or refilled.
 * Joint actions approved before this migration had seated their students: they become CONFIRMED,
 * accepted by the organisation and by each participant.
 */
export class Replies1765010000000 implements MigrationInterface {
  name = 'Replies1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE invitation_status AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN')`);
    await q.query(`CREATE TYPE joint_action_status AS ENUM ('AWAITING_REPLIES', 'CONFIRMED', 'CANCELLED')`);
    await q.query(`CREATE TYPE offer_interest_kind AS ENUM ('INTERESTED', 'NOT_INTERESTED')`);

    // the defaults describe a joint action both sides have accepted, as those approved before
    // this migration are; the service always writes a new one AWAITING_REPLIES with its deadline
    await q.query(`
      ALTER TABLE joint_action
        ADD COLUMN status joint_action_status NOT NULL DEFAULT 'CONFIRMED',
        ADD COLUMN respond_by timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN organization_status invitation_status NOT NULL DEFAULT 'ACCEPTED' CHECK (organization_status <> 'WITHDRAWN'),
        ADD COLUMN organization_responded_at timestamptz,
        ADD COLUMN settled_at timestamptz`);
    await q.query(`UPDATE joint_action SET respond_by = created_at, organization_responded_at = created_at, settled_at = created_at`);

    await q.query(`
      CREATE TABLE joint_action_invitation (
        joint_action_id uuid NOT NULL REFERENCES joint_action(id) ON DELETE CASCADE,
        student_id uuid NOT NULL REFERENCES student(id) ON DELETE CASCADE,
        -- the approved proposal that invited the student (the first one, or a refill's)
        proposal_id uuid REFERENCES proposal(id) ON DELETE SET NULL,
        status invitation_status NOT NULL DEFAULT 'PENDING',
        invited_at timestamptz NOT NULL DEFAULT now(),
        responded_at timestamptz,
        PRIMARY KEY (joint_action_id, student_id)
      )`);
    await q.query(`CREATE INDEX joint_action_invitation_student ON joint_action_invitation (student_id, status)`);
    await q.query(`
      INSERT INTO joint_action_invitation (joint_action_id, student_id, proposal_id, status, invited_at, responded_at)
      SELECT jp.joint_action_id, jp.student_id, ja.proposal_id, 'ACCEPTED', ja.created_at, ja.created_at
      FROM joint_action_participant jp JOIN joint_action ja ON ja.id = jp.joint_action_id`);

    await q.query(`ALTER TABLE proposal ADD COLUMN joint_action_id uuid REFERENCES joint_action(id) ON DELETE SET NULL`);
    await q.query(`UPDATE proposal p SET joint_action_id = ja.id FROM joint_action ja WHERE ja.proposal_id = p.id`);

    await q.query(`
      ALTER TABLE offer
        ADD COLUMN min_participants int NOT NULL DEFAULT 1 CHECK (min_participants BETWEEN 1 AND 1000),
        ADD COLUMN freed_places int NOT NULL DEFAULT 0 CHECK (freed_places >= 0)`);

    await q.query(`
      CREATE TABLE offer_interest (
        student_id uuid NOT NULL REFERENCES student(id) ON DELETE CASCADE,
        offer_id uuid NOT NULL REFERENCES offer(id) ON DELETE CASCADE,
        interest offer_interest_kind NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (student_id, offer_id)
      )`);
    await q.query(`CREATE INDEX offer_interest_student_updated ON offer_interest (student_id, updated_at DESC)`);

    await q.query(`ALTER TABLE matching_run ADD COLUMN refilled_places int NOT NULL DEFAULT 0`);
    await q.query(`CREATE TYPE unplaced_reason AS ENUM ('NO_COMPATIBLE_OFFER', 'NO_SHARED_INTEREST', 'OUTSCORED', 'DECLINED_ALL', 'BELOW_MINIMUM')`);
    await q.query(`
      CREATE TABLE matching_run_unplaced (
        run_id uuid NOT NULL REFERENCES matching_run(id) ON DELETE CASCADE,
        student_id uuid NOT NULL REFERENCES student(id) ON DELETE CASCADE,
        reason unplaced_reason NOT NULL,
        nearest_offer_id uuid REFERENCES offer(id) ON DELETE SET NULL,
        score real CHECK (score BETWEEN 0 AND 1),
        cutoff real CHECK (cutoff BETWEEN 0 AND 1),
        PRIMARY KEY (run_id, student_id)
      )`);
    await q.query(`CREATE INDEX matching_run_unplaced_student ON matching_run_unplaced (student_id)`);

    // 地福TV's feed says a joint action started once both sides said yes: the line of one awaiting
    // replies (or cancelled) is the coordinators' only, and it dates from its confirmation
    await q.query(`
      CREATE OR REPLACE FUNCTION feed_line_joint_actions_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM feed_line f USING added j WHERE f.event_id = j.event_id;
        INSERT INTO feed_line (joint_action_id, kind, platform, public, occurred_at)
        SELECT j.id, 'JOINT_ACTION_STARTED', 'FUTURE_CONFERENCE', j.status = 'CONFIRMED', coalesce(j.settled_at, j.created_at) FROM added j;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION feed_line_joint_action_settled() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE feed_line SET public = NEW.status = 'CONFIRMED', occurred_at = coalesce(NEW.settled_at, NEW.created_at) WHERE joint_action_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER feed_line_joint_action_settled AFTER UPDATE OF status, settled_at ON joint_action
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.settled_at IS DISTINCT FROM NEW.settled_at)
      EXECUTE FUNCTION feed_line_joint_action_settled()`);
    await q.query(`UPDATE feed_line f SET occurred_at = coalesce(j.settled_at, j.created_at), public = j.status = 'CONFIRMED' FROM joint_action j WHERE f.joint_action_id = j.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER feed_line_joint_action_settled ON joint_action`);
    await q.query(`DROP FUNCTION feed_line_joint_action_settled()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION feed_line_joint_actions_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM feed_line f USING added j WHERE f.event_id = j.event_id;
        INSERT INTO feed_line (joint_action_id, kind, platform, public, occurred_at)
        SELECT j.id, 'JOINT_ACTION_STARTED', 'FUTURE_CONFERENCE', true, j.created_at FROM added j;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TABLE matching_run_unplaced`);
    await q.query(`DROP TYPE unplaced_reason`);
    await q.query(`ALTER TABLE matching_run DROP COLUMN refilled_places`);
    await q.query(`DROP TABLE offer_interest`);
    await q.query(`ALTER TABLE offer DROP COLUMN min_participants, DROP COLUMN freed_places`);
    await q.query(`ALTER TABLE proposal DROP COLUMN joint_action_id`);
    await q.query(`DROP TABLE joint_action_invitation`);
    await q.query(`ALTER TABLE joint_action DROP COLUMN status, DROP COLUMN respond_by, DROP COLUMN organization_status, DROP COLUMN organization_responded_at, DROP COLUMN settled_at`);
    await q.query(`DROP TYPE offer_interest_kind`);
    await q.query(`DROP TYPE joint_action_status`);
    await q.query(`DROP TYPE invitation_status`);
  }
}
