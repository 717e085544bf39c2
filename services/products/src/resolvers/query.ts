import { normalizeSku, readProducts } from '../domain/read-products.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  product: (_, args, ctx) => ctx.productById.load(args.id),
  productBySku: (_, args, ctx) => ctx.productBySku.load(normalizeSku(args.sku)),
  products: (_, args, ctx) => readProducts(ctx.pool, ctx.identity, args),
};
