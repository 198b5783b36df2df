import { Query, Resolver } from '@nestjs/graphql';
import { Theme } from './graph.models.js';
import { ThemeService } from './theme.service.js';

@Resolver(() => Theme)
export class ThemeResolver {
  constructor(private readonly themeService: ThemeService) {}

  @Query(() => [Theme])
  themes(): Promise<Theme[]> {
    return this.themeService.all();
  }
}
