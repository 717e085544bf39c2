import { normalizeProductId, readMovements } from '../domain/read-stock.ts';
import type { StockLevelResolvers } from '../generated/resolvers.ts';

export const StockLevel: StockLevelResolvers = {
  __resolveReference: (ref, ctx) => ctx.stockByProductId.load(normalizeProductId(ref.productId)),
  movements: (level, args, ctx) => readMovements(ctx.pool, level.productId, args),
};
