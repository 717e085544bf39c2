import type { ServiceDeps } from '@shopgraph/platform';
import type { OrderEffects } from '../domain/changes.ts';
import { sweepAwaitingAddress, sweepPending } from '../domain/sweep-pending.ts';

export interface SweeperOptions {
  /** A PENDING order older than this is cancelled. */
  readonly pendingTimeoutMs: number;
  /** An order still waiting for its shipping address after this is cancelled. */
  readonly addressWaitMs: number;
  /** How often to look. */
  readonly intervalMs: number;
}

/**
 * Every `intervalMs`, cancels PENDING orders past the timeout (rows claimed with SKIP LOCKED,
 * so replicas share the work). Returns its stopper, which waits for a sweep in progress.
 */
export function startPendingSweeper(
  deps: ServiceDeps,
  effects: OrderEffects,
  opts: SweeperOptions,
): () => Promise<void> {
  const log = deps.logger.child({ component: 'pending-sweeper' });
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        const cancelled = await sweepPending(deps.pool, effects, opts.pendingTimeoutMs);
        if (cancelled > 0) log.info({ cancelled }, 'cancelled PENDING orders past the timeout');
        const unknown = await sweepAwaitingAddress(deps.pool, effects, opts.addressWaitMs);
        if (unknown > 0) log.info({ cancelled: unknown }, 'cancelled orders whose address never arrived');
      } catch (err) {
        log.warn({ err }, 'sweep failed; retrying at the next interval');
      }
    });
  }, opts.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
