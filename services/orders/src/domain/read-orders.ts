import {
  readOwned,
  requireCustomer,
  seqPage,
  type Connection,
  type Identity,
  type PageArgs,
  type Queryable,
} from '@shopgraph/platform';
import { listCustomerOrders } from '../data/order-repository.ts';
import type { Order, OrderLine, OrderLineView } from './model.ts';

/**
 * An order for its customer or admin. Anonymous callers are refused before any read; anyone
 * else learns only that they may not see it (FORBIDDEN, no data).
 */
export const readOrder = (identity: Identity, id: string, load: (id: string) => Promise<Order | null>) =>
  readOwned(identity, id, load, (order) => order.customerId);

/** A customer's orders, newest first: theirs and admin's alone. */
export async function readCustomerOrders(
  identity: Identity,
  db: Queryable,
  customerId: string,
  args: PageArgs,
): Promise<Connection<Order>> {
  requireCustomer(identity, customerId);
  return seqPage(args, (page) => listCustomerOrders(db, customerId, page));
}

/** An order's lines, each naming its product for the gateway to resolve. */
export const withProducts = (lines: readonly OrderLine[]): OrderLineView[] =>
  lines.map((line) => ({ ...line, product: { __typename: 'Product', id: line.productId } }));
