import {
  conflict,
  isUuid,
  notFound,
  requireAuthenticated,
  requireCustomer,
  withTransaction,
  type Identity,
  type Pool,
} from '@shopgraph/platform';
import { lockOrder } from '../data/order-repository.ts';
import type { Order } from './model.ts';
import type { OrderEffects } from './changes.ts';
import { CANCELLABLE, cancelRefusal } from './lifecycle.ts';
import { applyTransition } from './transition.ts';

/**
 * Cancels a PENDING or CONFIRMED order for its customer or admin (OrderCancelled; inventory
 * releases the stock and payments voids the authorization on it). A cancelled order is
 * returned as it is; a shipped, delivered or already-failed one is a CONFLICT, and so is one
 * whose dispatch orders has accepted (accept-dispatch.ts): the row lock taken here is the one
 * the acceptance takes, so of a cancel and a dispatch exactly one wins.
 */
export async function cancelOrder(
  pool: Pool,
  effects: OrderEffects,
  identity: Identity,
  id: string,
): Promise<Order> {
  const caller = requireAuthenticated(identity);
  if (!isUuid(id)) throw notFound('no such order');
  return withTransaction(pool, async (tx) => {
    const order = await lockOrder(tx, id);
    if (order === null) throw notFound('no such order');
    requireCustomer(caller, order.customerId);
    if (order.status === 'CANCELLED') return order;
    const refusal =
      order.dispatchAcceptedAt !== null && CANCELLABLE.includes(order.status)
        ? 'the order is being dispatched; it can no longer be cancelled'
        : cancelRefusal(order.status);
    if (refusal !== null) throw conflict(refusal);
    const reason = caller.role === 'admin' ? 'cancelled by an admin' : 'cancelled by the customer';
    const changed = await applyTransition(tx, effects, id, { to: 'CANCELLED', reason });
    return changed!.order; // the row lock above keeps the status we checked
  });
}
