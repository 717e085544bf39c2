import { adjustStock, setStock } from '../domain/change-stock.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  setStock: (_, args, ctx) => setStock(ctx.stock, args.input),
  adjustStock: (_, args, ctx) => adjustStock(ctx.stock, args.input),
};
