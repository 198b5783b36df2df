import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Scans for strings that must not be stored or printed: every column of every table that can hold
 * text (text, varchar, char, json, jsonb, bytea, arrays of them, enums aside) in every schema of a
 * database, every value of every Redis key under a prefix, and logs. Each needle is looked for as
 * is, JSON-escaped (\\uXXXX) and URL-encoded.
 */
export const encodings = (s: string): string[] => [
  s,
  s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  encodeURIComponent(s),
];

/** A text and every run of `run` characters of it (a text cut short or quoted in part is caught too). */
export function withRuns(texts: string[], run = 8): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    out.add(text);
    const chars = [...text];
    for (let i = 0; i + run <= chars.length; i++) out.add(chars.slice(i, i + run).join(''));
  }
  return [...out];
}

export interface Column {
  schema: string;
  table: string;
  column: string;
  type: string;
}

const TEXT_TYPES = ['text', 'varchar', 'bpchar', 'json', 'jsonb', 'bytea', '_text', '_varchar', '_json', '_jsonb', '_bytea'];

/** Every column of every base table outside the system schemas that can hold a string or bytes (and uuids, when asked). */
export async function textColumns(client: pg.Client, opts: { uuid?: boolean } = {}): Promise<Column[]> {
  const { rows } = await client.query<Column>(
    `SELECT c.table_schema AS schema, c.table_name AS "table", c.column_name AS column, c.udt_name AS type
     FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
       AND c.udt_name = ANY($1::text[])
     ORDER BY 1, 2, 3`,
    [opts.uuid ? [...TEXT_TYPES, 'uuid', '_uuid'] : TEXT_TYPES],
  );
  return rows;
}

/** Where in the database each needle occurs: `schema.table.column: needle`, empty when nowhere. */
export async function scanDatabase(url: string, needles: string[], opts: { skip?: (c: Column) => boolean; uuid?: boolean } = {}): Promise<{ leaks: string[]; columns: Column[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = (await textColumns(client, opts)).filter((c) => !opts.skip?.(c));
    const forms = [...new Set(needles.flatMap(encodings))];
    const leaks: string[] = [];
    for (const c of columns) {
      const col = `"${c.column}"`;
      const table = `"${c.schema}"."${c.table}"`;
      // bytes are searched as bytes (the UTF-8 of each form); everything else as its text
      const hay =
        c.type === 'bytea' ? col : c.type === '_bytea' ? `array_to_string(${col}::text[], ' ')` : `${col}::text`;
      const test = c.type === 'bytea' ? `position(convert_to(f, 'UTF8') in ${hay}) > 0` : `strpos(${hay}, f) > 0`;
      const { rows } = await client.query<{ f: string }>(
        `SELECT f FROM unnest($1::text[]) AS f WHERE EXISTS (SELECT 1 FROM ${table} WHERE ${col} IS NOT NULL AND ${test})`,
        [forms],
      );
      for (const r of rows) leaks.push(`${c.schema}.${c.table}.${c.column}: ${r.f}`);
    }
    return { leaks, columns };
  } finally {
    await client.end();
  }
}

/** Every value under the prefix, read with the command its type needs, as raw bytes (keys included). */
export async function redisValues(redisUrl: string, prefix: string): Promise<{ key: string; type: string; values: Buffer[] }[]> {
  const redis = new Redis(redisUrl);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 })) keys.push(...(batch as string[]));
    const out: { key: string; type: string; values: Buffer[] }[] = [];
    for (const key of [...new Set(keys)]) {
      const type = await redis.type(key);
      let values: Buffer[];
      switch (type) {
        case 'string':
          values = [(await redis.getBuffer(key)) ?? Buffer.alloc(0)];
          break;
        case 'hash':
          values = Object.entries(await redis.hgetallBuffer(key)).flatMap(([field, value]) => [Buffer.from(field), value]);
          break;
        case 'list':
          values = await redis.lrangeBuffer(key, 0, -1);
          break;
        case 'set':
          values = await redis.smembersBuffer(key);
          break;
        case 'zset':
          values = await redis.zrangeBuffer(key, 0, -1, 'WITHSCORES');
          break;
        case 'stream':
          values = (await redis.xrangeBuffer(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
          break;
        case 'none':
          continue; // gone since the scan (a lock that expired)
        default:
          throw new Error(`unexpected Redis type ${type} at ${key}`);
      }
      out.push({ key, type, values: [Buffer.from(key), ...values] });
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

/** Deletes this test's keys only: the shared Redis is never flushed. */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 })) keys.push(...(batch as string[]));
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
}

/** Leaks of the needles in Redis values and in texts (logs), case-insensitively for the texts. */
export function scanValues(values: { key: string; type: string; values: Buffer[] }[], texts: Record<string, string>, needles: string[]): string[] {
  const leaks: string[] = [];
  const lowered = Object.entries(texts).map(([name, out]) => [name, out.toLowerCase()] as const);
  for (const needle of needles) {
    for (const form of encodings(needle)) {
      const bytes = Buffer.from(form, 'utf8');
      for (const v of values) if (v.values.some((b) => b.includes(bytes))) leaks.push(`redis ${v.type} ${v.key}: ${needle}`);
      for (const [name, out] of lowered) if (out.includes(form.toLowerCase())) leaks.push(`${name}: ${needle}`);
    }
  }
  return leaks;
}
