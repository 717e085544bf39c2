import type { PoolClient } from '@shopgraph/platform';
import { updateStatus } from '../data/order-repository.ts';
import type { OrderEffects, Transition } from './changes.ts';
import { sourcesOf } from './lifecycle.ts';
import type { TransitionedOrder } from './model.ts';

/** The history row's reason: why, when the status alone does not say it. */
export function reasonOf(t: Transition): string | null {
  switch (t.to) {
    case 'REJECTED':
      return `not enough stock for ${t.shortLines.length} line(s)`;
    case 'PAYMENT_FAILED':
      return `payment declined: ${t.reason}`;
    case 'CANCELLED':
      return t.reason;
    default:
      return null;
  }
}

/**
 * Applies `t` when the lifecycle table allows it from the order's current status, and publishes
 * its event in the same transaction; null (nothing written) when it does not, e.g. a
 * PaymentAuthorized for an order the sweeper already cancelled, or the same event twice.
 */
export async function applyTransition(
  tx: PoolClient,
  effects: OrderEffects,
  orderId: string,
  t: Transition,
): Promise<TransitionedOrder | null> {
  const change = await updateStatus(tx, {
    orderId,
    from: sourcesOf(t.to),
    to: t.to,
    reason: reasonOf(t),
    paymentId: 'paymentId' in t ? t.paymentId : undefined,
    shipmentId: 'shipmentId' in t ? t.shipmentId : undefined,
  });
  if (change === null) return null;
  await effects.publish(tx, { type: 'transitioned', change, transition: t });
  effects.observe(change.from, t.to, change.order);
  return change;
}
