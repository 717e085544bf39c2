import { batchLoader, isUuid, type DataLoader, type SubgraphContext } from '@shopgraph/platform';
import { findBrandsByIds, type Brand } from './data/brand-repository.ts';

export interface BrandsContext extends SubgraphContext {
  /** Brands by id, batched per request (one query per `_entities` call). */
  readonly brandById: DataLoader<string, Brand | null>;
}

export function createContext(base: SubgraphContext): BrandsContext {
  return {
    ...base,
    brandById: batchLoader(
      (ids) => findBrandsByIds(base.pool, ids.filter(isUuid)),
      (brand) => brand.id,
    ),
  };
}
