import {
  badUserInput,
  forbidden,
  isUuid,
  requireRole,
  type Identity,
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

/**
 * Who may list which statuses: ACTIVE and DISCONTINUED (once public) anyone; DRAFT (not for
 * sale, maybe unannounced) only admin, or a brand its own drafts: without filter.brandId the
 * listing is narrowed to the caller's brand, another brand's id is FORBIDDEN. Anonymous callers
 * asking for drafts get UNAUTHENTICATED, customers FORBIDDEN.
 */
export function authorizeFilter(identity: Identity, filter: ProductFilter): ProductFilter {
  if (filter.status !== 'DRAFT') return filter;
  const caller = requireRole(identity, 'admin', 'brand');
  if (caller.role === 'admin') return filter;
  const own = caller.brandId.toLowerCase();
  if (filter.brandId !== undefined && filter.brandId !== own)
    throw forbidden('a brand may list only its own DRAFT products');
  return { ...filter, brandId: own };
}

/**
 * A product read by id or SKU, as the caller may see it: a DRAFT only for admin or its own brand,
 * null (as if absent) for anyone else, so an unannounced product does not leak by a guessed id.
 */
export function visibleProduct(identity: Identity, product: Product | null): Product | null {
  if (product === null || product.status !== 'DRAFT') return product;
  if (identity.role === 'admin') return product;
  if (identity.role === 'brand' && identity.brandId.toLowerCase() === product.brandId.toLowerCase())
    return product;
  return null;
}

/** One page of the catalog listing, in creation order. */
export async function readProducts(
  db: Queryable,
  identity: Identity,
  args: PageArgs & { readonly filter?: ProductFilterInput | null },
): Promise<Connection<Product>> {
  const parsed = toFilter(args.filter);
  const filter = parsed && authorizeFilter(identity, parsed);
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
