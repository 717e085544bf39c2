import type { GraphQLFormattedError } from 'graphql';
import { cloneJson } from './dedup-fetches.ts';

/** Which unique representation each original position was sent as. */
export interface RepresentationMap {
  readonly unique: unknown[];
  /** positions[i] = index in `unique` of the i-th original representation */
  readonly positions: number[];
}

/**
 * Removes repeated entity representations from one `_entities` fetch: a listing where 20
 * products share 3 brands asks the brands subgraph for 3 brands, not 20. Returns undefined
 * when every representation is distinct (the request goes out unchanged).
 */
export function dedupRepresentations(representations: readonly unknown[]): RepresentationMap | undefined {
  if (representations.length < 2) return undefined;
  const index = new Map<string, number>();
  const unique: unknown[] = [];
  const positions = new Array<number>(representations.length);
  for (let i = 0; i < representations.length; i++) {
    const key = JSON.stringify(representations[i]);
    let at = index.get(key);
    if (at === undefined) {
      at = unique.length;
      index.set(key, at);
      unique.push(representations[i]);
    }
    positions[i] = at;
  }
  return unique.length === representations.length ? undefined : { unique, positions };
}

interface EntitiesResponse {
  data?: { _entities?: unknown } | null;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * Turns the subgraph's answer for the unique representations back into the answer for the
 * original list, as if every representation had been sent: `_entities` in the original order
 * (a fresh copy per repeat, since the gateway merges into them in place) and each error at
 * `_entities[u]` repeated at every original position that was sent as `u`, in position order.
 */
export function expandEntities<R extends EntitiesResponse>(response: R, map: RepresentationMap): R {
  const out: R = { ...response };
  const entities = response.data?._entities;
  if (Array.isArray(entities) && entities.length === map.unique.length) {
    const seen = new Uint8Array(entities.length);
    const expanded = map.positions.map((u) => {
      if (seen[u] === 0) {
        seen[u] = 1;
        return entities[u];
      }
      return cloneJson(entities[u]);
    });
    out.data = { ...response.data, _entities: expanded };
  }
  if (response.errors !== undefined) {
    const general: GraphQLFormattedError[] = [];
    const byUnique = new Map<number, GraphQLFormattedError[]>();
    for (const error of response.errors) {
      const at = error.path?.[0] === '_entities' ? error.path[1] : undefined;
      if (typeof at !== 'number') general.push(error);
      else byUnique.set(at, [...(byUnique.get(at) ?? []), error]);
    }
    const positioned: GraphQLFormattedError[] = [];
    map.positions.forEach((u, i) => {
      for (const error of byUnique.get(u) ?? [])
        positioned.push({ ...error, path: ['_entities', i, ...(error.path ?? []).slice(2)] });
    });
    out.errors = [...general, ...positioned];
  }
  return out;
}
