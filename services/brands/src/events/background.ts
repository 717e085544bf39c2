import { startRelay } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';

/** brands publishes (BrandRegistered, from the outbox) and consumes nothing. */
export async function startBrandsEvents({
  config,
  pool,
  logger,
  metrics,
}: ServiceDeps): Promise<() => Promise<void>> {
  return startRelay({ service: 'brands', pool, brokers: config.kafkaBrokers, logger, metrics });
}
