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

/** The outbox relay and the consumer, started after the server listens; resolves to their stopper. */
export async function startEvents({
  config,
  pool,
  logger,
  metrics,
}: ServiceDeps): Promise<() => Promise<void>> {
  const kafka = { service: 'products', pool, logger, metrics, brokers: config.kafkaBrokers };
  const stopRelay = await startRelay(kafka);
  const stopConsumer = await startConsumer({ ...kafka, handlers });
  return async () => {
    await stopConsumer();
    await stopRelay();
  };
}
