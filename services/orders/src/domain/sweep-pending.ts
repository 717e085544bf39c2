import { withTransaction, type Pool, type PoolClient } from '@shopgraph/platform';
import { lockStaleAwaitingAddress, lockStalePending } from '../data/order-repository.ts';
import { UNKNOWN_ADDRESS_REASON } from './await-address.ts';
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
  return sweep(pool, effects, batch, PENDING_TIMEOUT_REASON, (tx) =>
    lockStalePending(tx, new Date(Date.now() - timeoutMs), batch),
  );
}

/**
 * Cancels orders still waiting for their shipping address (placeOrder named an address the
 * read model never learned) after `waitMs`, the same way; returns how many.
 */
export async function sweepAwaitingAddress(
  pool: Pool,
  effects: OrderEffects,
  waitMs: number,
  batch = 100,
): Promise<number> {
  return sweep(pool, effects, batch, UNKNOWN_ADDRESS_REASON, (tx) =>
    lockStaleAwaitingAddress(tx, new Date(Date.now() - waitMs), batch),
  );
}

async function sweep(
  pool: Pool,
  effects: OrderEffects,
  batch: number,
  reason: string,
  lock: (tx: PoolClient) => Promise<string[]>,
): Promise<number> {
  let cancelled = 0;
  for (;;) {
    const done = await withTransaction(pool, async (tx) => {
      const ids = await lock(tx);
      for (const id of ids)
        if (await applyTransition(tx, effects, id, { to: 'CANCELLED', reason })) cancelled++;
      return ids.length;
    });
    if (done < batch) return cancelled;
  }
}
