import { contextFromTraceparent, inSpan, type Logger, type Pool, type PoolClient } from '@shopgraph/platform';
import { AUTHORIZE_CHANNEL, claimReadyOrders, type ClaimedOrder } from '../data/payment-order-repository.ts';
import { authorizeClaimed } from '../domain/authorize-payment.ts';
import type { PaymentChange } from '../domain/changes.ts';
import type { PaymentProvider } from '../provider/provider.ts';
import { publish } from '../events/publish.ts';

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
export async function startAuthorizer(opts: AuthorizerOptions): Promise<() => Promise<void>> {
  const log = opts.logger.child({ component: 'authorizer' });
  const max = opts.maxInFlight ?? 50;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let pending = true;
  let wake: () => void = () => undefined;
  const wakeUp = () => {
    pending = true;
    wake();
  };

  let listener: PoolClient | undefined;
  const listen = async () => {
    try {
      listener = await opts.pool.connect();
      listener.on('notification', wakeUp);
      listener.on('error', (err) => {
        log.warn({ err: err.message }, 'NOTIFY listener lost; polling until it is back');
        listener?.release(err);
        listener = undefined;
      });
      await listener.query(`LISTEN ${AUTHORIZE_CHANNEL}`);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'cannot LISTEN; polling');
      listener?.release(err as Error);
      listener = undefined;
    }
  };
  await listen();

  const one = (intent: ClaimedOrder) => {
    const authorize = () => authorizeClaimed(opts.pool, opts.provider, intent, publish);
    // In the trace of the event that made the order ready (the checkout's), when there is one.
    const traced = intent.traceparent
      ? inSpan('authorize payment', { parent: contextFromTraceparent(intent.traceparent) }, authorize)
      : authorize();
    const task = traced
      .then((change) => {
        if (change) opts.onChange?.(change);
      })
      .catch((err: Error) =>
        // The claim expires and another pass retries it.
        log.error({ err: err.message, orderId: intent.orderId }, 'authorization failed; will retry'),
      )
      .finally(() => {
        inFlight.delete(task);
        wakeUp();
      });
    inFlight.add(task);
  };

  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      const room = max - inFlight.size;
      if (room > 0) {
        pending = false;
        try {
          const orders = await claimReadyOrders(opts.pool, room, opts.claimTimeoutMs ?? 30_000);
          claimed = orders.length;
          for (const o of orders) one(o);
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'cannot claim orders; retrying');
        }
        if (listener === undefined && !stopped) await listen();
      }
      if (stopped) break;
      // A full claim may have left more; a wake that came while claiming is not lost.
      if (room > 0 && (claimed === room || pending)) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, opts.pollMs ?? 500);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = () => undefined;
    }
  })();

  return async () => {
    stopped = true;
    wake();
    await loop;
    await Promise.allSettled([...inFlight]);
    listener?.release();
  };
}
