import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ThemeEntity } from './theme.entity.js';

/** The theme vocabulary (seeded by migration); small and read on every profile or offer write, so cached. */
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
}
