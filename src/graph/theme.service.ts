import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput } from '../common/errors/domain-error.js';
import { ThemeEntity } from './theme.entity.js';

/** Lists of theme keys to check, each with the input field it came from (named in the error). */
export type ThemeKeyLists = readonly { keys: readonly string[]; field: string }[];

/** Errors past this many are not listed (a roster of 1000 rows could name 1000 fields). */
const MAX_REPORTED = 100;

/**
 * The theme vocabulary (seeded by migration); small and read on every profile or offer write, so
 * cached. Provided once, by ThemesModule: one cache per process.
 */
@Injectable()
export class ThemeService {
  private cache?: { at: number; themes: Promise<ThemeEntity[]> };

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  all(): Promise<ThemeEntity[]> {
    if (!this.cache || Date.now() - this.cache.at > 60_000) {
      const themes = this.db.getRepository(ThemeEntity).find({ order: { position: 'ASC' } });
      this.cache = { at: Date.now(), themes };
      themes.catch(() => (this.cache = undefined));
    }
    return this.cache.themes;
  }

  /**
   * The one check of theme keys against the vocabulary, for every service that takes them:
   * BAD_USER_INPUT naming each field whose list holds an unknown key. Nothing is read when no list
   * holds a key.
   */
  async assertKnown(lists: ThemeKeyLists): Promise<void> {
    if (!lists.some((l) => l.keys.length)) return;
    const known = new Set((await this.all()).map((t) => t.key));
    const errors = lists.flatMap(({ keys, field }) => {
      const unknown = keys.filter((k) => !known.has(k));
      return unknown.length ? [{ field, message: `未知のテーマです: ${unknown.join(', ')} (unknown theme keys; see Query.themes)` }] : [];
    });
    if (errors.length) throw badInput(errors.slice(0, MAX_REPORTED));
  }
}
