import { normalizeProductId } from '../domain/read-stock.ts';
import type { ProductResolvers } from '../generated/resolvers.ts';

export const Product: ProductResolvers = {
  // The representation is all we need; stock and inStock load through the batched loader.
  __resolveReference: (ref) => ({ id: normalizeProductId(ref.id) }),
  stock: (product, _, ctx) => ctx.stockByProductId.load(product.id),
  inStock: async (product, _, ctx) => ((await ctx.stockByProductId.load(product.id))?.available ?? 0) > 0,
};
