import { adjustStock, setStock, type AdjustStockInput, type SetStockInput } from '../domain/change-stock.ts';
import type { InventoryContext } from '../context.ts';

export const Mutation = {
  setStock: (_: unknown, args: { input: SetStockInput }, ctx: InventoryContext) =>
    setStock(ctx.stock, args.input),
  adjustStock: (_: unknown, args: { input: AdjustStockInput }, ctx: InventoryContext) =>
    adjustStock(ctx.stock, args.input),
};
