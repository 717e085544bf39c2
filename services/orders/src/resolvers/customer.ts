import { isSeqKey, pageRequest, toConnection, type PageArgs } from '@shopgraph/platform';
import type { OrdersContext } from '../context.ts';
import { listCustomerOrders } from '../data/order-repository.ts';
import { requireOrdersOf } from '../domain/read-orders.ts';

export const Customer = {
  // Nothing to load: orders only adds a field to customers' entity.
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  orders: async (customer: { id: string }, args: PageArgs, ctx: OrdersContext) => {
    requireOrdersOf(ctx.identity, customer.id);
    const page = pageRequest(args, isSeqKey);
    const rows = await listCustomerOrders(ctx.pool, customer.id, page);
    return toConnection(rows, page, (o) => o.seq);
  },
};
