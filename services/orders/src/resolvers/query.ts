import { readOrder } from '../domain/read-orders.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  order: (_, args, ctx) => readOrder(ctx.identity, args.id, (id) => ctx.orderById.load(id)),
};
