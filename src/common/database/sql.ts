import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs SQL and returns its rows. TypeORM's `query()` answers UPDATE and DELETE with
 * `[rows, rowCount]` but other statements with the rows: this hides that difference.
 */
export async function rows<T>(db: DataSource | EntityManager, text: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await db.query(text, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
