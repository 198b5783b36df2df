import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 新地福委員会, second part: perspective maps cached under the fingerprint of their inputs.
 *  - perspective_map_cache: one row per fingerprint, the map's statistics with statements named by
 *    their canonical index (no id, no person: two scopes with the same stances share a row);
 *  - perspective_map_scope: per scope (a meeting or a date range) the last fingerprint computed and
 *    the ids of its statements in canonical order, to show that map while a newer one is computed
 *    on the worker and to route nextPerspective.
 * Both are caches: rows unused for two weeks, and the least recently used past a thousand, are
 * dropped (PerspectiveMapCache.prune), and anything dropped is computed again from the stances.
 * They replace opinion_group_cache (ids of one scope's groups, one fingerprint per scope).
 */
export class Deliberation1765100000000 implements MigrationInterface {
  name = 'Deliberation1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE opinion_group_cache`);
    await q.query(`
      CREATE TABLE perspective_map_cache (
        fingerprint text PRIMARY KEY CHECK (char_length(fingerprint) <= 64),
        result jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX perspective_map_cache_used ON perspective_map_cache (used_at)`);
    await q.query(`
      CREATE TABLE perspective_map_scope (
        scope_key text PRIMARY KEY CHECK (char_length(scope_key) <= 200),
        fingerprint text NOT NULL,
        statement_ids uuid[] NOT NULL,
        used_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX perspective_map_scope_used ON perspective_map_scope (used_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE perspective_map_scope`);
    await q.query(`DROP TABLE perspective_map_cache`);
    await q.query(`
      CREATE TABLE opinion_group_cache (
        scope_key text PRIMARY KEY CHECK (char_length(scope_key) <= 200),
        fingerprint text NOT NULL,
        result jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }
}
