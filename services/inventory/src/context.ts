import { batchLoader, isUuid, type DataLoader, type SubgraphContext } from '@shopgraph/platform';
import { findStockLevels, type StockLevel } from './data/stock-repository.ts';
import type { PublishStockLevel, StockDeps } from './domain/change-stock.ts';

export interface InventoryContext extends SubgraphContext {
  /** Stock levels by product id, batched per request (one query per `_entities` call). */
  readonly stockByProductId: DataLoader<string, StockLevel | null>;
  /** What the stock use cases need: the pool, the acting identity, the publisher. */
  readonly stock: StockDeps;
}

export function contextFactory(publish: PublishStockLevel) {
  return (base: SubgraphContext): InventoryContext => ({
    ...base,
    stock: { pool: base.pool, identity: base.identity, publish },
    stockByProductId: batchLoader(
      (ids) => findStockLevels(base.pool, ids.filter(isUuid)),
      (level) => level.productId,
    ),
  });
}
