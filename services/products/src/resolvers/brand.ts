import { isSeqKey, pageRequest, toConnection, type PageArgs } from '@shopgraph/platform';
import type { ProductsContext } from '../context.ts';

export const Brand = {
  // Nothing to load: products only adds a field to brands' entity.
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  products: async (brand: { id: string }, args: PageArgs, ctx: ProductsContext) => {
    const page = pageRequest(args, isSeqKey);
    return toConnection(
      await ctx.brandProducts.load({ brandId: brand.id.toLowerCase(), page }),
      page,
      (p) => p.seq,
    );
  },
};
