import { cancelOrder } from '../domain/cancel-order.ts';
import { placeOrder } from '../domain/place-order.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  placeOrder: (_, args, ctx) => placeOrder(ctx.pool, ctx.effects, ctx.identity, args.input),
  cancelOrder: (_, args, ctx) => cancelOrder(ctx.pool, ctx.effects, ctx.identity, args.id),
};
