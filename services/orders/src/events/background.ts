import { serviceEvents } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';
import type { OrderEffects } from '../domain/effects.ts';
import { sweepPending } from '../domain/sweep-pending.ts';
import { pendingOrderGauges } from '../pending-metrics.ts';
import { orderHandlers } from './handlers.ts';

export interface BackgroundOptions {
  readonly group: string;
  readonly pendingTimeoutMs: number;
  /** 0: no sweeper. */
  readonly sweepIntervalMs: number;
}

/** The outbox relay, the consumer (group `opts.group`) and the PENDING-timeout sweeper. */
export function startBackground(effects: OrderEffects, opts: BackgroundOptions) {
  const events = serviceEvents({ service: 'orders', group: opts.group, handlers: orderHandlers(effects) });
  return async (deps: ServiceDeps): Promise<() => Promise<void>> => {
    const stopEvents = await events(deps);
    pendingOrderGauges(deps);
    const stopSweeper = opts.sweepIntervalMs > 0 ? startSweeper(deps, effects, opts) : async () => undefined;
    return async () => {
      await stopSweeper();
      await stopEvents();
    };
  };
}

function startSweeper(
  deps: ServiceDeps,
  effects: OrderEffects,
  opts: BackgroundOptions,
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
  }, opts.sweepIntervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
