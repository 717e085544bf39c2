import { BrandRegistered, handle, startConsumer, startRelay, StockLevelChanged } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';
import { recordBrand, recordStockLevel } from '../domain/read-models.ts';
import { publishChanges } from './publish.ts';

/** What products learns from others: brands (to validate upserts) and stock (to know completeness). */
export const handlers = [
  handle(BrandRegistered, (tx, event) => recordBrand(tx, { id: event.data.brandId, name: event.data.name })),
  handle(StockLevelChanged, async (tx, event) =>
    publishChanges(tx, await recordStockLevel(tx, event.data.productId, event.data.available)),
  ),
];

/**
 * The outbox relay and the consumer (in consumer group `group`), started after the server
 * listens; resolves to their stopper.
 */
export async function startEvents(deps: ServiceDeps, group: string): Promise<() => Promise<void>> {
  const { config, pool, logger, metrics } = deps;
  const kafka = { service: 'products', pool, logger, metrics, brokers: config.kafkaBrokers };
  const stopRelay = await startRelay(kafka);
  const stopConsumer = await startConsumer({ ...kafka, group, handlers });
  return async () => {
    await stopConsumer();
    await stopRelay();
  };
}
