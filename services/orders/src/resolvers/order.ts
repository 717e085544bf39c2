import { readOrder, withProducts } from '../domain/read-orders.ts';
import type { OrderResolvers } from '../generated/resolvers.ts';

export const Order: OrderResolvers = {
  // Other subgraphs' fields (Payment.order, ...) reach orders here: same owner-or-admin rule.
  __resolveReference: (ref, ctx) => readOrder(ctx.identity, ref.id, (id) => ctx.orderById.load(id)),
  customer: (order) => ({ __typename: 'Customer', id: order.customerId }),
  lines: async (order, _, ctx) => withProducts(await ctx.linesByOrderId.load(order.id)),
  statusHistory: (order, _, ctx) => ctx.historyByOrderId.load(order.id),
};
