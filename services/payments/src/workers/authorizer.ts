import { contextFromTraceparent, inSpan, type Logger, type Pool } from '@shopgraph/platform';
import { AUTHORIZE_CHANNEL, claimReadyOrders, type ClaimedOrder } from '../data/payment-order-repository.ts';
import { authorizeClaimed } from '../domain/authorize-payment.ts';
import type { PaymentChange } from '../domain/changes.ts';
import type { PaymentProvider } from '../provider/provider.ts';
import { publish } from '../events/publish.ts';
import { startClaimLoop } from './claim-loop.ts';

export interface AuthorizerOptions {
  readonly pool: Pool;
  readonly logger: Logger;
  readonly provider: PaymentProvider;
  /** A claim older than this is taken over (its worker is presumed dead). @default 30000 */
  readonly claimTimeoutMs?: number;
  /** Most provider calls in flight at once. @default 50 */
  readonly maxInFlight?: number;
  /** Polls this often when no NOTIFY arrives (NOTIFY normally wakes it at once). @default 500 */
  readonly pollMs?: number;
  /** Sees each change after its transaction committed (metrics). */
  readonly onChange?: (change: PaymentChange) => void;
}

/**
 * Authorizes orders that are ready (placed, stock reserved, not cancelled, no payment), many at
 * once and outside the consumer: a slow authorization delays only its own order. Woken by the
 * handlers' NOTIFY on commit; polls as a fallback. Resolves to its stopper, which waits for the
 * calls in flight.
 */
export function startAuthorizer(opts: AuthorizerOptions): Promise<() => Promise<void>> {
  const authorize = async (intent: ClaimedOrder) => {
    const call = () => authorizeClaimed(opts.pool, opts.provider, intent, publish);
    // In the trace of the event that made the order ready (the checkout's), when there is one.
    const change = intent.traceparent
      ? await inSpan('authorize payment', { parent: contextFromTraceparent(intent.traceparent) }, call)
      : await call();
    if (change) opts.onChange?.(change);
  };
  return startClaimLoop({
    pool: opts.pool,
    logger: opts.logger.child({ component: 'authorizer' }),
    channel: AUTHORIZE_CHANNEL,
    claim: (limit) => claimReadyOrders(opts.pool, limit, opts.claimTimeoutMs ?? 30_000),
    work: authorize,
    describe: (intent) => ({ orderId: intent.orderId }),
    ...(opts.maxInFlight !== undefined && { maxInFlight: opts.maxInFlight }),
    ...(opts.pollMs !== undefined && { pollMs: opts.pollMs }),
  });
}
