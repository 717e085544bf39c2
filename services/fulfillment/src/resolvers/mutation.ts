import type { FulfillmentContext } from '../context.ts';
import { dispatchShipment, markDelivered, type DispatchInput } from '../domain/ship.ts';

export const Mutation = {
  dispatchShipment: (_: unknown, args: DispatchInput, ctx: FulfillmentContext) =>
    dispatchShipment(ctx.pool, ctx.identity, args, ctx.defaultCarrier, ctx.publish),
  markDelivered: (_: unknown, args: { id: string }, ctx: FulfillmentContext) =>
    markDelivered(ctx.pool, ctx.identity, args.id, ctx.publish),
};
