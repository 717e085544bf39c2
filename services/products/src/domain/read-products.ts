import {
  badUserInput,
  isUuid,
  seqPage,
  type Connection,
  type DataLoader,
  type PageArgs,
  type Queryable,
} from '@shopgraph/platform';
import type { BrandPageKey } from '../data/brand-products-loader.ts';
import { listProducts } from '../data/product-repository.ts';
import type { Product, ProductFilter, ProductStatus } from './model.ts';

/** The catalog filter as a client sends it (every field optional). */
export interface ProductFilterInput {
  readonly brandId?: string | null;
  readonly category?: string | null;
  readonly status?: ProductStatus | null;
  readonly search?: string | null;
}

/**
 * The listing's rules: ACTIVE only unless the filter names a status; a brand id that is not a
 * UUID cannot match (null: an empty page, not an error); search is trimmed and at most 100 characters.
 */
export function toFilter(input: ProductFilterInput | null | undefined): ProductFilter | null {
  const brandId = input?.brandId ?? undefined;
  if (brandId !== undefined && !isUuid(brandId)) return null;
  const search = input?.search?.trim() || undefined;
  if (search !== undefined && search.length > 100)
    throw badUserInput('filter.search must be at most 100 characters', 'filter.search');
  return {
    brandId: brandId?.toLowerCase(),
    category: input?.category?.trim().toLowerCase() || undefined,
    status: input?.status ?? 'ACTIVE',
    search,
  };
}

/** One page of the catalog listing, in creation order. */
export async function readProducts(
  db: Queryable,
  args: PageArgs & { readonly filter?: ProductFilterInput | null },
): Promise<Connection<Product>> {
  const filter = toFilter(args.filter);
  return seqPage(args, async (page) => (filter ? listProducts(db, filter, page) : []));
}

/** SKUs are stored uppercase; a lookup matches whatever case the client sent. */
export const normalizeSku = (sku: string): string => sku.trim().toUpperCase();

/** One page of a brand's ACTIVE products, through the per-request loader that batches all brands. */
export async function readBrandProducts(
  load: DataLoader<BrandPageKey, Product[], string>,
  brandId: string,
  args: PageArgs,
): Promise<Connection<Product>> {
  return seqPage(args, (page) => load.load({ brandId: brandId.toLowerCase(), page }));
}
