import {
  badUserInput,
  isSeqKey,
  isUuid,
  pageRequest,
  toConnection,
  type PageArgs,
} from '@shopgraph/platform';
import { listProducts, type ProductFilter, type ProductStatus } from '../data/product-repository.ts';
import type { ProductsContext } from '../context.ts';

interface ProductsArgs extends PageArgs {
  readonly filter?: {
    readonly brandId?: string | null;
    readonly category?: string | null;
    readonly status?: ProductStatus | null;
    readonly search?: string | null;
  } | null;
}

function toFilter(args: ProductsArgs['filter']): ProductFilter | null {
  const brandId = args?.brandId ?? undefined;
  // A brand id that is not a UUID cannot match: an empty page, not an error.
  if (brandId !== undefined && !isUuid(brandId)) return null;
  const search = args?.search?.trim() || undefined;
  if (search !== undefined && search.length > 100)
    throw badUserInput('filter.search must be at most 100 characters', 'filter.search');
  return {
    brandId: brandId?.toLowerCase(),
    category: args?.category?.trim().toLowerCase() || undefined,
    status: args?.status ?? 'ACTIVE',
    search,
  };
}

export const Query = {
  product: (_: unknown, args: { id: string }, ctx: ProductsContext) => ctx.productById.load(args.id),
  productBySku: (_: unknown, args: { sku: string }, ctx: ProductsContext) =>
    ctx.productBySku.load(args.sku.trim().toUpperCase()),
  products: async (_: unknown, args: ProductsArgs, ctx: ProductsContext) => {
    const page = pageRequest(args, isSeqKey);
    const filter = toFilter(args.filter);
    return toConnection(filter ? await listProducts(ctx.pool, filter, page) : [], page, (p) => p.seq);
  },
};
