import { uuidLoader, batchLoader, type DataLoader, type SubgraphContext } from '@shopgraph/platform';
import { brandProductsLoader, type BrandPageKey } from './data/brand-products-loader.ts';
import { findProductsByIds, findProductsBySkus } from './data/product-repository.ts';
import type { PublishProductChange } from './domain/changes.ts';
import type { Product } from './domain/model.ts';
import { publish } from './events/publish.ts';

export interface ProductsContext extends SubgraphContext {
  /** Products by id, batched per request (one query per `_entities` call). */
  readonly productById: DataLoader<string, Product | null>;
  /** Products by SKU, batched the same way (the second @key). */
  readonly productBySku: DataLoader<string, Product | null>;
  /** A page of each brand's ACTIVE products, batched over all brands of a response. */
  readonly brandProducts: DataLoader<BrandPageKey, Product[], string>;
  /** Publishes a mutation's change inside its transaction. */
  readonly publish: PublishProductChange;
}

/** Each request's context: fresh loaders over the shared pool, and the publisher. */
export const createContext =
  () =>
  (base: SubgraphContext): ProductsContext => ({
    ...base,
    publish,
    brandProducts: brandProductsLoader(base.pool),
    productById: uuidLoader(
      (ids) => findProductsByIds(base.pool, ids),
      (product) => product.id,
    ),
    productBySku: batchLoader(
      (skus) => findProductsBySkus(base.pool, skus),
      (product) => product.sku,
    ),
  });
