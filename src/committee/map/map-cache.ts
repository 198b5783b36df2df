import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MapResult } from './compute-map.js';

export interface CachedMap {
  fingerprint: string;
  result: MapResult;
  computedAt: Date;
}

/** A scope's last computed map with its statements' ids in that map's canonical order. */
export interface ScopeMap extends CachedMap {
  statementIds: string[];
}

/**
 * The two caches of perspective maps (migration 1765100000000): maps by fingerprint (shared by
 * every scope with the same inputs) and each scope's last map. Both hold aggregates and
 * statement ids only, never who took which stance.
 */
@Injectable()
export class PerspectiveMapCache {
  /** rows kept per table; the least recently used go first */
  static maxRows = 1000;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(fingerprint: string): Promise<CachedMap | null> {
    const found: { result: MapResult; computedAt: Date; stale: boolean }[] = await this.db.query(
      `SELECT result, computed_at AS "computedAt", used_at < now() - interval '1 hour' AS stale FROM perspective_map_cache WHERE fingerprint = $1`,
      [fingerprint],
    );
    if (!found.length) return null;
    // the last use is kept to the hour: a map read often is not a write each time
    if (found[0].stale) await this.db.query('UPDATE perspective_map_cache SET used_at = now() WHERE fingerprint = $1', [fingerprint]);
    return { fingerprint, result: found[0].result, computedAt: found[0].computedAt };
  }

  /** Keeps a computed map (the first writer wins: equal fingerprints are equal maps). */
  async put(fingerprint: string, result: MapResult): Promise<CachedMap> {
    await this.db.query(`INSERT INTO perspective_map_cache (fingerprint, result) VALUES ($1, $2) ON CONFLICT (fingerprint) DO NOTHING`, [fingerprint, JSON.stringify(result)]);
    await this.prune('perspective_map_cache', 'fingerprint');
    return (await this.get(fingerprint))!;
  }

  /**
   * Records that `scope` now stands at `fingerprint`, with its statements in canonical order. The
   * map it stood at before is dropped unless another scope stands there too: it holds words of
   * texts that may since have been erased, and nothing would show it again.
   */
  async point(scopeKey: string, fingerprint: string, statementIds: string[]): Promise<void> {
    const changed: { previous: string | null }[] = await this.db.query(
      `WITH before AS (SELECT fingerprint FROM perspective_map_scope WHERE scope_key = $1)
       INSERT INTO perspective_map_scope AS m (scope_key, fingerprint, statement_ids) VALUES ($1, $2, $3::uuid[])
       ON CONFLICT (scope_key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, statement_ids = EXCLUDED.statement_ids, used_at = now()
       WHERE m.fingerprint <> EXCLUDED.fingerprint OR m.used_at < now() - interval '1 hour'
       RETURNING (SELECT fingerprint FROM before) AS previous`,
      [scopeKey, fingerprint, statementIds],
    );
    if (!changed.length) return;
    const previous = changed[0].previous;
    if (previous && previous !== fingerprint) {
      await this.db.query(
        'DELETE FROM perspective_map_cache c WHERE c.fingerprint = $1 AND NOT EXISTS (SELECT 1 FROM perspective_map_scope s WHERE s.fingerprint = $1)',
        [previous],
      );
    }
    await this.prune('perspective_map_scope', 'scope_key');
  }

  /** The last map computed for a scope, if it is still cached. */
  async lastOf(scopeKey: string): Promise<ScopeMap | null> {
    const found: { fingerprint: string; statementIds: string[]; result: MapResult; computedAt: Date }[] = await this.db.query(
      `SELECT s.fingerprint, s.statement_ids AS "statementIds", c.result, c.computed_at AS "computedAt"
       FROM perspective_map_scope s JOIN perspective_map_cache c ON c.fingerprint = s.fingerprint WHERE s.scope_key = $1`,
      [scopeKey],
    );
    return found[0] ?? null;
  }

  private async prune(table: 'perspective_map_cache' | 'perspective_map_scope', key: string): Promise<void> {
    await this.db.query(
      `DELETE FROM ${table} WHERE used_at < now() - interval '14 days'
          OR ${key} IN (SELECT ${key} FROM ${table} ORDER BY used_at DESC, ${key} OFFSET $1)`,
      [PerspectiveMapCache.maxRows],
    );
  }
}
