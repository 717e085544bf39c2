import { registerBrand } from '../domain/register-brand.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  registerBrand: (_, args, ctx) => registerBrand(ctx.pool, ctx.identity, args.input, ctx.publish),
};
