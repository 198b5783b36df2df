import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sibling platforms' lines of the cross-platform feed: committee perspectives a coordinator
 * highlights (PERSPECTIVE_HIGHLIGHTED) and もしも scenarios opened (SCENARIO_OPENED).
 *
 * A feed line quotes its source (a perspective's statement, a scenario's title), so it points at
 * that source with a foreign key ON DELETE CASCADE: whatever erases the source (a student's
 * withdrawal, a meeting deleted, any later path) erases the quote in the same statement, and a
 * highlight racing the erasure either finds no perspective or is erased with it.
 */
export class ActivitySources1764700000000 implements MigrationInterface {
  name = 'ActivitySources1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // when (and by which coordinator) a perspective was made public; NULL: not highlighted
    await q.query(`ALTER TABLE perspective ADD COLUMN highlighted_at timestamptz, ADD COLUMN highlighted_by uuid REFERENCES app_user(id) ON DELETE SET NULL`);
    await q.query(`
      ALTER TABLE tv_activity
        ADD COLUMN perspective_id uuid REFERENCES perspective(id) ON DELETE CASCADE,
        ADD COLUMN scenario_id uuid REFERENCES scenario(id) ON DELETE CASCADE`);
    // the cascades look rows up by these (without an index every erased perspective scans the feed)
    await q.query(`CREATE INDEX tv_activity_perspective ON tv_activity (perspective_id) WHERE perspective_id IS NOT NULL`);
    await q.query(`CREATE INDEX tv_activity_scenario ON tv_activity (scenario_id) WHERE scenario_id IS NOT NULL`);

    // scenarios opened before this migration get their line too, at the time they were opened,
    // linked to their earliest session (the same title and link createScenario writes)
    await q.query(`
      INSERT INTO tv_activity (kind, platform, title, event_id, public, dedupe_key, occurred_at, scenario_id)
      SELECT 'SCENARIO_OPENED', 'PREPAREDNESS',
             'みんなのもしも: ' || CASE WHEN char_length(t.title) > 100 THEN left(t.title, 99) || '…' ELSE t.title END,
             (SELECT e.id FROM scenario_session ss JOIN event e ON e.id = ss.event_id WHERE ss.scenario_id = t.id ORDER BY e.starts_at, e.id LIMIT 1),
             true, 'scenario:' || t.id, t.created_at, t.id
      FROM (SELECT s.id, s.created_at, btrim(regexp_replace(s.title, '\\s+', ' ', 'g')) AS title FROM scenario s) t
      WHERE t.title <> ''
      ON CONFLICT (dedupe_key) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM tv_activity WHERE perspective_id IS NOT NULL OR scenario_id IS NOT NULL`);
    await q.query(`DROP INDEX IF EXISTS tv_activity_scenario`);
    await q.query(`DROP INDEX IF EXISTS tv_activity_perspective`);
    await q.query(`ALTER TABLE tv_activity DROP COLUMN IF EXISTS scenario_id, DROP COLUMN IF EXISTS perspective_id`);
    await q.query(`ALTER TABLE perspective DROP COLUMN IF EXISTS highlighted_by, DROP COLUMN IF EXISTS highlighted_at`);
  }
}
