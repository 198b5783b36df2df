import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations/index.js';
import { entities } from './entities.js';

/** One definition of how the service talks to PostgreSQL; the schema changes only through migrations. */
export function dataSourceOptions(databaseUrl: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migration',
    logging: false,
    extra: { max: 10, application_name: 'chifuku-neo' },
    ...extra,
  } as DataSourceOptions;
}
