import { BrandRegistered, handle, StockLevelChanged, type Handler } from '@shopgraph/events';
import type { PublishProductChange } from '../domain/changes.ts';
import { recordBrand, recordStockLevel } from '../domain/read-models.ts';

/** What products learns from others: brands (to validate upserts) and stock (to know completeness). */
export const handlers = (publish: PublishProductChange): Handler[] => [
  handle(BrandRegistered, (tx, event) => recordBrand(tx, { id: event.data.brandId, name: event.data.name })),
  handle(StockLevelChanged, async (tx, event) => {
    for (const change of await recordStockLevel(tx, event.data.productId, event.data.available))
      await publish(tx, change);
  }),
];
