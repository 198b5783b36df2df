import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 地福TV's activityFeed as one table, `feed_line`, so that a page is an index range scan instead
 * of a union of every event and joint action of every year (read twice: once for the page, once
 * for totalCount).
 *
 * A line is a pointer, never a copy: it holds the sort key (occurred_at, key), the kind, the
 * platform and `public`, and exactly one of event_id / joint_action_id / activity_id. Titles and
 * descriptions are joined at read time for the page's rows only, so a renamed event or joint
 * action shows its new title at once, and no text of anyone's is stored a second time (erasing a
 * source leaves nothing behind here to scrub). Each pointer is a foreign key ON DELETE CASCADE:
 * whatever deletes a source (a withdrawal erasing a perspective, whose tv_activity row cascades, a
 * deleted event or joint action, a TRUNCATE ... CASCADE in a test) deletes its line with it.
 *
 * Lines are written by triggers, not by the services: events and joint actions are inserted by
 * the graph's event service, matching approvals, scheduleEpisode, the demo seed and the tests'
 * factories, in raw SQL, and later writers will come. A trigger runs in the transaction and the
 * statement of every one of them, including those not written yet, so the feed cannot drift from
 * what it reports; explicit writes in each service would have to be remembered in each. Inserts
 * (and the deletion of joint actions) are statement triggers over transition tables: a bulk insert
 * of 20,000 events adds its lines in one INSERT ... SELECT. Updates are row triggers restricted to
 * the columns the feed reads (UPDATE OF ... WHEN changed), so the frequent writes that touch
 * nothing of the feed (an event's participant_count on every join and leave) never call them.
 *
 * The rules are those of the union this replaces: an event is EVENT_SCHEDULED (EPISODE_PUBLISHED on
 * TV) at its created_at, unless a joint action points at it, when it appears once, as the joint
 * action (JOINT_ACTION_STARTED on FUTURE_CONFERENCE at the joint action's created_at; the event
 * comes back if the joint action goes); tv_activity rows keep their own kind, platform, public and
 * time. `key` is the cursor's key of old ('event:<uuid>', 'ja:<uuid>', 'act:<uuid>'), generated
 * from the pointer, so cursors handed out before this migration still find their place.
 */
export class ActivityFeedLines1764800000000 implements MigrationInterface {
  name = 'ActivityFeedLines1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feed_line (
        event_id uuid REFERENCES event(id) ON DELETE CASCADE,
        joint_action_id uuid REFERENCES joint_action(id) ON DELETE CASCADE,
        activity_id uuid REFERENCES tv_activity(id) ON DELETE CASCADE,
        key text GENERATED ALWAYS AS (
          CASE WHEN event_id IS NOT NULL THEN 'event:' || event_id::text
               WHEN joint_action_id IS NOT NULL THEN 'ja:' || joint_action_id::text
               ELSE 'act:' || activity_id::text END) STORED PRIMARY KEY,
        kind tv_activity_kind NOT NULL,
        platform platform NOT NULL,
        public boolean NOT NULL,
        occurred_at timestamptz NOT NULL,
        CHECK (num_nonnulls(event_id, joint_action_id, activity_id) = 1)
      )`);
    // one line per source; these also serve the cascades and the triggers' lookups
    await q.query(`CREATE UNIQUE INDEX feed_line_event ON feed_line (event_id) WHERE event_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX feed_line_joint_action ON feed_line (joint_action_id) WHERE joint_action_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX feed_line_activity ON feed_line (activity_id) WHERE activity_id IS NOT NULL`);
    // the page's ORDER BY occurred_at DESC, key DESC: for coordinators (every line) and for
    // everyone else (public lines only, a partial index so that no page wades through hidden
    // lines), each with and without the platform filter
    await q.query(`CREATE INDEX feed_line_at ON feed_line (occurred_at DESC, key DESC)`);
    await q.query(`CREATE INDEX feed_line_platform_at ON feed_line (platform, occurred_at DESC, key DESC)`);
    await q.query(`CREATE INDEX feed_line_public_at ON feed_line (occurred_at DESC, key DESC) WHERE public`);
    await q.query(`CREATE INDEX feed_line_public_platform_at ON feed_line (platform, occurred_at DESC, key DESC) WHERE public`);

    // the one place that says which kind an event's line is
    await q.query(`
      CREATE FUNCTION feed_event_kind(p platform) RETURNS tv_activity_kind LANGUAGE sql IMMUTABLE AS
      $$ SELECT CASE WHEN p = 'TV' THEN 'EPISODE_PUBLISHED'::tv_activity_kind ELSE 'EVENT_SCHEDULED'::tv_activity_kind END $$`);

    // events: a line for each new one (none has a joint action yet, but the rule is checked, not assumed)
    await q.query(`
      CREATE FUNCTION feed_line_events_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO feed_line (event_id, kind, platform, public, occurred_at)
        SELECT e.id, feed_event_kind(e.platform), e.platform, true, e.created_at FROM added e
        WHERE NOT EXISTS (SELECT 1 FROM joint_action j WHERE j.event_id = e.id);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER feed_line_event_insert AFTER INSERT ON event REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION feed_line_events_added()`);
    await q.query(`
      CREATE FUNCTION feed_line_event_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE feed_line SET kind = feed_event_kind(NEW.platform), platform = NEW.platform, occurred_at = NEW.created_at WHERE event_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER feed_line_event_update AFTER UPDATE OF platform, created_at ON event
      FOR EACH ROW WHEN (OLD.platform IS DISTINCT FROM NEW.platform OR OLD.created_at IS DISTINCT FROM NEW.created_at)
      EXECUTE FUNCTION feed_line_event_changed()`);

    // joint actions: the joint action's line replaces its event's
    await q.query(`
      CREATE FUNCTION feed_line_joint_actions_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM feed_line f USING added j WHERE f.event_id = j.event_id;
        INSERT INTO feed_line (joint_action_id, kind, platform, public, occurred_at)
        SELECT j.id, 'JOINT_ACTION_STARTED', 'FUTURE_CONFERENCE', true, j.created_at FROM added j;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER feed_line_joint_action_insert AFTER INSERT ON joint_action REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION feed_line_joint_actions_added()`);
    // an event left without a joint action is listed as an event again (if it is still there)
    await q.query(`
      CREATE FUNCTION feed_line_restore_events(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO feed_line (event_id, kind, platform, public, occurred_at)
        SELECT e.id, feed_event_kind(e.platform), e.platform, true, e.created_at FROM event e
        WHERE e.id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM joint_action j WHERE j.event_id = e.id)
        ON CONFLICT DO NOTHING
      $$`);
    await q.query(`
      CREATE FUNCTION feed_line_joint_actions_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM feed_line_restore_events(ARRAY(SELECT DISTINCT event_id FROM removed));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER feed_line_joint_action_delete AFTER DELETE ON joint_action REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION feed_line_joint_actions_removed()`);
    await q.query(`
      CREATE FUNCTION feed_line_joint_action_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE feed_line SET occurred_at = NEW.created_at WHERE joint_action_id = NEW.id;
        IF OLD.event_id IS DISTINCT FROM NEW.event_id THEN
          DELETE FROM feed_line WHERE event_id = NEW.event_id;
          PERFORM feed_line_restore_events(ARRAY[OLD.event_id]);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER feed_line_joint_action_update AFTER UPDATE OF event_id, created_at ON joint_action
      FOR EACH ROW WHEN (OLD.event_id IS DISTINCT FROM NEW.event_id OR OLD.created_at IS DISTINCT FROM NEW.created_at)
      EXECUTE FUNCTION feed_line_joint_action_changed()`);

    // what the sibling platforms record (ActivityService.record): one line each, as recorded
    await q.query(`
      CREATE FUNCTION feed_line_activities_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO feed_line (activity_id, kind, platform, public, occurred_at)
        SELECT a.id, a.kind, a.platform, a.public, a.occurred_at FROM added a;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER feed_line_activity_insert AFTER INSERT ON tv_activity REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION feed_line_activities_added()`);
    await q.query(`
      CREATE FUNCTION feed_line_activity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE feed_line SET kind = NEW.kind, platform = NEW.platform, public = NEW.public, occurred_at = NEW.occurred_at WHERE activity_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER feed_line_activity_update AFTER UPDATE OF kind, platform, public, occurred_at ON tv_activity
      FOR EACH ROW WHEN ((OLD.kind, OLD.platform, OLD.public, OLD.occurred_at) IS DISTINCT FROM (NEW.kind, NEW.platform, NEW.public, NEW.occurred_at))
      EXECUTE FUNCTION feed_line_activity_changed()`);

    // what exists already, after the triggers (they hold their tables' locks until this migration
    // commits, so no row slips between); ON CONFLICT DO NOTHING makes a second run change nothing
    await q.query(`
      INSERT INTO feed_line (event_id, kind, platform, public, occurred_at)
      SELECT e.id, feed_event_kind(e.platform), e.platform, true, e.created_at FROM event e
      WHERE NOT EXISTS (SELECT 1 FROM joint_action j WHERE j.event_id = e.id)
      ON CONFLICT DO NOTHING`);
    await q.query(`
      INSERT INTO feed_line (joint_action_id, kind, platform, public, occurred_at)
      SELECT j.id, 'JOINT_ACTION_STARTED', 'FUTURE_CONFERENCE', true, j.created_at FROM joint_action j
      ON CONFLICT DO NOTHING`);
    await q.query(`
      INSERT INTO feed_line (activity_id, kind, platform, public, occurred_at)
      SELECT a.id, a.kind, a.platform, a.public, a.occurred_at FROM tv_activity a
      ON CONFLICT DO NOTHING`);

    // only the union read events and tv_activity in this order; feed_line's indexes do it now
    await q.query(`DROP INDEX IF EXISTS tv_event_created`);
    await q.query(`DROP INDEX IF EXISTS tv_activity_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS tv_activity_at ON tv_activity (occurred_at DESC, id)`);
    await q.query(`CREATE INDEX IF NOT EXISTS tv_event_created ON event (created_at DESC)`);
    await q.query(`DROP TRIGGER IF EXISTS feed_line_activity_update ON tv_activity`);
    await q.query(`DROP TRIGGER IF EXISTS feed_line_activity_insert ON tv_activity`);
    await q.query(`DROP TRIGGER IF EXISTS feed_line_joint_action_update ON joint_action`);
    await q.query(`DROP TRIGGER IF EXISTS feed_line_joint_action_delete ON joint_action`);
    await q.query(`DROP TRIGGER IF EXISTS feed_line_joint_action_insert ON joint_action`);
    await q.query(`DROP TRIGGER IF EXISTS feed_line_event_update ON event`);
    await q.query(`DROP TRIGGER IF EXISTS feed_line_event_insert ON event`);
    for (const fn of [
      'feed_line_activity_changed()', 'feed_line_activities_added()', 'feed_line_joint_action_changed()', 'feed_line_joint_actions_removed()',
      'feed_line_restore_events(uuid[])', 'feed_line_joint_actions_added()', 'feed_line_event_changed()', 'feed_line_events_added()', 'feed_event_kind(platform)',
    ]) {
      await q.query(`DROP FUNCTION IF EXISTS ${fn}`);
    }
    await q.query(`DROP TABLE IF EXISTS feed_line`);
  }
}
