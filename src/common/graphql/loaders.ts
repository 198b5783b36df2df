import DataLoader from 'dataloader';

/**
 * The DataLoaders of one request, made on first use: a list of N items costs one query per
 * relation, not N. Each request gets a fresh set, so nothing is cached across viewers.
 */
export class Loaders {
  private readonly byName = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
    let loader = this.byName.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.byName.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders rows found by key to match the requested keys, with `fallback` where nothing was found. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K, fallback: V | null = null): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? fallback);
}
