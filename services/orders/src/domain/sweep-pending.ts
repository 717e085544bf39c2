import { withTransaction, type Pool } from '@shopgraph/platform';
import { lockStalePending } from '../data/order-repository.ts';
import type { OrderEffects } from './changes.ts';
import { applyTransition } from './transition.ts';

export const PENDING_TIMEOUT_REASON = 'still pending after the checkout timeout';

/**
 * Cancels PENDING orders older than `timeoutMs`, `batch` per transaction, until none is left;
 * returns how many. Rows are taken with SKIP LOCKED, so replicas sweeping at once share the
 * work instead of doing it twice, and an order a handler is confirming right now is left alone.
 */
export async function sweepPending(
  pool: Pool,
  effects: OrderEffects,
  timeoutMs: number,
  batch = 100,
): Promise<number> {
  let cancelled = 0;
  for (;;) {
    const done = await withTransaction(pool, async (tx) => {
      const ids = await lockStalePending(tx, new Date(Date.now() - timeoutMs), batch);
      for (const id of ids)
        if (await applyTransition(tx, effects, id, { to: 'CANCELLED', reason: PENDING_TIMEOUT_REASON }))
          cancelled++;
      return ids.length;
    });
    if (done < batch) return cancelled;
  }
}
