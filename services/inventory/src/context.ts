import { uuidLoader, type DataLoader, type SubgraphContext } from '@shopgraph/platform';
import { findStockLevels } from './data/stock-repository.ts';
import type { StockDeps } from './domain/change-stock.ts';
import type { StockLevel } from './domain/model.ts';
import { publish } from './events/publish.ts';

export interface InventoryContext extends SubgraphContext {
  /** Stock levels by product id, batched per request (one query per `_entities` call). */
  readonly stockByProductId: DataLoader<string, StockLevel | null>;
  /** What the stock use cases need: the pool, the acting identity, the publisher. */
  readonly stock: StockDeps;
}

/** Each request's context: fresh loaders over the shared pool, and the stock use cases' deps. */
export const createContext =
  () =>
  (base: SubgraphContext): InventoryContext => ({
    ...base,
    stock: { pool: base.pool, identity: base.identity, publish },
    stockByProductId: uuidLoader(
      (ids) => findStockLevels(base.pool, ids),
      (level) => level.productId,
    ),
  });
