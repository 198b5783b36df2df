import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThemeEntity } from './theme.entity.js';
import { ThemeService } from './theme.service.js';

/**
 * The theme vocabulary's one provider. Every module that reads themes (the graph, students,
 * organisations, the committee, the worker's matching and committee jobs) imports this module, so
 * a process holds one ThemeService and one cache, not one per module that listed it. It registers
 * ThemeEntity itself, so that a worker importing only a jobs module still loads it.
 */
@Module({ imports: [TypeOrmModule.forFeature([ThemeEntity])], providers: [ThemeService], exports: [ThemeService] })
export class ThemesModule {}
