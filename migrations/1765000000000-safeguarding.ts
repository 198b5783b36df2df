import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Safeguarding minors (the contract's "Minors first"):
 * - `event.gathering`: a joint action's gathering (its FUTURE_CONFERENCE event), which only
 *   coordinators, the host organisation's members and the joint action's students may see;
 * - `app_user.token_version`: a token carries the version it was issued under, and a bootstrap
 *   that changes an account's password or roles raises it, so older tokens stop working;
 * - plans written before plans were built from public facts alone quoted words of the
 *   participants' own texts in one sentence (参加者の関心は「…」などに集まっています。): that
 *   sentence is taken out of every proposal plan, joint action summary and gathering description.
 */
export class Safeguarding1765000000000 implements MigrationInterface {
  name = 'Safeguarding1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE event ADD COLUMN gathering boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX joint_action_event ON joint_action (event_id)`);
    await q.query(`UPDATE event e SET gathering = true WHERE EXISTS (SELECT 1 FROM joint_action j WHERE j.event_id = e.id)`);

    await q.query(`ALTER TABLE app_user ADD COLUMN token_version int NOT NULL DEFAULT 0`);

    const quoted = `'参加者の関心は(「[^」]*」)+などに集まっています。'`;
    await q.query(`UPDATE proposal SET plan_summary = regexp_replace(plan_summary, ${quoted}, '', 'g') WHERE plan_summary ~ ${quoted}`);
    await q.query(`UPDATE joint_action SET summary = regexp_replace(summary, ${quoted}, '', 'g') WHERE summary ~ ${quoted}`);
    await q.query(`UPDATE event SET description = regexp_replace(description, ${quoted}, '', 'g') WHERE gathering AND description ~ ${quoted}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP COLUMN token_version`);
    await q.query(`DROP INDEX joint_action_event`);
    await q.query(`ALTER TABLE event DROP COLUMN gathering`);
  }
}
