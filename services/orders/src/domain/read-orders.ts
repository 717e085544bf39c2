import { isUuid, requireAuthenticated, requireCustomer, type Identity } from '@shopgraph/platform';
import type { Order } from '../data/order-repository.ts';

/**
 * An order for its customer or admin. Anonymous callers are refused before any read; anyone
 * else learns only that they may not see it (FORBIDDEN, no data).
 */
export async function readOrder(
  identity: Identity,
  id: string,
  load: (id: string) => Promise<Order | null>,
): Promise<Order | null> {
  requireAuthenticated(identity);
  const order = isUuid(id) ? await load(id) : null;
  if (order === null) return null;
  requireCustomer(identity, order.customerId);
  return order;
}

/** A customer's order list is theirs and admin's alone. */
export function requireOrdersOf(identity: Identity, customerId: string): void {
  requireCustomer(identity, customerId);
}
