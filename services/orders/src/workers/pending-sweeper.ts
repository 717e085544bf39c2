import type { ServiceDeps } from '@shopgraph/platform';
import type { OrderEffects } from '../domain/changes.ts';
import { sweepPending } from '../domain/sweep-pending.ts';

export interface SweeperOptions {
  /** A PENDING order older than this is cancelled. */
  readonly pendingTimeoutMs: number;
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
