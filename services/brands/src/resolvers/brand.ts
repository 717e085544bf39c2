import type { BrandResolvers } from '../generated/resolvers.ts';

export const Brand: BrandResolvers = {
  __resolveReference: (ref, ctx) => ctx.brandById.load(ref.id),
};
