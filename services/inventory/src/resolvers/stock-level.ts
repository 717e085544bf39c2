import { isSeqKey, pageRequest, toConnection, type PageArgs } from '@shopgraph/platform';
import { listMovements, type StockLevel as StockLevelRow } from '../data/stock-repository.ts';
import type { InventoryContext } from '../context.ts';

export const StockLevel = {
  __resolveReference: (ref: { productId: string }, ctx: InventoryContext) =>
    ctx.stockByProductId.load(ref.productId.toLowerCase()),
  movements: async (level: StockLevelRow, args: PageArgs, ctx: InventoryContext) => {
    const page = pageRequest(args, isSeqKey);
    return toConnection(await listMovements(ctx.pool, level.productId, page), page, (m) => m.seq);
  },
};
