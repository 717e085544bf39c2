import DataLoader from 'dataloader';
import { isUuid } from './scalars.ts';

export { default as DataLoader } from 'dataloader';

/**
 * A per-request loader that fetches many rows by key in one query (`WHERE key = ANY($1)`)
 * and hands each caller its row (or null). Used by __resolveReference, so a 50-entity
 * `_entities` call is one SQL statement, not fifty.
 */
export function batchLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<readonly V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const rows = await fetch(keys);
      const byKey = new Map(rows.map((r) => [keyOf(r), r]));
      return keys.map((k) => byKey.get(k) ?? null);
    },
    { maxBatchSize: 500 },
  );
}

/**
 * `batchLoader` over UUID keys (entity ids): a key that is not a UUID cannot match a row, so it is
 * never sent to SQL (where the uuid cast would fail) and loads null.
 */
export function uuidLoader<V>(
  fetch: (ids: readonly string[]) => Promise<readonly V[]>,
  keyOf: (row: V) => string,
): DataLoader<string, V | null> {
  return batchLoader((ids) => fetch(ids.filter(isUuid)), keyOf);
}
