import { isSeqKey, pageRequest, toConnection, type PageArgs } from '@shopgraph/platform';
import { findBrandBySlug, listBrands } from '../data/brand-repository.ts';
import type { BrandsContext } from '../context.ts';

export const Query = {
  brand: (_: unknown, args: { id: string }, ctx: BrandsContext) => ctx.brandById.load(args.id),
  brandBySlug: (_: unknown, args: { slug: string }, ctx: BrandsContext) => findBrandBySlug(ctx.pool, args.slug),
  brands: async (_: unknown, args: PageArgs, ctx: BrandsContext) => {
    const page = pageRequest(args, isSeqKey);
    return toConnection(await listBrands(ctx.pool, page), page, (brand) => brand.seq);
  },
};
