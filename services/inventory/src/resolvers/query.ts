import { normalizeProductId } from '../domain/read-stock.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  stockLevel: (_, args, ctx) => ctx.stockByProductId.load(normalizeProductId(args.productId)),
};
