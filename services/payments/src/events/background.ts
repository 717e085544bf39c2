import { serviceEvents } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';
import type { PaymentsConfig } from '../config.ts';
import { paymentOutcomes } from '../metrics.ts';
import { simulatedProvider } from '../provider/simulated-provider.ts';
import { startAuthorizer } from '../workers/authorizer.ts';
import { handlers } from './handlers.ts';

/**
 * The outbox relay, the saga consumer (group PAYMENTS_CONSUMER_GROUP) and the authorizer, which
 * calls the provider for claimed orders outside the consumer. The stopper stops the authorizer first.
 */
export async function startBackground(
  config: PaymentsConfig,
  deps: ServiceDeps,
): Promise<() => Promise<void>> {
  const provider = simulatedProvider({ slowDelayMs: config.slowDelayMs });
  const counted = paymentOutcomes(deps.metrics.registry);
  const stopEvents = await serviceEvents({
    service: 'payments',
    group: config.consumerGroup,
    handlers: handlers(provider, counted),
  })(deps);
  const { pool, logger } = deps;
  const claimTimeoutMs = config.claimTimeoutMs;
  const stopAuthorizer = await startAuthorizer({ pool, logger, provider, claimTimeoutMs, onChange: counted });
  return async () => {
    await stopAuthorizer();
    await stopEvents();
  };
}
