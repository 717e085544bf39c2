import {
  forbidden,
  requireBrand,
  requireRole,
  type Authenticated,
  type Identity,
  type Queryable,
} from '@shopgraph/platform';
import { findProductBrand, upsertProductBrand } from '../data/product-brand-repository.ts';

/**
 * Inventory learns which brand owns a product from ProductUpserted, never by calling products,
 * so a stock write is authorized from local data in the write's own transaction.
 */
export const recordProductBrand = (tx: Queryable, productId: string, brandId: string) =>
  upsertProductBrand(tx, productId.toLowerCase(), brandId.toLowerCase());

/** Who may write stock at all: admin and brand tokens (anonymous: UNAUTHENTICATED, others: FORBIDDEN). */
export const requireStockWriter = (identity: Identity): Authenticated =>
  requireRole(identity, 'admin', 'brand');

/**
 * Admin may write any product's stock; a brand only a product inventory knows to be its own.
 * A product not known here (yet) is FORBIDDEN for a brand: it cannot be shown to be theirs.
 */
export async function authorizeStockWrite(
  db: Queryable,
  caller: Authenticated,
  productId: string,
): Promise<void> {
  if (caller.role === 'admin') return;
  const brandId = await findProductBrand(db, productId);
  if (brandId === null) throw forbidden();
  requireBrand(caller, brandId);
}
