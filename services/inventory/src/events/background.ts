import { startRelay } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';

/** The outbox relay (inventory consumes nothing yet; checkout adds its consumer). */
export function startEvents({ config, pool, logger, metrics }: ServiceDeps): Promise<() => Promise<void>> {
  return startRelay({ service: 'inventory', pool, logger, metrics, brokers: config.kafkaBrokers });
}
