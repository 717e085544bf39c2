import type { PoolClient } from '@shopgraph/platform';
import { acceptDispatch } from '../data/order-repository.ts';
import type { OrderEffects } from './changes.ts';

/**
 * ShipmentDispatchRequested: orders is the arbiter between a dispatch and a cancel. Accepting
 * takes the order's row lock (the one cancelOrder and the sweeper take), so it either sees the
 * order CANCELLED and does nothing (fulfillment cancels the shipment on OrderCancelled), or
 * marks it accepted and announces OrderDispatchAccepted, after which every cancel is refused
 * and fulfillment ships. PENDING is accepted too: a shipment exists only for an authorized
 * payment, whose PaymentAuthorized may not have reached orders yet. A repeat does nothing.
 */
export async function onDispatchRequested(
  tx: PoolClient,
  effects: OrderEffects,
  orderId: string,
  shipmentId: string,
): Promise<boolean> {
  const order = await acceptDispatch(tx, orderId, shipmentId);
  if (order === null) return false;
  await effects.publish(tx, { type: 'dispatchAccepted', order, shipmentId });
  return true;
}
