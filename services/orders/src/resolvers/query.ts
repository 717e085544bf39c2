import type { OrdersContext } from '../context.ts';
import { readOrder } from '../domain/read-orders.ts';

export const Query = {
  order: (_: unknown, args: { id: string }, ctx: OrdersContext) =>
    readOrder(ctx.identity, args.id, (id) => ctx.orderById.load(id)),
};
