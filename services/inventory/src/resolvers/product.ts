import type { InventoryContext } from '../context.ts';

export const Product = {
  // The representation is all we need; stock and inStock load through the batched loader.
  __resolveReference: (ref: { id: string }) => ({ id: ref.id.toLowerCase() }),
  stock: (product: { id: string }, _: unknown, ctx: InventoryContext) =>
    ctx.stockByProductId.load(product.id),
  inStock: async (product: { id: string }, _: unknown, ctx: InventoryContext) =>
    ((await ctx.stockByProductId.load(product.id))?.available ?? 0) > 0,
};
