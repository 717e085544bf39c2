import { uuidLoader, type DataLoader, type SubgraphContext } from '@shopgraph/platform';
import { findBrandsByIds } from './data/brand-repository.ts';
import type { PublishBrandChange } from './domain/changes.ts';
import type { Brand } from './domain/model.ts';
import { publish } from './events/publish.ts';

export interface BrandsContext extends SubgraphContext {
  /** Brands by id, batched per request (one query per `_entities` call). */
  readonly brandById: DataLoader<string, Brand | null>;
  /** Publishes a mutation's change inside its transaction. */
  readonly publish: PublishBrandChange;
}

/** Each request's context: fresh loaders over the shared pool, and the publisher. */
export const createContext =
  () =>
  (base: SubgraphContext): BrandsContext => ({
    ...base,
    publish,
    brandById: uuidLoader(
      (ids) => findBrandsByIds(base.pool, ids),
      (brand) => brand.id,
    ),
  });
