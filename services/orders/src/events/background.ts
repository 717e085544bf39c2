import { serviceEvents } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';
import type { OrdersConfig } from '../config.ts';
import { startPendingSweeper } from '../workers/pending-sweeper.ts';
import { pendingOrderGauges } from '../metrics.ts';
import { handlers } from './handlers.ts';
import { orderEffects } from './publish.ts';

/**
 * The outbox relay, the consumer (group ORDERS_CONSUMER_GROUP) and the PENDING-timeout sweeper
 * (off when ORDER_SWEEP_INTERVAL_MS is 0). The stopper stops the sweeper first.
 */
export async function startBackground(config: OrdersConfig, deps: ServiceDeps): Promise<() => Promise<void>> {
  const effects = orderEffects(deps);
  const stopEvents = await serviceEvents({
    service: 'orders',
    group: config.consumerGroup,
    handlers: handlers(effects),
  })(deps);
  pendingOrderGauges(deps);
  const { pendingTimeoutMs, addressWaitMs, sweepIntervalMs: intervalMs } = config;
  const stopSweeper =
    intervalMs > 0
      ? startPendingSweeper(deps, effects, { pendingTimeoutMs, addressWaitMs, intervalMs })
      : null;
  return async () => {
    await stopSweeper?.();
    await stopEvents();
  };
}
