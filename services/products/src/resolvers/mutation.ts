import { upsertProduct } from '../domain/upsert-product.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  upsertProduct: (_, args, ctx) => upsertProduct(ctx.pool, ctx.identity, args.input, ctx.publish),
};
