import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations/index.js';

/**
 * One definition of how the service talks to PostgreSQL; the schema changes only through migrations
 * (listed classes, written by hand: nothing is generated from entities). Entities are the modules'
 * own: each registers its few with `TypeOrmModule.forFeature`, and the Nest data source loads them
 * (`autoLoadEntities` in core.module.ts). A bare data source (migrations, rekey, the benches) runs
 * raw SQL only and needs none.
 */
export function dataSourceOptions(databaseUrl: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migration',
    logging: false,
    extra: { max: 10, application_name: 'chifuku-neo' },
    ...extra,
  } as DataSourceOptions;
}
