import type { InventoryContext } from '../context.ts';

export const Query = {
  stockLevel: (_: unknown, args: { productId: string }, ctx: InventoryContext) =>
    ctx.stockByProductId.load(args.productId.toLowerCase()),
};
