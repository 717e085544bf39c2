import { normalizeSku, readProducts, visibleProduct } from '../domain/read-products.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  product: async (_, args, ctx) => visibleProduct(ctx.identity, await ctx.productById.load(args.id)),
  productBySku: async (_, args, ctx) =>
    visibleProduct(ctx.identity, await ctx.productBySku.load(normalizeSku(args.sku))),
  products: (_, args, ctx) => readProducts(ctx.pool, ctx.identity, args),
};
