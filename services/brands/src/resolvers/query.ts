import { readBrandBySlug, readBrands } from '../domain/read-brands.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  brand: (_, args, ctx) => ctx.brandById.load(args.id),
  brandBySlug: (_, args, ctx) => readBrandBySlug(ctx.pool, args.slug),
  brands: (_, args, ctx) => readBrands(ctx.pool, args),
};
