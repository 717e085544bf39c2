import type { OrdersContext } from '../context.ts';
import type { Order as OrderRow, OrderLine } from '../data/order-repository.ts';
import { readOrder } from '../domain/read-orders.ts';

export const Order = {
  // Other subgraphs' fields (Payment.order, ...) reach orders here: same owner-or-admin rule.
  __resolveReference: (ref: { id: string }, ctx: OrdersContext) =>
    readOrder(ctx.identity, ref.id, (id) => ctx.orderById.load(id)),
  customer: (order: OrderRow) => ({ __typename: 'Customer', id: order.customerId }),
  lines: async (order: OrderRow, _: unknown, ctx: OrdersContext) =>
    (await ctx.linesByOrderId.load(order.id)).map((line: OrderLine) => ({
      ...line,
      product: { __typename: 'Product', id: line.productId },
    })),
  statusHistory: (order: OrderRow, _: unknown, ctx: OrdersContext) => ctx.historyByOrderId.load(order.id),
};
