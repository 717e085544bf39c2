import { contextFromTraceparent, inSpan, type Logger, type Pool } from '@shopgraph/platform';
import {
  claimDueSettlements,
  SETTLE_CHANNEL,
  type ClaimedSettlement,
} from '../data/settlement-repository.ts';
import type { PaymentChange } from '../domain/changes.ts';
import { settleClaimed } from '../domain/settle-payment.ts';
import { publish } from '../events/publish.ts';
import type { PaymentProvider } from '../provider/provider.ts';
import { startClaimLoop } from './claim-loop.ts';

export interface SettlerOptions {
  readonly pool: Pool;
  readonly logger: Logger;
  readonly provider: PaymentProvider;
  /** How long a claim is leased; a lease that ran out is taken over (its settler is presumed dead). @default 30000 */
  readonly leaseMs?: number;
  /** Most provider calls in flight at once. @default 50 */
  readonly maxInFlight?: number;
  /** Polls this often when no NOTIFY arrives (NOTIFY normally wakes it at once). @default 500 */
  readonly pollMs?: number;
  /** Sees each change after its transaction committed (metrics). */
  readonly onChange?: (change: PaymentChange) => void;
}

/**
 * Captures, voids and refunds what the handlers asked for (settlements), outside the consumer and
 * outside any transaction, each with its idempotency key. Woken by the handlers' NOTIFY on commit;
 * polls as a fallback. Resolves to its stopper, which waits for the calls in flight.
 */
export function startSettler(opts: SettlerOptions): Promise<() => Promise<void>> {
  const settle = async (s: ClaimedSettlement) => {
    const call = () => settleClaimed(opts.pool, opts.provider, s, publish);
    const change = s.traceparent
      ? await inSpan(`${s.operation} payment`, { parent: contextFromTraceparent(s.traceparent) }, call)
      : await call();
    if (change) opts.onChange?.(change);
  };
  return startClaimLoop({
    pool: opts.pool,
    logger: opts.logger.child({ component: 'settler' }),
    channel: SETTLE_CHANNEL,
    claim: (limit) => claimDueSettlements(opts.pool, limit, opts.leaseMs ?? 30_000),
    work: settle,
    describe: (s) => ({ idempotencyKey: s.idempotencyKey, orderId: s.orderId }),
    ...(opts.maxInFlight !== undefined && { maxInFlight: opts.maxInFlight }),
    ...(opts.pollMs !== undefined && { pollMs: opts.pollMs }),
  });
}
