import { BrandRegistered, handle, serviceEvents, StockLevelChanged } from '@shopgraph/events';
import { recordBrand, recordStockLevel } from '../domain/read-models.ts';
import { publishChanges } from './publish.ts';

/** What products learns from others: brands (to validate upserts) and stock (to know completeness). */
export const handlers = [
  handle(BrandRegistered, (tx, event) => recordBrand(tx, { id: event.data.brandId, name: event.data.name })),
  handle(StockLevelChanged, async (tx, event) =>
    publishChanges(tx, await recordStockLevel(tx, event.data.productId, event.data.available)),
  ),
];

/** The outbox relay and the brand/stock consumer in consumer group `group`. */
export const startEvents = (group: string) => serviceEvents({ service: 'products', handlers, group });
