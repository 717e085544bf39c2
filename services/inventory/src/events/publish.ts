import { outbox, StockLevelChanged } from '@shopgraph/events';
import type { PublishStockLevel } from '../domain/change-stock.ts';

/** StockLevelChanged with the level as it is now, in the caller's transaction. */
export const publishStockLevel: PublishStockLevel = async (tx, level) => {
  await outbox.add(tx, StockLevelChanged, {
    subject: level.productId,
    data: {
      productId: level.productId,
      onHand: level.onHand,
      reserved: level.reserved,
      available: level.available,
    },
  });
};
