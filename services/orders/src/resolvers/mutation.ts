import type { OrdersContext } from '../context.ts';
import { cancelOrder } from '../domain/cancel-order.ts';
import { placeOrder } from '../domain/place-order.ts';
import type { PlaceOrderInput } from '../domain/validate-order.ts';

export const Mutation = {
  placeOrder: (_: unknown, args: { input: PlaceOrderInput }, ctx: OrdersContext) =>
    placeOrder(ctx.pool, ctx.effects, ctx.identity, args.input),
  cancelOrder: (_: unknown, args: { id: string }, ctx: OrdersContext) =>
    cancelOrder(ctx.pool, ctx.effects, ctx.identity, args.id),
};
