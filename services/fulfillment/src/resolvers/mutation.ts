import { dispatchShipment, markDelivered } from '../domain/ship.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  dispatchShipment: (_, args, ctx) =>
    dispatchShipment(
      ctx.pool,
      ctx.identity,
      args,
      { defaultCarrier: ctx.defaultCarrier, waitMs: ctx.dispatchWaitMs },
      ctx.publish,
    ),
  markDelivered: (_, args, ctx) => markDelivered(ctx.pool, ctx.identity, args.id, ctx.publish),
};
