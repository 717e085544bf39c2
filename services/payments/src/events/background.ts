import { serviceEvents } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';
import type { PaymentsConfig } from '../config.ts';
import { paymentOutcomes } from '../metrics.ts';
import { postgresLedger } from '../provider/ledger.ts';
import { simulatedProvider } from '../provider/simulated-provider.ts';
import { startAuthorizer } from '../workers/authorizer.ts';
import { startSettler } from '../workers/settler.ts';
import { handlers } from './handlers.ts';

/**
 * The outbox relay, the saga consumer (group PAYMENTS_CONSUMER_GROUP), the authorizer and the
 * settler, which call the provider for claimed work outside the consumer and any transaction.
 * The stopper stops the workers first. The simulated provider keeps its books in its own table
 * (a stand-in for an external provider's, which our crash cannot roll back).
 */
export async function startBackground(
  config: PaymentsConfig,
  deps: ServiceDeps,
): Promise<() => Promise<void>> {
  const { pool, logger } = deps;
  const provider = simulatedProvider({
    slowDelayMs: config.slowDelayMs,
    settleLatencyMs: config.providerLatencyMs,
    ledger: postgresLedger(pool),
  });
  const counted = paymentOutcomes(deps.metrics.registry);
  const stopEvents = await serviceEvents({
    service: 'payments',
    group: config.consumerGroup,
    handlers: handlers(),
  })(deps);
  const claimTimeoutMs = config.claimTimeoutMs;
  const stopAuthorizer = await startAuthorizer({ pool, logger, provider, claimTimeoutMs, onChange: counted });
  const stopSettler = await startSettler({
    pool,
    logger,
    provider,
    leaseMs: claimTimeoutMs,
    onChange: counted,
  });
  return async () => {
    await Promise.all([stopAuthorizer(), stopSettler()]);
    await stopEvents();
  };
}
